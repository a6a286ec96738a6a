/**
 * Where a compiled module of the project is, seen from any running module: the compiled
 * tree is the `src/` folder beside the bundled CLI (dist/cli/ → dist/src/), the one a
 * compiled module sits in (dist/src/…), or, under vitest, where the caller runs from the
 * TypeScript sources, the tree under dist/. Worker threads, the math sandbox and esbuild
 * need these files; the build also bundles each worker thread's entry into workers/ and
 * the math sandbox into math/, beside src/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The compiled file `relativePath` (from the tree's src/, e.g. 'cli/run-thread.js'), found
 * upward from the module at `moduleUrl`; in the first of `trees` that has it at each level.
 */
export function compiledFile(moduleUrl: string, relativePath: string, trees: readonly string[] = ['src']): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    for (const tree of trees) {
      for (const candidate of [join(dir, tree, relativePath), join(dir, 'dist', tree, relativePath)]) {
        if (existsSync(candidate)) return candidate;
      }
    }
    if (dirname(dir) === dir) throw new Error(`compiled file ${trees.join(' or ')}/${relativePath} not found above ${start} (run npm run build first)`);
  }
}

/**
 * file:// URL of a worker thread's entry file, e.g. compiledWorkerUrl(import.meta.url,
 * 'experiment/engine/worker.js'): the bundled entry under workers/ (scripts/build.mjs) where there
 * is one, else the compiled module.
 */
export const compiledWorkerUrl = (moduleUrl: string, relativePath: string): string =>
  pathToFileURL(compiledFile(moduleUrl, relativePath, ['workers', 'src'])).href;
