/**
 * Running the scenario library across seeds, for the scenario tests and for
 * scripts/scenarios-doc.ts (which writes docs/scenarios.md from the same measurements).
 *
 * Everything here runs the model as shipped: `simulate` on a loaded scenario, or, where a
 * case needs what a customer did (who bought where, who redeemed), `observe`, which steps
 * the same simulation period by period and reads the customers' state between periods.
 * Nothing here changes the model.
 */
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/model/schema.js';
import { simulate, createSimulation, stepPeriod, type Simulation } from '../../src/model/simulate.js';
import { summarizeRun, type RunSummary } from '../../src/model/summary.js';
import type { RunResult } from '../../src/model/results.js';
import type { FirmMetric } from '../../src/model/metrics.js';
import { windowMean as runWindowMean } from '../../src/report/data.js';
import { replicateSeed, uniformAt } from '../../src/model/rng.js';
import { describe as describeValues, pairedDifference, type Described } from '../../src/stats/index.js';

export type { Described };

export interface RunnerSettings {
  /** number of seeds (replicates); seeds are replicateSeed(baseSeed, k) */
  readonly seeds: number;
  readonly baseSeed?: number;
  /** customers per run (default: each scenario's own) */
  readonly customers?: number;
  /** a cap on periods (a case may ask for fewer or more periods itself) */
  readonly periods?: number;
  /** also run the variants that only add figures (the docs do; the tests need not) */
  readonly detail?: boolean;
}

/** Loads and runs scenarios over a fixed list of seeds; results are cached per variant. */
export class Runner {
  readonly seedList: readonly number[];
  private readonly cache = new Map<string, RunResult[]>();
  constructor(readonly settings: RunnerSettings) {
    this.seedList = Array.from({ length: settings.seeds }, (_, k) => replicateSeed(settings.baseSeed ?? 1, k));
  }

  /** The scenario `name` with `set` overrides at this runner's size; `periods` overrides the scenario's horizon. */
  scenario(name: string, set: readonly string[] = [], periods?: number): Scenario {
    return loadScenario(name, { set, customers: this.settings.customers, periods: periods ?? this.settings.periods }).scenario;
  }

  /** One run per seed (cached). */
  results(name: string, set: readonly string[] = [], periods?: number): RunResult[] {
    const key = JSON.stringify([name, set, periods]);
    let runs = this.cache.get(key);
    if (!runs) {
      const scenario = this.scenario(name, set, periods);
      runs = this.seedList.map((seed) => simulate(scenario, seed));
      this.cache.set(key, runs);
    }
    return runs;
  }

  summaries(name: string, set: readonly string[] = [], periods?: number): RunSummary[] {
    return this.results(name, set, periods).map(summarizeRun);
  }
}

const runners = new Map<string, Runner>();

/**
 * The Runner for these settings, one per test process: test files that measure the same
 * scenario at the same size and seeds share the runs instead of repeating them.
 */
export function sharedRunner(settings: RunnerSettings): Runner {
  const key = JSON.stringify([settings.seeds, settings.baseSeed ?? 1, settings.customers ?? null, settings.periods ?? null, settings.detail ?? false]);
  let runner = runners.get(key);
  if (!runner) runners.set(key, (runner = new Runner(settings)));
  return runner;
}

// ---------------------------------------------------------------------------------------
// Figures from runs

export const describe = (values: readonly number[]): Described => describeValues(values);

/** a − b per seed, with the t-interval of the mean difference. */
export const paired = (a: readonly number[], b: readonly number[]): Described => pairedDifference(a, b);

/** 95% interval entirely above 0 / below 0. */
export const above = (d: Described, x = 0): boolean => d.ciLow > x;
export const below = (d: Described, x = 0): boolean => d.ciHigh < x;

export const firmIndex = (r: RunResult | RunSummary, firm: string): number => {
  const names = 'firmNames' in r ? r.firmNames : r.firms.map((f) => f.name);
  const j = names.indexOf(firm);
  if (j < 0) throw new Error(`no firm ${firm} in ${names.join(', ')}`);
  return j;
};

/** Last-quarter mean of a firm metric, per seed (summary.json's figure). */
export const firmFigure = (runs: readonly RunSummary[], firm: string, metric: string): number[] =>
  runs.map((s) => Number(s.firms[firmIndex(s, firm)][metric]));

