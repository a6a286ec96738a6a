#!/usr/bin/env node
/**
 * Writes docs/scenarios.md (and the charts in docs/scenarios/) from real runs of the
 * scenario library: compiles scripts/scenarios-doc.ts with the project's TypeScript into
 * node_modules/.cache, then runs it. Options go through:
 *
 *   node scripts/scenarios-doc.mjs [--seeds 8] [--customers 6000] [--only id,id] [--no-charts]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const built = spawnSync(tsc, ['-p', join(root, 'scripts', 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('scenarios-doc: TypeScript build failed');
  process.exit(1);
}
process.chdir(root);
const { main } = await import(pathToFileURL(join(root, 'node_modules', '.cache', 'loyalty-sim-scenarios-doc', 'scripts', 'scenarios-doc.js')).href);
await main(process.argv.slice(2));
