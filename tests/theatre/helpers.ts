/** Run shipped scenarios on common seeds and compare last-quarter figures, paired by seed. */
import type { RunSummary } from '../../src/model/summary.js';
import { pairedDifference, type PairedDifference } from '../../src/stats/index.js';
import { sharedRunner } from '../scenarios/helpers.js';

/** Seeds replicateSeed(1, k) for k < SEEDS, as the scenario library's tests use them. */
export const SEEDS = 8;
/** Small enough for CI, large enough that the launch at period 52 has 80 periods to act. */
export const SIZE = { customers: 3000, periods: 156 };

/** The last-quarter summaries of `name` with `set` overrides, one per seed (shared between test files). */
export function runs(name: string, set: string[] = [], seeds = SEEDS, size = SIZE): RunSummary[] {
  return sharedRunner({ seeds, ...size }).summaries(name, set);
}

export const firmFigure = (rs: RunSummary[], firm: string, metric: string): number[] =>
  rs.map((r) => Number(r.firms.find((f) => f.name === firm)![metric]));
export const marketFigure = (rs: RunSummary[], metric: string): number[] => rs.map((r) => r.market[metric]);

export const diff = (a: number[], b: number[]): PairedDifference => pairedDifference(a, b);

/** 20 seeds: where prices adapt, paths diverge at the first differing decision. */
export const SEEDS_20 = 20;

/** Every firm prices by markup (Lerner on its research elasticity). */
export const MARKUP = ['Aurora', 'Boreal', 'Cirrus', 'Delta'].map((f) => `firms.${f}.strategy.price={policy: markup}`);
/** Every firm prices by adaptive hill climbing on observed profit. */
export const ADAPTIVE = ['Aurora', 'Boreal', 'Cirrus', 'Delta'].map((f) => `firms.${f}.strategy.price={policy: adaptive}`);