/** Mean of a firm metric over periods [from, to), per seed. */
export const windowMean = (runs: readonly RunResult[], firm: string, metric: FirmMetric, from: number, to: number): number[] =>
  runs.map((r) => runWindowMean(r, metric, firmIndex(r, firm), from, to));

/** Sum of a market column over the whole run, per seed. */
export function marketTotal(runs: readonly RunResult[], column: string): number[] {
  return runs.map((r) => r.market[column].reduce((a, b) => a + b, 0));
}

/** The market's churn (customers lost over all firms) over the last quarter, per seed. */
export const marketChurn = (runs: readonly RunSummary[]): number[] => runs.map((s) => s.market.churn);

/** Spearman rank correlation of two equally long lists (ties get average ranks). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (x: readonly number[]) => {
    const order = x.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(x.length);
    for (let k = 0; k < order.length; ) {
      let e = k;
      while (e + 1 < order.length && order[e + 1][0] === order[k][0]) e++;
      for (let m = k; m <= e; m++) r[order[m][1]] = (k + e) / 2;
      k = e + 1;
    }
    return r;
  };
  const ra = ranks(a), rb = ranks(b);
  const ma = ra.reduce((s, v) => s + v, 0) / ra.length, mb = rb.reduce((s, v) => s + v, 0) / rb.length;
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) { num += (ra[i] - ma) * (rb[i] - mb); da += (ra[i] - ma) ** 2; db += (rb[i] - mb) ** 2; }
  return num / Math.sqrt(da * db);
}

/** Least-squares slope of y on x. */
export function slope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length, my = y.reduce((a, b) => a + b, 0) / y.length;
  let num = 0, den = 0;
  for (let i = 0; i < x.length; i++) { num += (x[i] - mx) * (y[i] - my); den += (x[i] - mx) ** 2; }
  return num / den;
}

// ---------------------------------------------------------------------------------------
// Observing customers

/**
 * What customers did, period by period: `onPeriod(sim, t, before)` is called after period
 * t with the customers' state from before the period (habit, points, last purchase,
 * current firm). Reads only; the run is the same as `simulate` (checked by the tests).
 */
export interface Before {
  readonly habit: Float32Array;
  readonly points: Int32Array;
  readonly lastPurchase: Int32Array;
  readonly currentFirm: Int8Array;
}

export function observe(scenario: Scenario, seed: number, onPeriod: (sim: Simulation, t: number, before: Before) => void): RunResult {
  const sim = createSimulation(scenario, seed);
  const { pop } = sim.ctx;
  const before = {
    habit: new Float32Array(pop.habit.length),
    points: new Int32Array(pop.points.length),
    lastPurchase: new Int32Array(pop.lastPurchase.length),
    currentFirm: new Int8Array(pop.currentFirm.length),
  };
  for (let t = 0; t < scenario.periods; t++) {
    before.habit.set(pop.habit);
    before.points.set(pop.points);
    before.lastPurchase.set(pop.lastPurchase);
    before.currentFirm.set(pop.currentFirm);
    stepPeriod(sim, t);
    onPeriod(sim, t, before);
  }
  return sim.result;
}

/**
 * Did customer i buy at firm j in period t (the period just stepped)? A customer shops
 * when its shop draw falls below its shopping probability (the shop stream), and on a
 * shopping occasion habit moves by H ← α·H + (1−α)·[chose j]: a purchase at j is the one
 * case where H_ij ends above α·H_before + (1−α)/2, H_before being 0 when the customer
 * moved home that period (the relocation stream; a move forgets habit). The tests check
 * that these purchases add up to each firm's purchases.
 */
export function boughtAt(sim: Simulation, before: Before, t: number, i: number, j: number): boolean {
  const { ctx } = sim;
  if (!(uniformAt(ctx.streams.shop, i, t) < ctx.pop.shopProbability[i])) return false;
  const ij = i * ctx.M + j;
  const alpha = ctx.habitSmoothing;
  return ctx.pop.habit[ij] > alpha * (movedAt(sim, t, i) ? 0 : before.habit[ij]) + (1 - alpha) / 2;
}

