/**
 * Stepping customers in whole blocks, or split over worker threads, gives the same bits as
 * simulate() (issue 7). Never timed. Needs the build (the worker runs dist/src/model/
 * parallel-worker.js); `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/results.js';
import { simulateWith } from '../../bench/period.js';
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
  // between the threads' ranges), partial awareness and advertising.
  const scenario = tinyScenario({
    customers: 18_000,
    periods: 40,
    clutter: 0.25,
    wordOfMouth: { referralProbability: 0.5, negativeProbability: 0.5, advertisingAwareness: 0.02 },
    firms: [
      { name: 'A', awareness: 0.5, program: { enabled: true, threshold: 50 } },
      { name: 'B', contract: { termPeriods: 8, exitFee: 5, acceptance: 0.4 }, program: { enabled: true, threshold: 80, expiryPeriods: 6 } },
    ],
  });
  const reference = simulate(scenario, 7);

  it('whole blocks on one thread give the same bits as simulate()', async () => {
    expectSameBits(reference, await simulateWith(scenario, 7, 1));
  });

  it('2 and 3 threads give the same bits as simulate()', async () => {
    expectSameBits(reference, await simulateWith(scenario, 7, 2));
    expectSameBits(reference, await simulateWith(scenario, 7, 3));
  });
});
