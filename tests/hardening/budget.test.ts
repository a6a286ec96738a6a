/**
 * One memory budget for every command, a cap on workers and on experiment sizes, and an
 * unusable --out refused at once. Reproductions: replicate with 10⁸ customers × 4 workers
 * ran into the OOM killer; --max-memory was ignored outside run; --workers 1024 started
 * 1,035 threads; grid --vary clutter=0:1:100000 ran for minutes and died; --out /proc/xx
 * hung at 100% CPU. Each is now refused with exit 2 before any work: no output folder.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { BASELINE_BYTES, BYTES_PER_THREAD, checkMemoryBudget, estimateBudgetBytes, estimateRunBytes } from '../../src/model/memory.js';
import { pseudoFileSystem } from '../../src/cli/common.js';
import { checkExperimentSize, MAX_POINTS, MAX_RUNS, maxWorkers, parseWorkers } from '../../src/experiment/engine/args.js';
import { InputError } from '../../src/errors.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('budget');
});
afterAll(() => removeDir(tmp));

const MB = 1024 * 1024;

describe('the budget', () => {
  it('counts the process once, each run in flight and each worker thread', () => {
    const perRun = estimateRunBytes(50_000, 4, 104) - BASELINE_BYTES;
    expect(estimateBudgetBytes(50_000, 4, 104, 3, 3)).toBe(BASELINE_BYTES + 3 * perRun + 3 * BYTES_PER_THREAD);
    // More runs at once never need less.
    for (let k = 1; k < 8; k++) expect(estimateBudgetBytes(50_000, 4, 104, k + 1)).toBeGreaterThan(estimateBudgetBytes(50_000, 4, 104, k));
  });

  it('its suggestion fits, for several sizes and worker counts', () => {
    const scenario = (customers: number) => ({ name: 's', customers, periods: 52, firms: [{}, {}, {}] });
    for (const workers of [1, 2, 4]) {
      for (const limit of [512 * MB, 2048 * MB]) {
        let message = '';
        try {
          checkMemoryBudget(scenario(100_000_000), limit, workers);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          message = (e as InputError).message;
        }
        const fitting = Number(/--customers (\d+) or fewer/.exec(message)?.[1]);
        expect(fitting).toBeGreaterThan(0);
        expect(() => checkMemoryBudget(scenario(fitting), limit, workers)).not.toThrow();
        expect(() => checkMemoryBudget(scenario(fitting + 100), limit, workers)).toThrow(InputError);
      }
    }
  });

  it('workers are capped at twice the cores (at least 4)', () => {
    expect(maxWorkers()).toBe(Math.max(4, 2 * availableParallelism()));
    expect(parseWorkers(String(maxWorkers()))).toBe(maxWorkers());
    expect(() => parseWorkers(String(maxWorkers() + 1))).toThrow(/at most twice the \d+ cores of this machine/);
  });

  it('experiment sizes are capped, naming the total', () => {
    expect(() => checkExperimentSize(MAX_POINTS, 2)).not.toThrow();
    expect(() => checkExperimentSize(MAX_POINTS + 1, 2)).toThrow(`option --vary: ${(MAX_POINTS + 1).toLocaleString('en-US')} grid points is more than`);
    expect(() => checkExperimentSize(1000, 101)).toThrow('1,000 grid points × 101 seeds = 101,000 runs is more than 100,000');
    expect(MAX_RUNS).toBe(100_000);
  });

  it('kernel file systems are no place for results', () => {
    expect(pseudoFileSystem('/proc/xx')).toMatch(/proc/);
    expect(pseudoFileSystem('/sys/anything')).toMatch(/sysfs/);
    expect(pseudoFileSystem('/dev/zz')).toMatch(/\/dev/);
    expect(pseudoFileSystem(tmp)).toBeNull();
  });
});

describe('through the CLI: refused before any work', () => {
  const cases: { name: string; args: string[]; stderr: RegExp }[] = [
    { name: 'replicate 10⁸ customers × 4 workers', args: ['replicate', 'baseline', '--customers', '100000000', '--seeds', '4', '--workers', '4'], stderr: /^scenario baseline: customers: the run needs about \d+ GB of memory \(100000000 customers × 4 firms, 260 periods × 4 runs at once\)/ },
    { name: 'replicate honours --max-memory', args: ['replicate', 'baseline', '--customers', '200000', '--seeds', '4', '--workers', '2', '--max-memory', '150'], stderr: /× 2 runs at once\), more than the limit of 150 MB/ },
    { name: 'compare honours --max-memory', args: ['compare', 'baseline', 'first-mover', '--customers', '500000', '--seeds', '2', '--workers', '1', '--max-memory', '150'], stderr: /more than the limit of 150 MB/ },
    { name: 'grid honours --max-memory', args: ['grid', 'baseline', '--vary', 'clutter=0,1', '--customers', '500000', '--seeds', '2', '--workers', '1', '--max-memory', '150'], stderr: /more than the limit of 150 MB/ },
    { name: 'game honours --max-memory', args: ['game', 'baseline', '--customers', '500000', '--seeds', '2', '--workers', '1', '--max-memory', '150'], stderr: /more than the limit of 150 MB/ },
    { name: 'run honours --max-memory', args: ['run', 'baseline', '--customers', '500000', '--max-memory', '150'], stderr: /more than the limit of 150 MB/ },
    { name: '--workers 1024', args: ['replicate', 'baseline', '--workers', '1024'], stderr: /^option --workers: expected 'auto' or a whole number from 1 to \d+ \(at most twice the \d+ cores of this machine, or 4\), got 1024$/ },
    { name: 'grid of 100,000 points', args: ['grid', 'baseline', '--vary', 'clutter=0:1:100000'], stderr: /^option --vary: 100,000 grid points is more than 10,000; use fewer values, or --sample lhs:N$/ },
    { name: 'grid of 10⁶ points', args: ['grid', 'baseline', '--vary', 'clutter=0:1:1000', '--vary', 'behaviour.habitSmoothing=0:1:1000'], stderr: /^option --vary: 1,000,000 grid points/ },
    { name: 'grid of 5,000 points × 40 seeds', args: ['grid', 'baseline', '--vary', 'clutter=0:1:5000', '--seeds', '40'], stderr: /^option --seeds: 5,000 grid points × 40 seeds = 200,000 runs is more than 100,000/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out = join(tmp, c.name.replace(/\W+/g, '-'));
      const started = performance.now();
      const r = await cli([...c.args, '--out', out, '--quiet'], { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd()).toMatch(c.stderr);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out), 'an output folder was created').toBe(false);
      expect(performance.now() - started).toBeLessThan(15_000);
    });
  }

  it('--out under /proc is refused at once instead of hanging', async () => {
    const started = performance.now();
    const r = await cli(['run', 'baseline', '--customers', '200', '--periods', '5', '--out', '/proc/loyalty-sim-xx'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('option --out: expected a directory on a disk, but /proc is on a kernel file system (proc) (choose another --out)\n');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