/** Did customer i move home in period t (the relocation stream)? */
export function movedAt(sim: Simulation, t: number, i: number): boolean {
  const { ctx } = sim;
  return uniformAt(ctx.streams.relocation, i, t) < ctx.segments.relocationRate[ctx.pop.segment[i]];
}

/** Switches between firms in period t (the period just stepped): counts[from * M + to]. A customer who moved home has no firm to switch from. */
export function addSwitches(sim: Simulation, before: Before, t: number, counts: Float64Array): void {
  const { currentFirm } = sim.ctx.pop;
  const M = sim.ctx.M;
  for (let i = 0; i < currentFirm.length; i++) {
    if (movedAt(sim, t, i) && sim.ctx.pop.contractFirm[i] < 0) continue;
    const from = before.currentFirm[i], to = currentFirm[i];
    if (from >= 0 && to >= 0 && from !== to) counts[from * M + to] += 1;
  }
}

// ---------------------------------------------------------------------------------------
// Repurchase after a service failure

/**
 * What followed a purchase: no failure (split by whether the customer remembers an earlier
 * failure at that firm, the same selection as a repeat failure), a failure not complained
 * about, a complaint recovered (first or repeat failure), or not recovered.
 */
export const AFTERMATHS = ['noFailure', 'noFailureRemembered', 'noComplaint', 'recoveredFirst', 'recoveredRepeat', 'unrecovered'] as const;
export type Aftermath = (typeof AFTERMATHS)[number];

/**
 * For every purchase from period `from` on, what followed it (AFTERMATHS) and whether the
 * customer's next purchase was at the same firm. Failures, complaints and recoveries are
 * read back from the run's own streams (the draws experience.ts made), so nothing is
 * re-simulated. Returns per aftermath [purchases, repurchases at the same firm].
 */
export function repurchaseAfterFailure(scenario: Scenario, seed: number, from: number): Record<Aftermath, [number, number]> {
  const counts = Object.fromEntries(AFTERMATHS.map((a) => [a, [0, 0]])) as Record<Aftermath, [number, number]>;
  let pendingFirm: Int8Array | undefined;
  let pending: Int8Array | undefined;
  let lastKind: Int8Array | undefined;
  let lastPeriod: Int32Array | undefined;
  observe(scenario, seed, (sim, t, before) => {
    const { ctx } = sim;
    const { pop, M } = ctx;
    const N = pop.size;
    pendingFirm ??= new Int8Array(N).fill(-1);
    pending ??= new Int8Array(N).fill(-1);
    lastKind ??= new Int8Array(N).fill(-1);
    lastPeriod ??= new Int32Array(N);
    for (let i = 0; i < N; i++) {
      let j = -1;
      for (let k = 0; k < M && j < 0; k++) if (boughtAt(sim, before, t, i, k)) j = k;
      if (j >= 0) {
        if (pending[i] >= 0) {
          const c = counts[AFTERMATHS[pending[i]]];
          c[0] += 1;
          c[1] += +(j === pendingFirm[i]);
        }
        // as experience.ts decides: an earlier failure at the same firm (no switch since) within the failure memory
        const remembered = !movedAt(sim, t, i) && before.currentFirm[i] === j && lastKind[i] >= 0 && t - lastPeriod[i] <= ctx.failureMemory;
        let aftermath: Aftermath = remembered ? 'noFailureRemembered' : 'noFailure';
        if (pop.lastFailureKind[i] >= 0 && pop.lastFailurePeriod[i] === t) {
          const complained = uniformAt(ctx.streams.complaint, i, t) < ctx.segments.complaintProbability[pop.segment[i]];
          const recovered = complained && uniformAt(ctx.streams.recovery, i, t) < ctx.firms.recoveryRate[j];
          aftermath = !complained ? 'noComplaint' : !recovered ? 'unrecovered' : remembered ? 'recoveredRepeat' : 'recoveredFirst';
        }
        pending[i] = t >= from ? AFTERMATHS.indexOf(aftermath) : -1;
        pendingFirm[i] = j;
      }
      lastKind[i] = pop.lastFailureKind[i];
      lastPeriod[i] = pop.lastFailurePeriod[i];
    }
  });
  return counts;
}
