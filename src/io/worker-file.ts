/**
 * Where a worker thread's compiled file is: beside the calling module in dist. Under
 * vitest the caller runs from src (a .ts file), and workers need compiled JavaScript, so
 * the twin under dist is used instead.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** file:// URL of `workerFile` (e.g. 'worker.js') beside the module at `moduleUrl` (its import.meta.url). */
export function compiledWorkerUrl(moduleUrl: string, workerFile: string): string {
  const here = fileURLToPath(moduleUrl);
  let dir = dirname(here);
  if (here.endsWith('.ts')) {
    const srcPart = `${sep}src${sep}`;
    const i = dir.lastIndexOf(srcPart);
    dir = dir.slice(0, i) + `${sep}dist` + dir.slice(i);
  }
  const file = join(dir, basename(workerFile));
  if (!existsSync(file)) throw new Error(`worker file ${file} not found (run npm run build first)`);
  return pathToFileURL(file).href;
}
