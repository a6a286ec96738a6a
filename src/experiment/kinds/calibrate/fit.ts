/**
 * Calibration: fit named scenario parameters to target moments.
 *
 * - The statistic of a target is the run summary value (summary.json: last-quarter mean)
 *   of its firm or market metric, one per seed; across seeds its mean with the 95%
 *   t-interval (stats.ts).
 * - Every evaluation runs the same seeds, replicateSeed(seedBase, k) (common random
 *   numbers), so the objective changes with the parameters, not with fresh noise.
 * - Objective: Σ weight · z², z = (mean − value) / ((high − low) / 2): a target at the
 *   edge of its band costs its weight, one at its value nothing.
 * - The search is Nelder–Mead (nelder-mead.ts) on the parameters scaled to [0, 1] by
 *   their bounds.
 * - Each evaluation is a point of a small plan executed by the experiment pipeline
 *   (execute.ts): its runs are cached in runs/ under a key that hashes the parameter
 *   values, so a rerun (after Ctrl-C, kill -9, or with a larger --max-evals) replays
 *   the search from the cache and computes only what is new.
 * - After the search, the Jacobian's points (each parameter a step either side of the
 *   fit, identification.ts) are evaluated the same way, side by side on the pool; with the
 *   targets' values per seed at the fit they give each parameter's interval and whether
 *   the targets identify it.
 */
import type { Scenario } from '../../../model/schema.js';
import { loadScenario, type LoadOptions } from '../../../scenario/load.js';
import { contentId } from '../../../io/hash.js';
import { replicateSeed } from '../../../model/rng.js';
import type { RunSummary } from '../../../model/summary.js';
import { describe } from '../../../stats/index.js';
import { executePlan, writePlan } from '../../engine/execute.js';
import { createExecutor, type Executor } from '../../engine/pool.js';
import { createProgress, type Progress } from '../../engine/progress.js';
import { buildPlan, makePoint, safeName, type Plan, type PlanPoint } from '../../engine/plan.js';
import { pruneRuns } from '../../engine/store.js';
import type { MetricSet } from '../../engine/metric-set.js';
import { identify, jacobianFrom, jacobianStencil, type Identification, type ParameterPrecision } from './identification.js';
import { nelderMead } from './nelder-mead.js';
import { MARKET, parameterAssignments, roundParameter, type CalibrationParameter, type CalibrationTarget, type TargetsFile } from './targets.js';

/** Calibration keeps each run's summary only: the targets are summary figures. */
export const SUMMARY_ONLY: MetricSet = { firm: [], market: [] };

export interface CalibrationSetup {
  /** the scenario reference as given (path or shipped name) */
  readonly ref: string;
  /** --set, --customers, --periods */
  readonly load: LoadOptions;
  readonly targets: TargetsFile;
  readonly seeds: number;
  readonly seedBase: number;
  readonly maxEvaluations: number;
  /** converged when the simplex's objective values differ by at most this and its vertices by at most this share of each range */
  readonly tolerance: number;
  readonly workers: number;
  readonly quiet: boolean;
  /** the calibration directory: <out>/<scenario>/calibrate */
  readonly dir: string;
}

export interface TargetFit extends CalibrationTarget {
  readonly achieved: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly n: number;
  /** the 95% interval lies inside [low, high] */
  readonly within: boolean;
  /** (achieved − value) / half the band */
  readonly z: number;
}

export interface EvaluationRecord {
  /** 0-based, in the order the search asked for them */
  readonly evaluation: number;
  /** the parameter values, in the order of the targets file */
  readonly values: readonly number[];
  readonly objective: number;
  /** the lowest objective so far */
  readonly best: number;
  /** each target's mean over the seeds, in the order of the targets file */
  readonly achieved: readonly number[];
}

export interface FittedParameter extends CalibrationParameter, ParameterPrecision {
  readonly fitted: number;
}

/** An evaluated point: each target's fit over the seeds and its value on each seed. */
interface Evaluated {
  readonly fits: TargetFit[];
  /** target × seed */
  readonly draws: number[][];
}

export interface CalibrationResult {
  /** the scenario as loaded (with --set, --customers, --periods), before fitting */
  readonly base: Scenario;
  /** the same with the fitted values */
  readonly fitted: Scenario;
  readonly parameters: readonly FittedParameter[];
  readonly start: readonly TargetFit[];
  readonly fit: readonly TargetFit[];
  readonly objective: { readonly start: number; readonly fitted: number };
  /** the Jacobian at the fit, the condition number, the parameters' correlation */
  readonly identification: Identification;
  readonly history: readonly EvaluationRecord[];
  readonly stop: 'converged' | 'max-evaluations';
  readonly iterations: number;
  readonly seeds: readonly number[];
  readonly computed: number;
  readonly reused: number;
}

