/** Run shipped scenarios on common seeds and compare last-quarter figures, paired by seed. */
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun, type RunSummary } from '../../src/model/summary.js';
import { replicateSeed } from '../../src/model/rng.js';
import { pairedDifference, type PairedDifference } from '../../src/stats/index.js';

export const SEEDS = Array.from({ length: 8 }, (_, k) => replicateSeed(1, k));
/** Small enough for CI, large enough that the launch at period 52 has 80 periods to act. */
export const SIZE = { customers: 3000, periods: 156 };

const cache = new Map<string, RunSummary[]>();

export function runs(name: string, set: string[] = [], seeds = SEEDS, size = SIZE): RunSummary[] {
  const key = `${name}|${set.join('|')}|${seeds.join(',')}|${size.customers}x${size.periods}`;
  let out = cache.get(key);
  if (!out) {
    const { scenario } = loadScenario(name, { ...size, set });
    out = seeds.map((seed) => summarizeRun(simulate(scenario, seed)));
    cache.set(key, out);
  }
  return out;
}

export const firmFigure = (rs: RunSummary[], firm: string, metric: string): number[] =>
  rs.map((r) => Number(r.firms.find((f) => f.name === firm)![metric]));
export const marketFigure = (rs: RunSummary[], metric: string): number[] => rs.map((r) => r.market[metric]);

export const diff = (a: number[], b: number[]): PairedDifference => pairedDifference(a, b);

/** 20 seeds: where prices adapt, paths diverge at the first differing decision. */
export const SEEDS_20 = Array.from({ length: 20 }, (_, k) => replicateSeed(1, k));

/** Every firm prices by markup (Lerner on its research elasticity). */
export const MARKUP = ['Aurora', 'Boreal', 'Cirrus', 'Delta'].map((f) => `firms.${f}.strategy.price={policy: markup}`);
/** Every firm prices by adaptive hill climbing on observed profit. */
export const ADAPTIVE = ['Aurora', 'Boreal', 'Cirrus', 'Delta'].map((f) => `firms.${f}.strategy.price={policy: adaptive}`);
