/**
 * An experiment as data: its points (scenarios, grid points or game profiles), how many
 * replicates, and the deterministic job list with stable keys. replicate, compare, grid
 * and game (game-plan.ts) are ways of building one; everything downstream (execution, shards, merge, statistics)
 * reads only the plan.
 *
 * Seeds: replicate k runs with seed replicateSeed(seedBase, k) in every point (common
 * random numbers); jobs are ordered replicate-major, so adding seeds appends jobs and
 * reordering a grid changes neither seeds nor keys (grid keys hash the coordinates).
 */
import { contentId } from '../../io/hash.js';
import { replicateSeed } from '../../model/rng.js';
import type { Scenario } from '../../model/schema.js';
import { leavingCauses } from '../../model/metrics.js';
import { InputError } from '../../errors.js';
import { loadScenario, type LoadOptions } from '../../scenario/load.js';
import type { MetricSet } from './metric-set.js';
import { jobHash } from './store.js';
import { paramValue, type GridAssignment, type ParamValue } from './grid-spec.js';
import type { GamePlanSpec } from '../kinds/game/plan.js';

/** A kind's name in the registry (kinds/index.ts): replicate, compare, grid, game, decide, … */
export type ExperimentKind = string;

export interface PlanPoint {
  /** file-name-safe and unique within the plan; prefix of its jobs' keys */
  readonly id: string;
  /** the `scenario` column of the CSVs: scenario name, or `path=value;...` for grid points */
  readonly label: string;
  readonly scenarioName: string;
  /** grid coordinates, path → value ({} for replicate and compare) */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly firms: readonly string[];
  readonly periods: number;
  readonly customers: number;
  /** churn causes of the run summary: failure kinds, then the leaving reasons */
  readonly churnCauses: readonly string[];
  /** the fully resolved scenario */
  readonly scenario: Scenario;
}

export interface PlanJob {
  readonly key: string;
  readonly point: number;
  readonly replicate: number;
  readonly seed: number;
  readonly hash: string;
}

export interface Plan {
  readonly kind: ExperimentKind;
  /** output folder: <out>/<name>/<folder or kind>/ */
  readonly name: string;
  /**
   * the result folder when the plan is one variant of its kind among several in the same
   * scenario (`decide-Boreal`, `game-players-Aurora`): `<kind>-<variant>`, so that variants
   * never overwrite each other; absent for the kind's own folder
   */
  readonly folder?: string;
  readonly title: string;
  readonly description: string;
  readonly seedBase: number;
  readonly replicates: number;
  readonly metrics: MetricSet;
  /** grid: the varied field paths */
  readonly parameters: readonly string[];
  /** grid: `lhs:N` when sampled */
  readonly sample: string | null;
  /** compare: index of the reference point */
  readonly reference: number | null;
  readonly points: readonly PlanPoint[];
  readonly jobs: readonly PlanJob[];
  /** game: the strategy choice and its profiles (game-plan.ts) */
  readonly game?: GamePlanSpec;
  /** what a kind records of its plan beyond the points, read back when it finishes (decide: the firm and its options) */
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** The folder a plan's results go to under <out>/<name>/: its variant's, else its kind's. */
export const resultFolderOf = (plan: Pick<Plan, 'kind' | 'folder'>): string => plan.folder ?? plan.kind;

/** `<kind>-<variant>` from a variant's words: letters, digits, dot, dash and underscore, at most 80 characters. */
export const variantFolder = (kind: string, variant: string): string => `${kind}-${variant.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80 - kind.length - 1) || '_'}`;

/** Letters, digits, dot, dash and underscore; anything else becomes '_'. */
export const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80) || '_';

export const jobKey = (pointId: string, k: number): string => `${pointId}-r${String(k).padStart(4, '0')}`;

export function makePoint(id: string, label: string, scenario: Scenario, params: Record<string, ParamValue>): PlanPoint {
  return {
    id,
    label,
    scenarioName: scenario.name,
    params,
    firms: scenario.firms.map((f) => f.name),
    periods: scenario.periods,
    customers: scenario.customers,
    churnCauses: leavingCauses(scenario.failureKinds.map((k) => k.name)),
    scenario,
  };
}

