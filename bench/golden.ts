/**
 * Golden hashes for behaviour-preserving optimisation of the core.
 *
 *   node dist/bench/golden.js                      print the hashes (JSON)
 *   node dist/bench/golden.js --check FILE         compare with a saved print; exit 1 on a difference
 *   node dist/bench/golden.js --check bench/golden.json
 *
 * bench/golden.json holds the hashes of the model before the performance work;
 * re-record it (`node dist/bench/golden.js > bench/golden.json`) when the model's
 * behaviour changes on purpose.
 *
 * Two kinds of hash:
 * - `cli:*`: sha256 of timeseries.csv and market.csv written by `loyalty-sim run` (what a
 *   user sees; the project's official golden runs);
 * - `core:*`: sha256 of every result column's raw float64 bytes, the events and the final
 *   distributions, straight from `simulate` — stricter than the CSV (no rounding), and
 *   over scenarios that exercise contracts, 12 firms, strategies, targeted programs,
 *   partial awareness and advertising promises.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOutputs } from '../src/io/manifest.js';
import { runDir } from '../src/report/run-files.js';
import { simulate, simulateThreaded } from '../src/model/simulate.js';
import type { RunResult } from '../src/model/results.js';
import type { Scenario } from '../src/model/schema.js';
import { loadScenario } from '../src/scenario/load.js';
import { fullModel, PROGRAMS_FROM_START, twelveFirmOverrides } from './cases.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

export function hashResult(result: RunResult): string {
  const h = createHash('sha256');
  for (const group of [result.firm, result.market] as Record<string, Float64Array>[]) {
    for (const name of Object.keys(group).sort()) {
      const column = group[name];
      h.update(name);
      h.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    }
  }
  h.update(JSON.stringify(result.events));
  h.update(JSON.stringify(result.final));
  return h.digest('hex');
}

const STRESS = [
  ...twelveFirmOverrides(),
  'firms.Aurora.strategy.price={policy: markup, noise: 0.1}',
  'firms.Boreal.strategy.price={policy: adaptive}',
  'firms.Delta.strategy.program={policy: imitate, probability: 0.7}',
  'firms.Echo.program={enabled: true, enrolment: targeted, targetSegments: [business], minBasketValue: 2}',
  'firms.Fjord.awareness=0.4',
  'firms.Gale.promise=0.85',
  'firms.Haze.failureMix={agreementNotKept: 3, lackOfAttention: 1}',
  'firms.Isle.contract={termPeriods: 13, discount: 0.2, exitFee: 5, acceptance: 0.6}',
  'wordOfMouth.advertisingAwareness=0.01',
];

const CORE_CASES: { name: string; seed: number; scenario: () => Scenario }[] = [
  { name: 'theatre-3', seed: 3, scenario: () => loadScenario('theatre', { customers: 5000, periods: 120 }).scenario },
  { name: 'baseline-5', seed: 5, scenario: () => loadScenario('baseline', { customers: 5000, periods: 120 }).scenario },
  { name: 'full-7', seed: 7, scenario: () => fullModel(6000, 260) },
  { name: 'stress-11', seed: 11, scenario: () => fullModel(5000, 200, STRESS) },
  { name: 'first-mover-2', seed: 2, scenario: () => loadScenario('first-mover', { customers: 3000, periods: 150 }).scenario },
  // Five blocks, loud word of mouth: many messages cross between threads' ranges.
  { name: 'chatty-13', seed: 13, scenario: () => fullModel(20_000, 60, [...PROGRAMS_FROM_START, 'wordOfMouth.referralProbability=0.6', 'wordOfMouth.negativeProbability=0.6', 'wordOfMouth.advertisingAwareness=0.02', 'firms.Boreal.awareness=0.3']) },
];

function cliHashes(scenario: string, seed: number): Record<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'golden-'));
  try {
    execFileSync(process.execPath, [cli, 'run', scenario, '--seed', String(seed), '--customers', '5000', '--periods', '120', '--out', out, '--no-charts', '--quiet'], { stdio: 'inherit' });
    const hashes = hashOutputs(runDir(out, scenario, seed));
    return Object.fromEntries(['timeseries.csv', 'market.csv'].map((name) => [`cli:${scenario}-${seed}:${name}`, hashes[name]]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const hashes: Record<string, string> = {
    ...cliHashes('theatre', 3),
    ...cliHashes('baseline', 5),
  };
  for (const c of CORE_CASES) {
    const scenario = c.scenario();
    const hash = hashResult(simulate(scenario, c.seed));
    hashes[`core:${c.name}`] = hash;
    // The same run split over 2 and 3 threads (down to one block a thread, so that the
    // small cases are split too): the same bits.
    for (const threads of [2, 3]) {
      const other = hashResult(await simulateThreaded(scenario, c.seed, { threads, minBlocksPerThread: 1 }));
      if (other !== hash) hashes[`core:${c.name}:threads-${threads}`] = other; // only shown when they differ
    }
  }
  const checkAt = args.indexOf('--check');
  if (checkAt < 0) {
    process.stdout.write(JSON.stringify(hashes, null, 2) + '\n');
    return;
  }
  const expected = JSON.parse(readFileSync(args[checkAt + 1], 'utf8')) as Record<string, string>;
  let bad = 0;
  for (const [key, value] of Object.entries(expected)) {
    const ok = hashes[key] === value;
    if (!ok) bad++;
    process.stdout.write(`${ok ? 'same' : 'DIFF'}  ${key}\n`);
  }
  for (const key of Object.keys(hashes).filter((k) => !(k in expected))) {
    const split = key.includes(':threads-');
    if (split) bad++;
    process.stdout.write(split ? `DIFF  ${key} (a threaded run differs from simulate())\n` : `new   ${key} (not in the reference)\n`);
  }
  process.exitCode = bad > 0 ? 1 : 0;
}

await main();
