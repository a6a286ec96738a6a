/**
 * The customers: one typed-array column per attribute (data-oriented: the hot loop
 * reads columns, never objects), and N × M columns for per-firm state.
 *
 * Float32 holds behavioural state (satisfaction, habit, weights): seven significant
 * digits are far below the model's noise and halve the memory of the largest arrays.
 * Points are integers (Int32) so that points are conserved exactly.
 */
import type { Scenario } from '../scenario/schema.js';
import { draw } from './distributions.js';
import { AddressedSequence, streamKey } from './rng.js';

export const NO_FIRM = -1;

export interface Population {
  readonly size: number;
  readonly firmCount: number;
  // per customer, fixed at start
  readonly segment: Uint8Array;
  readonly shopProbability: Float32Array;
  readonly basketValue: Float32Array;
  readonly priceSensitivity: Float32Array;
  readonly qualityWeight: Float32Array;
  readonly rewardWeight: Float32Array;
  readonly habitWeight: Float32Array;
  readonly satisfactionWeight: Float32Array;
  readonly switchingCost: Float32Array;
  // per customer, evolving
  readonly expectation: Float32Array;
  readonly currentFirm: Int8Array;
  readonly memberships: Uint8Array;
  readonly contractFirm: Int8Array;
  readonly contractEnd: Int32Array;
  readonly lastFailureKind: Int8Array;
  readonly lastFailurePeriod: Int32Array;
  // per customer × firm (index i * M + j)
  readonly satisfaction: Float32Array;
  readonly habit: Float32Array;
  readonly points: Int32Array;
  readonly lastPurchase: Int32Array;
  readonly member: Uint8Array;
  readonly aware: Uint8Array;
  /** word of mouth received last period, applied at the customer's next step (double-buffered) */
  readonly referralsIn: [Uint8Array, Uint8Array];
  readonly warningsIn: [Uint8Array, Uint8Array];
}

/** Bytes of state per customer for M firms (used by the memory estimate). */
export const bytesPerCustomer = (firms: number): number => 9 * 4 + 1 + 1 + 1 + 1 + 4 + 1 + 4 + firms * (4 + 4 + 4 + 4 + 1 + 1 + 4);

/** Customer parameters drawn in this order, each at its own address (customer, parameter). */
const PARAMETERS = ['shopProbability', 'basketValue', 'priceSensitivity', 'qualityWeight', 'rewardWeight', 'habitWeight', 'satisfactionWeight', 'switchingCost', 'expectation'] as const;

export function createPopulation(scenario: Scenario, seed: number): Population {
  const N = scenario.customers;
  const M = scenario.firms.length;
  const f32 = () => new Float32Array(N);
  const pop: Population = {
    size: N,
    firmCount: M,
    segment: new Uint8Array(N),
    shopProbability: f32(),
    basketValue: f32(),
    priceSensitivity: f32(),
    qualityWeight: f32(),
    rewardWeight: f32(),
    habitWeight: f32(),
    satisfactionWeight: f32(),
    switchingCost: f32(),
    expectation: f32(),
    currentFirm: new Int8Array(N).fill(NO_FIRM),
    memberships: new Uint8Array(N),
    contractFirm: new Int8Array(N).fill(NO_FIRM),
    contractEnd: new Int32Array(N),
    lastFailureKind: new Int8Array(N).fill(-1),
    lastFailurePeriod: new Int32Array(N),
    satisfaction: new Float32Array(N * M),
    habit: new Float32Array(N * M),
    points: new Int32Array(N * M),
    lastPurchase: new Int32Array(N * M),
    member: new Uint8Array(N * M),
    aware: new Uint8Array(N * M),
    referralsIn: [new Uint8Array(N * M), new Uint8Array(N * M)],
    warningsIn: [new Uint8Array(N * M), new Uint8Array(N * M)],
  };

  // Segments get contiguous blocks of customers in proportion to their shares
  // (largest remainder), so segment sizes are exact and independent of the seed.
  const counts = apportion(scenario.segments.map((s) => s.share), N);
  const seq = new AddressedSequence();
  const populationKey = streamKey(seed, 'population');
  const awarenessKey = streamKey(seed, 'initial-awareness');
  let i = 0;
  scenario.segments.forEach((segment, s) => {
    for (let k = 0; k < counts[s]; k++, i++) {
      pop.segment[i] = s;
      PARAMETERS.forEach((name, p) => {
        pop[name][i] = draw(segment[name], seq.reset(populationKey, i, p));
      });
      pop.shopProbability[i] = Math.min(1, Math.max(0, pop.shopProbability[i]));
      pop.priceSensitivity[i] = Math.max(1e-6, pop.priceSensitivity[i]);
      scenario.firms.forEach((firm, j) => {
        pop.aware[i * M + j] = firm.awareness >= 1 || seq.reset(awarenessKey, i, j).next() < firm.awareness ? 1 : 0;
      });
    }
  });
  return pop;
}

/** Split n into integer parts proportional to shares (largest remainder method). */
export function apportion(shares: readonly number[], n: number): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / total) * n);
  const parts = exact.map(Math.floor);
  let left = n - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; left > 0; r++, left--) parts[order[r % order.length][1]]++;
  return parts;
}