/** Each target's value on each seed (target × seed). */
export function targetDraws(targets: readonly CalibrationTarget[], summaries: readonly RunSummary[]): number[][] {
  return targets.map((t) => summaries.map((s) => {
    if (t.firm === MARKET) return s.market[t.metric] ?? NaN;
    const firm = s.firms.find((f) => f.name === t.firm);
    return firm ? Number(firm[t.metric]) : NaN;
  }));
}

/** Each target's statistic over the seeds and its place in the band. */
export function fitTargets(targets: readonly CalibrationTarget[], summaries: readonly RunSummary[]): TargetFit[] {
  return fitsOf(targets, targetDraws(targets, summaries));
}

function fitsOf(targets: readonly CalibrationTarget[], draws: readonly (readonly number[])[]): TargetFit[] {
  return targets.map((t, k) => {
    const d = describe(draws[k]);
    const within = d.n >= 2 && d.ciLow >= t.low && d.ciHigh <= t.high;
    return { ...t, achieved: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, n: d.n, within, z: (d.mean - t.value) / ((t.high - t.low) / 2) };
  });
}

/** Σ weight · z²; NaN when a target has no value (the search ranks that last). */
export const objectiveOf = (fits: readonly TargetFit[]): number => fits.reduce((s, f) => s + f.weight * f.z * f.z, 0);

/** Parameter values (rounded for --set) at a point of the unit box. */
export const valuesAt = (parameters: readonly CalibrationParameter[], unit: readonly number[]): number[] =>
  parameters.map((p, i) => roundParameter(p.min + unit[i] * (p.max - p.min)));

const toUnit = (parameters: readonly CalibrationParameter[], values: readonly number[]): number[] =>
  parameters.map((p, i) => (values[i] - p.min) / (p.max - p.min));

/** The scenario at these parameter values. */
function scenarioAt(setup: Pick<CalibrationSetup, 'ref' | 'load' | 'targets'>, values: readonly number[]): Scenario {
  const set = [...(setup.load.set ?? []), ...parameterAssignments(setup.targets.parameters, values)];
  return loadScenario(setup.ref, { ...setup.load, set }).scenario;
}

/** An evaluation's point id hashes its parameter values, so the same values share cached runs. */
function evaluationPoint(setup: CalibrationSetup, values: readonly number[]): PlanPoint {
  const assigned = parameterAssignments(setup.targets.parameters, values);
  const id = contentId(assigned, 'e');
  const params = Object.fromEntries(setup.targets.parameters.map((p, i) => [p.path, values[i]]));
  return makePoint(id, assigned.join(';'), scenarioAt(setup, values), params);
}

function calibrationPlan(setup: CalibrationSetup, base: Scenario, points: readonly PlanPoint[]): Plan {
  return buildPlan({ seedBase: setup.seedBase, replicates: setup.seeds, metrics: SUMMARY_ONLY }, {
    kind: 'calibrate',
    name: safeName(base.name),
    title: `${base.name}: calibration of ${setup.targets.parameters.map((p) => p.path).join(', ')}`,
    description: `Fit to ${setup.targets.targets.length} targets from ${setup.targets.file} on ${setup.seeds} common seeds.`,
    parameters: setup.targets.parameters.map((p) => p.path),
    points,
  });
}

/** A progress bar that also counts its ticks (to close the bar at the runs really made). */
function countingProgress(inner: Progress): Progress & { readonly done: () => number } {
  let done = 0;
  return {
    tick: () => { done++; inner.tick(); },
    setTotal: (t) => inner.setTotal(t),
    stop: () => inner.stop(),
    done: () => done,
  };
}

