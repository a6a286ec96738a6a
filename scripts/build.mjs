#!/usr/bin/env node
// The build: tsc compiles src/ and bench/ into dist/ (or --outDir DIR), then esbuild
// bundles three things, so that a process or thread starts by reading a handful of files
// instead of some three hundred ES modules:
// - the CLI's main thread into DIR/cli/: one file per command plus shared chunks;
// - each worker thread's entry into DIR/workers/;
// - the strategy expressions' trimmed mathjs into DIR/math/sandbox.cjs.
// The compiled modules under DIR/src/ stay for the files found at run time (explore's
// browser entries); packages with native parts, worker files or files of their own to read
// (piscina, resvg, esbuild, vega) stay external, and mathjs outside the sandbox.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazyStringWidth } from './lazy-string-width.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--outDir');
const outDir = resolve(ROOT, at >= 0 ? args[at + 1] : 'dist');

execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });

/** Every bundle: for Node 20, with its dependencies inside. */
const NODE = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' };

/** The CLI's and the workers' bundles: ES modules, code split into shared chunks. */
const CHUNKED = {
  ...NODE,
  splitting: true,
  format: 'esm',
  external: ['piscina', '@resvg/resvg-js', 'esbuild', 'vega', 'vega-lite', 'vega-embed', 'mathjs', 'mathjs/*'],
  // CommonJS packages inside the bundle (seedrandom, cli-progress) call require()
  banner: { js: "import { createRequire as __loyaltySimRequire } from 'node:module';\nconst require = __loyaltySimRequire(import.meta.url);" },
};

/**
 * Worker-thread entries, bundled too: a thread that loads its ~160 compiled modules one by
 * one spends some 0.1 s of CPU before its first customer, and a test run starts hundreds of
 * threads. They land in DIR/workers/ under their path in src/ (worker-file.ts looks there
 * first).
 */
const WORKERS = ['cli/run-thread.js', 'experiment/engine/worker.js', 'model/parallel-worker.js'];

// chunk names carry content hashes: start from empty folders so no stale chunk stays
for (const dir of ['cli', 'workers', 'math']) rmSync(join(outDir, dir), { recursive: true, force: true });
await build({
  ...CHUNKED,
  entryPoints: { 'loyalty-sim': join(outDir, 'src', 'cli', 'main.js') },
  outdir: join(outDir, 'cli'),
  plugins: [lazyStringWidth],
});
// The strategy expressions' mathjs, bundled apart and loaded with require() on first use:
// only the functions it names are kept (src/model/strategy/math-sandbox.ts).
await build({
  ...NODE,
  format: 'cjs',
  entryPoints: [join(outDir, 'src', 'model', 'strategy', 'math-sandbox.js')],
  outfile: join(outDir, 'math', 'sandbox.cjs'),
});
await build({
  ...CHUNKED,
  entryPoints: Object.fromEntries(WORKERS.map((rel) => [rel.replace(/\.js$/, ''), join(outDir, 'src', rel)])),
  outdir: join(outDir, 'workers'),
});