/** What makes one kind's plan: its points and how they are named and read back; buildPlan adds the seeds and jobs. */
export interface PlanShape {
  readonly kind: ExperimentKind;
  readonly name: string;
  readonly folder?: string;
  readonly title: string;
  readonly description: string;
  readonly points: readonly PlanPoint[];
  readonly parameters?: readonly string[];
  readonly sample?: string | null;
  readonly reference?: number | null;
  readonly game?: GamePlanSpec;
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** A plan: the kind's points on `replicates` common seeds, every job keyed (fields in experiment.json's order). */
export function buildPlan(o: Pick<PlanOptions, 'seedBase' | 'replicates' | 'metrics'>, shape: PlanShape): Plan {
  return {
    kind: shape.kind,
    name: shape.name,
    ...(shape.folder !== undefined ? { folder: shape.folder } : {}),
    title: shape.title,
    description: shape.description,
    seedBase: o.seedBase,
    replicates: o.replicates,
    metrics: o.metrics,
    parameters: [...(shape.parameters ?? [])],
    sample: shape.sample ?? null,
    reference: shape.reference ?? null,
    points: shape.points,
    jobs: jobsFor(shape.points, o.metrics, o.seedBase, 0, o.replicates),
    ...(shape.game !== undefined ? { game: shape.game } : {}),
    ...(shape.spec !== undefined ? { spec: shape.spec } : {}),
  };
}

/** Jobs for replicates [from, to) of every point, replicate-major. */
export function jobsFor(points: readonly PlanPoint[], metrics: MetricSet, seedBase: number, from: number, to: number): PlanJob[] {
  const jobs: PlanJob[] = [];
  for (let k = from; k < to; k++) {
    const seed = replicateSeed(seedBase, k);
    points.forEach((p, i) => jobs.push({ key: jobKey(p.id, k), point: i, replicate: k, seed, hash: jobHash(p.scenario, seed, metrics) }));
  }
  return jobs;
}

/** The same plan with `replicates` seeds (adaptive replication adds seeds this way). */
export function withReplicates(plan: Plan, replicates: number): Plan {
  if (replicates <= plan.replicates) return plan;
  return { ...plan, replicates, jobs: [...plan.jobs, ...jobsFor(plan.points, plan.metrics, plan.seedBase, plan.replicates, replicates)] };
}

/** What every plan is built with: its seeds, the series it keeps, and how its scenarios load. */
export interface PlanOptions {
  readonly seedBase: number;
  readonly replicates: number;
  readonly metrics: MetricSet;
  readonly load: LoadOptions;
}

/** The first line of a description: a result's question. */
export const firstLine = (text: string): string => text.split('\n')[0].trim();

/** Grid point ids hash the coordinates, so reordering --vary keeps keys (and caches). */
function gridPointId(assignment: GridAssignment): string {
  const canonical = [...assignment].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return contentId(canonical, 'g');
}

export function gridPlan(ref: string, assignments: readonly GridAssignment[], c: PlanOptions & { parameters: readonly string[]; sample: string | null }): Plan {
  if (assignments.length === 0) throw new InputError({ source: 'grid', path: '', message: 'expected at least one --vary path=values' });
  const base = loadScenario(ref, c.load).scenario;
  const seen = new Set<string>();
  const points: PlanPoint[] = [];
  for (const assignment of assignments) {
    const id = gridPointId(assignment);
    if (seen.has(id)) continue; // a sample may repeat a discrete combination: run it once
    seen.add(id);
    const label = assignment.map(([p, v]) => `${p}=${v}`).join(';');
    let scenario: Scenario;
    try {
      scenario = loadScenario(ref, { ...c.load, set: [...(c.load.set ?? []), ...assignment.map(([p, v]) => `${p}=${v}`)] }).scenario;
    } catch (e) {
      if (e instanceof InputError) {
        throw new InputError(e.problems.map((p) => ({ ...p, source: `${p.source} (grid point ${label})` })));
      }
      throw e;
    }
    const params: Record<string, ParamValue> = {};
    for (const [p, v] of assignment) params[p] = paramValue(v);
    points.push(makePoint(id, label, scenario, params));
  }
  return buildPlan(c, {
    kind: 'grid',
    name: safeName(base.name),
    title: `${base.name}: grid over ${c.parameters.join(', ')} (${points.length} points × ${c.replicates} seeds)`,
    description: firstLine(base.description ?? ''),
    parameters: c.parameters,
    sample: c.sample,
    points,
  });
}

// ---------------------------------------------------------------------------------------
// Shards

/** One slice of an experiment's runs (`--shard i/n`, parsed by cli/common.ts parseShard). */
export interface Shard {
  /** 0-based index of this shard */
  readonly index: number;
  /** number of shards */
  readonly count: number;
}

/** The jobs of one shard: job j belongs to shard j mod n (round robin balances slow points). */
export function shardJobs(plan: Plan, shard: Shard | null): PlanJob[] {
  if (!shard || shard.count === 1) return [...plan.jobs];
  return plan.jobs.filter((_, j) => j % shard.count === shard.index);
}

