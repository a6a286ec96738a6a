/**
 * The explorer's two browser scripts, bundled by esbuild when `explore` runs (tens of
 * milliseconds): the simulation worker (the model core, the scenario validation and
 * summarizeRun: the CLI's own code) and the page.
 *
 * The core's Node-only modules stay out by structure: the worker entry never imports
 * memory.ts, and parallel.ts (reached only through simulate's dynamic import on the
 * multi-thread path) is left external. `node:module` and the math sandbox's file
 * resolve to ./browser-require.ts, which hands expression strategies the sandbox,
 * bundled in. The file helpers of the
 * scenario loader (node:fs, node:path, node:url) are not on the validation path; in the
 * bundle each of their functions throws "not available in the browser" if ever called.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { compiledFile } from '../io/worker-file.js';

/** A module of this folder: beside this one (the compiled .js in dist/src/, the .ts source under vitest), else in the compiled tree (the bundled CLI). */
function sibling(base: string): string {
  for (const ext of ['.js', '.ts']) {
    const file = fileURLToPath(new URL(`${base}${ext}`, import.meta.url));
    if (existsSync(file)) return file;
  }
  return compiledFile(import.meta.url, `explore/${base.replace(/^\.\//, '')}.js`);
}

const UNAVAILABLE = 'node-unavailable';

/** Node built-ins for the browser: node:module gets the browser require, the rest named throwers. */
const nodeBuiltins: Plugin = {
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:|^(fs|path|url|os|module|worker_threads)$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (name === 'module') return { path: sibling('./browser-require') };
      if (!builtinModules.includes(name)) return undefined;
      return { path: name, namespace: UNAVAILABLE };
    });
    b.onLoad({ filter: /.*/, namespace: UNAVAILABLE }, async (args) => {
      const names = Object.keys(await import(`node:${args.path}`)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      const lines = names.map((n) => `export const ${n} = unavailable(${JSON.stringify(n)});`);
      return {
        contents: `function unavailable(name) { return function () { throw new Error("node:${args.path} " + name + " is not available in the browser"); }; }\n${lines.join('\n')}\nexport default {};\n`,
        loader: 'js',
      };
    });
    b.onResolve({ filter: /\/math-sandbox-file\.js$/ }, () => ({ path: sibling('./browser-require') }));
    // Threads within one run: never in the browser (simulate loads it only for more than one thread).
    b.onResolve({ filter: /\/parallel\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

export interface ExploreBundles {
  /** the worker script: started from a Blob URL (a page opened from disk cannot load worker files) */
  readonly worker: string;
  /** the page script */
  readonly page: string;
}

async function bundle(entry: string, plugins: Plugin[]): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    define: { 'import.meta.url': '"about:blank"' },
    logLevel: 'silent',
    plugins,
  });
  return out.outputFiles[0].text;
}

let cache: Promise<ExploreBundles> | undefined;
/** Both scripts (bundled once per process). */
export function exploreBundles(): Promise<ExploreBundles> {
  cache ??= Promise.all([bundle(sibling('./core-worker'), [nodeBuiltins]), bundle(sibling('./page/main'), [])]).then(([worker, page]) => ({ worker, page }));
  return cache;
}
