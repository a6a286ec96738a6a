/**
 * Tiny scenarios for tests: a small, fully specified market that a test patches with only
 * the fields it is about, validated through the real loader (so defaults are the
 * schema's), plus readers and statistics over a run's columnar results.
 */
import { deepMerge, type Json } from '../../src/model/deep-merge.js';
import { validateScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/model/schema.js';
import type { FirmMetric } from '../../src/model/metrics.js';
import type { RunResult } from '../../src/model/results.js';
import { firmSeries } from '../../src/report/data.js';
import { createSimulation, simulate, stepPeriod, type Simulation } from '../../src/model/simulate.js';

export type Patch = { [key: string]: unknown };

/**
 * Two firms, one segment, constant customer parameters (no heterogeneity unless a test
 * asks for it), no programs, no contracts, no word of mouth, no advertising, no persistent
 * tastes, nobody moving home. Firms A and
 * B are identical unless patched. Patches merge like `extends` (named lists by name).
 */
export const TINY_BASE: Patch = {
  name: 'tiny',
  seed: 1,
  customers: 2000,
  periods: 30,
  clutter: 0,
  wordOfMouth: { referralProbability: 0, negativeProbability: 0, advertisingAwareness: 0 },
  segments: [
    {
      name: 'all',
      share: 1,
      shopProbability: 0.8,
      basketValue: 1,
      priceSensitivity: 0.5,
      qualityWeight: 5,
      rewardWeight: 0.5,
      habitWeight: 2.5,
      satisfactionWeight: 2,
      expectation: 0.6,
      switchingCost: 1,
      outsideUtility: -2.5,
      joinProbability: 0.3,
      complaintProbability: 0.4,
      relocationRate: 0,
    },
  ],
  firms: [
    { name: 'A', price: 10, unitCost: 6, quality: 0.65, failureRate: 0.05, recoveryRate: 0.5 },
    { name: 'B', price: 10, unitCost: 6, quality: 0.65, failureRate: 0.05, recoveryRate: 0.5 },
  ],
};

/** A validated scenario: TINY_BASE with the patches deep-merged in order. */
export function tinyScenario(...patches: Patch[]): Scenario {
  let raw = structuredClone(TINY_BASE) as Json;
  for (const p of patches) raw = deepMerge(raw, structuredClone(p) as Json);
  return validateScenario(raw, 'test');
}

/** Validate a raw document as the loader does (defaults filled in). */
export const validated = (raw: unknown): Scenario => validateScenario(raw, 'test');

/** Firm metric column of firm j over all periods. */
export const series = (r: RunResult, metric: FirmMetric, j: number): number[] => Array.from(firmSeries(r, metric, j));

/** Mean of firm j's metric over periods [from, to). */
export function firmMean(r: RunResult, metric: FirmMetric, j: number, from = 0, to = r.periods): number {
  return mean(series(r, metric, j).slice(from, to));
}

/** Sum of firm j's metric over periods [from, to). */
export function firmSum(r: RunResult, metric: FirmMetric, j: number, from = 0, to = r.periods): number {
  return sum(series(r, metric, j).slice(from, to));
}

/** Mean of a market metric over periods [from, to). */
export function marketMean(r: RunResult, metric: string, from = 0, to = r.periods): number {
  return mean(Array.from(r.market[metric].slice(from, to)));
}

export const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : sum(xs) / xs.length);
export function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / Math.max(1, xs.length - 1));
}
/** Standard error of the mean. */
export const se = (xs: readonly number[]): number => sd(xs) / Math.sqrt(xs.length);

export const SEEDS = [11, 12, 13, 14, 15] as const;

/**
 * A paired comparison over seeds (common random numbers): `measure` on scenario `a` and
 * on scenario `b` for every seed; returns the per-seed differences b − a with their mean
 * and standard error.
 */
export function paired(
  a: Scenario,
  b: Scenario,
  measure: (r: RunResult) => number,
  seeds: readonly number[] = SEEDS,
): { diffs: number[]; mean: number; se: number; a: number[]; b: number[] } {
  const va = seeds.map((s) => measure(simulate(a, s)));
  const vb = seeds.map((s) => measure(simulate(b, s)));
  const diffs = vb.map((x, k) => x - va[k]);
  return { diffs, mean: mean(diffs), se: se(diffs), a: va, b: vb };
}

/** The paired difference is positive beyond noise: its mean exceeds three standard errors. */
export function clearlyPositive(d: { diffs: number[]; mean: number; se: number }): boolean {
  return d.mean > 0 && d.mean > 3 * d.se;
}

export const describeDiff = (d: { diffs: number[]; mean: number; se: number }): string =>
  `mean diff ${d.mean.toPrecision(4)} ± ${d.se.toPrecision(3)} (se); per seed: ${d.diffs.map((x) => x.toPrecision(3)).join(', ')}`;

// ---------------------------------------------------------------------------------------
// State that results do not report (awareness, expectations). Read from a stepped
// Simulation; kept here so that a change of the population's layout is fixed in one place.

/** A simulation stepped through periods [0, periods). */
export function stepped(s: Scenario, seed: number, periods = s.periods): Simulation {
  const sim = createSimulation(s, seed);
  for (let t = 0; t < periods; t++) stepPeriod(sim, t);
  return sim;
}

/** Share of customers aware of firm j. */
export function awareShare(sim: Simulation, j: number): number {
  const { pop, N, M } = sim.ctx;
  let n = 0;
  for (let i = 0; i < N; i++) n += pop.aware[i * M + j];
  return n / N;
}