export async function calibrate(setup: CalibrationSetup): Promise<CalibrationResult> {
  const { parameters, targets } = setup.targets;
  const base = loadScenario(setup.ref, setup.load).scenario;
  const seeds = Array.from({ length: setup.seeds }, (_, k) => replicateSeed(setup.seedBase, k));
  const evaluated = new Map<string, Evaluated>();
  const order: PlanPoint[] = [];
  const history: EvaluationRecord[] = [];
  let computed = 0;
  let reused = 0;

  const label = `calibrate ${base.name}`;
  const stencilEvaluations = 2 * parameters.length;
  const progress = countingProgress(createProgress({ label, total: (setup.maxEvaluations + stencilEvaluations) * setup.seeds, quiet: setup.quiet }));
  const executor: Executor = createExecutor(Math.max(1, Math.min(setup.workers, setup.seeds * Math.max(parameters.length + 1, stencilEvaluations))));

  /** Each point's runs, from the cache or the pool, side by side; every point's fits and draws. */
  const evaluate = async (unitPoints: readonly (readonly number[])[]): Promise<Evaluated[]> => {
    const points = unitPoints.map((u) => evaluationPoint(setup, valuesAt(parameters, u)));
    const fresh = points.filter((p, i) => !evaluated.has(p.id) && points.findIndex((q) => q.id === p.id) === i);
    if (fresh.length > 0) {
      const plan = calibrationPlan(setup, base, fresh);
      const result = await executePlan(setup.dir, plan, { workers: executor.workers, shard: null, quiet: setup.quiet, label, shared: { executor, progress } });
      computed += result.computed;
      reused += result.reused;
      fresh.forEach((point, i) => {
        const summaries = plan.jobs.filter((j) => j.point === i).map((j) => result.summaryOf(j.key)!);
        const draws = targetDraws(targets, summaries);
        evaluated.set(point.id, { fits: fitsOf(targets, draws), draws });
        order.push(point);
      });
    }
    return points.map((p) => evaluated.get(p.id)!);
  };

  const searchObjective = async (unitPoints: readonly (readonly number[])[]): Promise<number[]> => {
    const results = await evaluate(unitPoints);
    return results.map(({ fits }, i) => {
      const objective = objectiveOf(fits);
      const previous = history.length > 0 ? history[history.length - 1].best : Infinity;
      history.push({
        evaluation: history.length,
        values: valuesAt(parameters, unitPoints[i]),
        objective,
        best: Number.isNaN(objective) ? previous : Math.min(previous, objective),
        achieved: fits.map((f) => f.achieved),
      });
      return objective;
    });
  };

  let search;
  let stencil;
  let atStencil: Evaluated[];
  try {
    search = await nelderMead(searchObjective, toUnit(parameters, parameters.map((p) => p.start)), {
      maxEvaluations: setup.maxEvaluations,
      fTolerance: setup.tolerance,
      xTolerance: setup.tolerance,
    });
    // the Jacobian's points, all on the pool at once
    stencil = jacobianStencil(search.x);
    atStencil = await evaluate(stencil.flatMap((s) => [s.lower, s.upper]));
  } finally {
    progress.setTotal(progress.done());
    progress.stop();
    await executor.close();
  }

  // The directory's plan describes every evaluation of the fit; runs of other fits are removed.
  const finalPlan = calibrationPlan(setup, base, order);
  writePlan(setup.dir, finalPlan);
  pruneRuns(setup.dir, new Set(finalPlan.jobs.map((j) => j.key)));

  const startValues = history[0].values;
  const fittedValues = valuesAt(parameters, search.x);
  const at = (values: readonly number[]) => evaluated.get(evaluationPoint(setup, values).id)!;
  const start = at(startValues).fits;
  const fitted = at(fittedValues);
  const means = (e: Evaluated) => e.fits.map((f) => f.achieved);
  const identification = identify({
    parameters: parameters.map((p, i) => ({ ...p, fitted: fittedValues[i] })),
    targets,
    jacobian: jacobianFrom(stencil.map((s, j) => ({
      lower: valuesAt(parameters, s.lower)[j],
      upper: valuesAt(parameters, s.upper)[j],
      atLower: means(atStencil[2 * j]),
      atUpper: means(atStencil[2 * j + 1]),
    }))),
    draws: fitted.draws,
  });
  return {
    base,
    fitted: scenarioAt(setup, fittedValues),
    parameters: parameters.map((p, i) => ({ ...p, start: startValues[i], fitted: fittedValues[i], ...identification.parameters[i] })),
    start,
    fit: fitted.fits,
    objective: { start: objectiveOf(start), fitted: objectiveOf(fitted.fits) },
    identification,
    // the search asks again for points it knows (the memo answers): keep first asks only
    history: dedupeHistory(history),
    stop: search.stop,
    iterations: search.iterations,
    seeds,
    computed,
    reused,
  };
}

/** One record per distinct evaluation, renumbered in order. */
function dedupeHistory(history: readonly EvaluationRecord[]): EvaluationRecord[] {
  const seen = new Set<string>();
  const out: EvaluationRecord[] = [];
  for (const h of history) {
    const key = JSON.stringify(h.values);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...h, evaluation: out.length });
  }
  return out;
}
