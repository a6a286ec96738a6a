/**
 * Customers split over worker threads give the same bits as simulate(), and
 * the rule that gives small runs fewer threads. Never timed. Needs the build (the worker
 * runs dist/workers/model/parallel-worker.js); `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, MIN_BLOCKS_PER_THREAD, simulate, simulateThreaded, threadsFor } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/results.js';
import { tinyScenario } from '../helpers/scenario.js';

function expectSameBits(a: RunResult, b: RunResult): void {
  for (const group of ['firm', 'market'] as const) {
    for (const [name, column] of Object.entries(a[group])) {
      const other = (b[group] as Record<string, Float64Array>)[name];
      expect(Buffer.from(other.buffer).equals(Buffer.from(column.buffer)), `${group} ${name}`).toBe(true);
    }
  }
  expect(b.events).toEqual(a.events);
  expect(b.final).toEqual(a.final);
}

describe('threads within one run', () => {
  // Five blocks of 4096 customers, programs, contracts, loud word of mouth (messages cross
  // between the threads' ranges), partial awareness and advertising, tastes and moves, and
  // years of 12 periods (the quarter's and year's counters close several times).
  const scenario = tinyScenario({
    customers: 18_000,
    periods: 40,
    periodsPerYear: 12,
    clutter: 0.25,
    segments: [{ name: 'all', tasteSd: 1, relocationRate: 0.02, shopProbability: { dist: 'beta', mean: 0.6, sd: 0.2 } }],
    wordOfMouth: { referralProbability: 0.5, negativeProbability: 0.5, advertisingAwareness: 0.02 },
    firms: [
      { name: 'A', awareness: 0.5, program: { enabled: true, threshold: 50 } },
      { name: 'B', contract: { termPeriods: 8, exitFee: 5, acceptance: 0.4 }, program: { enabled: true, threshold: 80, expiryPeriods: 6 } },
    ],
  });
  const reference = simulate(scenario, 7);

  it('1 thread is simulate()', async () => {
    expectSameBits(reference, await simulateThreaded(scenario, 7, { threads: 1 }));
  });

  it('2 threads (the default rule: 2 threads for 5 blocks) give the same bits as simulate()', async () => {
    expectSameBits(reference, await simulateThreaded(scenario, 7, { threads: 2 }));
  });

  it('3 and 5 threads down to one block each give the same bits as simulate()', async () => {
    expectSameBits(reference, await simulateThreaded(scenario, 7, { threads: 3, minBlocksPerThread: 1 }));
    expectSameBits(reference, await simulateThreaded(scenario, 7, { threads: 5, minBlocksPerThread: 1 }));
  });

  it('more threads than the rule allows fall back to what it allows, with the same bits', async () => {
    const small = tinyScenario({ customers: 3000, periods: 10 });
    expectSameBits(simulate(small, 3), await simulateThreaded(small, 3, { threads: 8 }));
  });
});

describe('threads for a run (threadsFor)', () => {
  const blocks = (n: number) => n * BLOCK_SIZE;

  it('gives every thread at least MIN_BLOCKS_PER_THREAD blocks: small runs get fewer threads', () => {
    expect(MIN_BLOCKS_PER_THREAD).toBe(2);
    expect(threadsFor(1, 4)).toBe(1);
    expect(threadsFor(blocks(2), 4)).toBe(1); // two blocks: one thread
    expect(threadsFor(blocks(3), 4)).toBe(1);
    expect(threadsFor(blocks(4), 4)).toBe(2);
    expect(threadsFor(blocks(5), 4)).toBe(2);
    expect(threadsFor(blocks(5) + 1, 4)).toBe(3); // a sixth, partial block
    expect(threadsFor(blocks(8), 4)).toBe(4);
    expect(threadsFor(100_000, 2)).toBe(2); // 25 blocks
    expect(threadsFor(100_000, 64)).toBe(12);
  });

  it('never more threads than asked, never fewer than one', () => {
    expect(threadsFor(1_000_000, 1)).toBe(1);
    expect(threadsFor(1_000_000, 3)).toBe(3);
    expect(threadsFor(1_000_000, 0)).toBe(1);
  });

  it('never more threads than blocks, whatever the minimum per thread', () => {
    expect(threadsFor(blocks(3), 8, 1)).toBe(3);
    expect(threadsFor(blocks(3) - 1, 8, 1)).toBe(3);
    expect(threadsFor(1, 8, 1)).toBe(1);
    expect(threadsFor(blocks(3), 8, 0)).toBe(3);
  });
});
