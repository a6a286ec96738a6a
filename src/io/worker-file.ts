/**
 * Where a compiled module of the project is, seen from any running module: the compiled
 * tree is the `src/` folder beside the bundled CLI (dist/cli/ → dist/src/), the one a
 * compiled module sits in (dist/src/…), or, under vitest, where the caller runs from the
 * TypeScript sources, the tree under dist/. Worker threads and esbuild need these files.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The compiled file `relativePath` (from the tree's src/, e.g. 'cli/run-thread.js'), found upward from the module at `moduleUrl`. */
export function compiledFile(moduleUrl: string, relativePath: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'src', relativePath), join(dir, 'dist', 'src', relativePath)]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) throw new Error(`compiled file src/${relativePath} not found above ${start} (run npm run build first)`);
  }
}

/** file:// URL of a worker thread's compiled entry file, e.g. compiledWorkerUrl(import.meta.url, 'experiment/worker.js'). */
export const compiledWorkerUrl = (moduleUrl: string, relativePath: string): string => pathToFileURL(compiledFile(moduleUrl, relativePath)).href;
