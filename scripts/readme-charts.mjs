#!/usr/bin/env node
/**
 * Regenerate the README's charts (docs/img/*.png) from real runs of the shipped scenarios,
 * with the CLI as a user runs it. Deterministic: the same version gives the same PNGs.
 *
 *   npm run build && node scripts/readme-charts.mjs
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const out = mkdtempSync(join(tmpdir(), 'readme-charts-'));
const target = join(root, 'docs', 'img');

function sim(...args) {
  console.log(`loyalty-sim ${args.join(' ')}`);
  const done = spawnSync(process.execPath, [cli, ...args, '--out', out, '--quiet'], { stdio: 'inherit' });
  if (done.status !== 0) throw new Error(`loyalty-sim ${args.join(' ')} failed (exit ${done.status}); did you run npm run build?`);
}

/** [command, chart under <out>, file name under docs/img] */
const charts = [
  [['run', 'first-mover', '--seed', '1'], 'first-mover/seed-1/charts/share.png', 'first-mover-share.png'],
  [['run', 'first-mover', '--seed', '1'], 'first-mover/seed-1/charts/costs.png', 'first-mover-costs.png'],
  [['game', 'theatre', '--seeds', '8', '--workers', 'auto'], 'theatre/game/charts/theatre.png', 'theatre-curve.png'],
];

try {
  const ran = new Set();
  mkdirSync(target, { recursive: true });
  for (const [command, chart, name] of charts) {
    const key = command.join(' ');
    if (!ran.has(key)) sim(...command);
    ran.add(key);
    copyFileSync(join(out, chart), join(target, name));
    console.log(`  → docs/img/${name}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
