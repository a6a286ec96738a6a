/** runMany, the entry point game and other commands use: order, determinism across worker counts, the cache. */
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { runMany } from '../../src/experiment/index.js';
import { encodeRun } from '../../src/experiment/engine/run-record.js';
import { tinyScenario } from '../helpers/scenario.js';
import { removeTempDirs, tempDir } from './cli-helpers.js';
import { ensureBuilt } from '../helpers/cli.js';

// The pool's workers load dist/workers/experiment/worker.js. Checking that it exists was not
// enough: another test file rebuilding a stale dist/ while these workers loaded it left
// them a half-written module graph (piscina then failed with Node's "module imported again
// after being required"). ensureBuilt waits for a build in progress, rebuilds a stale
// dist/ itself, and swaps a finished build in whole.
beforeAll(() => ensureBuilt());
afterAll(() => removeTempDirs());

suite('runMany', () => {
  const scenario = tinyScenario({ customers: 300, periods: 10 });
  const other = tinyScenario({ customers: 300, periods: 10, clutter: 0.4 });
  const jobs = [1, 2, 3].flatMap((seed) => [
    { scenario, seed, key: `a-${seed}` },
    { scenario: other, seed, key: `b-${seed}` },
  ]);

  it('returns records in job order, bit-identical for 1 and 2 workers', async () => {
    const one = await runMany(jobs, { workers: 1 });
    const two = await runMany(jobs, { workers: 2 });
    expect(one.map((r) => r.key)).toEqual(jobs.map((j) => j.key));
    expect(one.map((r) => Buffer.from(encodeRun(r)).toString('base64'))).toEqual(two.map((r) => Buffer.from(encodeRun(r)).toString('base64')));
    expect(one[0].summary.firms.map((f) => f.name)).toEqual(['A', 'B']);
  });

  it('with a store, a rerun computes nothing and returns the same records', async () => {
    const store = tempDir('store');
    let progress: number[] = [];
    const first = await runMany(jobs, { workers: 2, store, onProgress: (done) => progress.push(done) });
    expect(readdirSync(store).sort()).toEqual(jobs.map((j) => `${j.key}.bin`).sort());
    expect(progress.at(-1)).toBe(jobs.length);
    progress = [];
    const again = await runMany(jobs, { workers: 2, store, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([jobs.length]); // everything was already there
    expect(again.map((r) => Buffer.from(encodeRun(r)).toString('base64'))).toEqual(first.map((r) => Buffer.from(encodeRun(r)).toString('base64')));
    expect(existsSync(store)).toBe(true);
  });
});
