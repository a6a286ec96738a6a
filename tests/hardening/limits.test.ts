/** Resource limits and option parsing, in process. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { FIRM_METRICS, MARKET_METRICS } from '../../src/model/metrics.js';
import { BASELINE_BYTES, checkMemoryBudget, defaultMemoryLimitBytes, estimateRunBytes, formatBytes } from '../../src/model/memory.js';
import { bytesPerCustomer } from '../../src/model/population.js';
import { checkOutputDir, loadOptionsFrom, type CommonArgs } from '../../src/cli/common.js';
import { intOption, maxWorkers, memoryLimitFrom, parseShard, parseWorkers, rawOptionText } from '../../src/experiment/engine/args.js';

const MB = 1024 * 1024;
const scenario = (customers: number, firms = 4, periods = 260) => ({ name: 'big', customers, periods, firms: Array.from({ length: firms }, () => ({})) });

describe('memory budget', () => {
  it('estimates per-customer, per-customer×firm and result columns', () => {
    expect(estimateRunBytes(0, 4, 0)).toBe(BASELINE_BYTES);
    for (const firms of [4, 12]) expect(estimateRunBytes(1000, firms, 0) - BASELINE_BYTES).toBe(1000 * bytesPerCustomer(firms));
    expect(estimateRunBytes(0, 4, 100) - BASELINE_BYTES).toBe(100 * (4 * FIRM_METRICS.length + MARKET_METRICS.length + 16) * 8);
  });

  it('lets the default scenario size through and refuses 100 million customers on a small budget', () => {
    expect(checkMemoryBudget(scenario(20_000), 1024 * MB)).toBeLessThan(1024 * MB);
    const message = (() => {
      try {
        checkMemoryBudget(scenario(100_000_000), 1024 * MB);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).message;
      }
      return 'accepted';
    })();
    expect(message).toMatch(/^scenario big: customers: the run needs about \d+ GB of memory \(100000000 customers × 4 firms, 260 periods\), more than the limit of 1\.0 GB; use --customers \d+ or fewer, or raise the limit with --max-memory MB \(or LOYALTY_SIM_MAX_MEMORY_MB\)$/);
    // The suggested size fits.
    const fitting = Number(/--customers (\d+)/.exec(message)![1]);
    expect(() => checkMemoryBudget(scenario(fitting), 1024 * MB)).not.toThrow();
    expect(() => checkMemoryBudget(scenario(fitting + 1000), 1024 * MB)).toThrow(InputError);
  });

  it('counts concurrent runs (workers)', () => {
    expect(() => checkMemoryBudget(scenario(1_000_000), 1024 * MB, 1)).not.toThrow();
    expect(() => checkMemoryBudget(scenario(1_000_000), 1024 * MB, 16)).toThrow(/× 16 runs at once.*or fewer --workers/);
  });

  it('reads the default limit from the environment, else 75% of RAM', () => {
    expect(defaultMemoryLimitBytes({})).toBe(Math.floor(totalmem() * 0.75));
    expect(defaultMemoryLimitBytes({ LOYALTY_SIM_MAX_MEMORY_MB: '512' })).toBe(512 * MB);
    for (const bad of ['abc', '-1', '0', '1e3', 'Infinity']) {
      expect(() => defaultMemoryLimitBytes({ LOYALTY_SIM_MAX_MEMORY_MB: bad })).toThrow(/^environment LOYALTY_SIM_MAX_MEMORY_MB: expected a number of megabytes > 0/);
    }
    expect(memoryLimitFrom({ maxMemory: 256 })).toBe(256 * MB);
    expect(() => memoryLimitFrom({ maxMemory: 0 })).toThrow(/^option --max-memory: expected a number of megabytes > 0, got 0$/);
    expect(formatBytes(1536 * MB)).toBe('1.5 GB');
  });
});

describe('option parsing', () => {
  it('--workers: auto or 1 to twice the cores (at least 4)', () => {
    expect(parseWorkers('auto')).toBeGreaterThanOrEqual(1);
    expect(parseWorkers('4')).toBe(4);
    expect(parseWorkers(undefined)).toBeUndefined();
    for (const bad of ['abc', '0', '-1', '1.5', '1025', '', 'auto2']) expect(() => parseWorkers(bad)).toThrow(new RegExp(`^option --workers: expected 'auto' or a whole number from 1 to ${maxWorkers()}`));
  });

  it('--shard: i/n with 0 ≤ i < n', () => {
    expect(parseShard('0/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard(' 1 / 2 ')).toEqual({ index: 1, count: 2 });
    expect(() => parseShard('3/2')).toThrow('option --shard: expected i < n in i/n (shards are numbered 0 to 1), got "3/2"');
    expect(() => parseShard('2/2')).toThrow(/expected i < n/);
    expect(() => parseShard('0/0')).toThrow('option --shard: expected n from 1 to 100000 in i/n, got "0/0"');
    for (const bad of ['-1/2', 'a/b', '1', '1/2/3', '']) expect(() => parseShard(bad)).toThrow(/^option --shard: expected i\/n with 0 ≤ i < n, e\.g\. 0\/4, got /);
  });

  it('whole numbers, with the text the user typed', () => {
    expect(intOption('seed', 5, 0, 10)).toBe(5);
    expect(() => intOption('seed', -1, 0, 10)).toThrow('option --seed: expected a whole number from 0 to 10, got -1');
    expect(() => intOption('seed', [1, 2], 0, 10)).toThrow('option --seed: expected a whole number from 0 to 10, got 2 values (1, 2); give it once');
    expect(rawOptionText('seed', ['run', '--seed', 'abc'])).toBe('abc');
    expect(rawOptionText('seed', ['run', '--seed=xyz'])).toBe('xyz');
  });

  it('loadOptionsFrom reports every bad option at once', () => {
    const args = { customers: 0, periods: 1.5, set: ['a=1'], out: '', charts: false, quiet: true, json: false, workers: 'many', shard: '3/2' } as CommonArgs;
    try {
      loadOptionsFrom(args);
      throw new Error('accepted');
    } catch (e) {
      expect((e as InputError).message.split('\n')).toEqual([
        'option --customers: expected a whole number from 1 to 100000000, got 0',
        'option --periods: expected a whole number from 1 to 100000, got 1.5',
        'option --out: expected a directory path, got empty text',
        `option --workers: expected 'auto' or a whole number from 1 to ${maxWorkers()}, got "many"`,
        'option --shard: expected i < n in i/n (shards are numbered 0 to 1), got "3/2"',
      ]);
    }
  });

  it('checkOutputDir: nothing created, a file in the way refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loyalty-sim-out-'));
    try {
      checkOutputDir(join(dir, 'a', 'b', 'c'));
      expect(existsSync(join(dir, 'a'))).toBe(false);
      writeFileSync(join(dir, 'f'), '');
      expect(() => checkOutputDir(join(dir, 'f', 'x'))).toThrow(`option --out: expected a directory, but ${join(dir, 'f')} is a file (choose another --out)`);
      expect(() => checkOutputDir('')).toThrow('option --out: expected a directory path, got empty text');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
