#!/usr/bin/env node
// The build: tsc compiles src/ and bench/ into dist/ (or --outDir DIR), then esbuild
// bundles the CLI's main thread into DIR/cli/: one file per command plus shared chunks,
// so that a command starts by reading a handful of files instead of some three hundred
// ES modules (about a quarter of a second less on every invocation). Worker threads keep
// loading the compiled modules under DIR/src/; packages with native parts, worker files
// or files of their own to read (piscina, resvg, esbuild, vega, mathjs) stay external.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--outDir');
const outDir = resolve(ROOT, at >= 0 ? args[at + 1] : 'dist');

execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT, stdio: 'inherit' });

// chunk names carry content hashes: start from an empty folder so no stale chunk stays
rmSync(join(outDir, 'cli'), { recursive: true, force: true });
await build({
  entryPoints: { 'loyalty-sim': join(outDir, 'src', 'cli', 'main.js') },
  outdir: join(outDir, 'cli'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['piscina', '@resvg/resvg-js', 'esbuild', 'vega', 'vega-lite', 'vega-embed', 'mathjs', 'mathjs/*'],
  // CommonJS packages inside the bundle (seedrandom, cli-progress) call require()
  banner: { js: "import { createRequire as __loyaltySimRequire } from 'node:module';\nconst require = __loyaltySimRequire(import.meta.url);" },
  logLevel: 'warning',
});
