/**
 * The flow every plan kind shares (replicate, compare, grid, game, decide): the options
 * that shape a plan's seeds and series, the checks made before any work (size, memory,
 * the precision targets), and executing the plan in its folder (resuming from its cache,
 * on the pool, one shard or all, adding seeds while the precision rule or the kind asks
 * for them) before the kind finishes it.
 */
import { join } from 'node:path';
import type { Options } from 'yargs';
import { writeFileAtomic } from '../../io/atomic.js';
import { stableJson } from '../../io/json.js';
import { checkMemoryBudget } from '../../model/memory.js';
import type { RunSummary } from '../../model/summary.js';
import { InputError, printable } from '../../errors.js';
import type { KindContext, KindOutcome } from '../kinds/kind.js';
import { SHARD_OPTION, WORKERS_OPTION, checkExperimentSize, parseSeedArgs, positiveIntOption, seedOptions } from './args.js';
import { executePlan } from './execute.js';
import { DEFAULT_METRICS, metricSetText, parseMetricSet, type MetricSet } from './metric-set.js';
import { resultFolderOf, shardJobs, type Plan } from './plan.js';
import { checkPrecisionTargets, parsePrecision, type PrecisionStatus, type PrecisionTarget } from './precision.js';

/** The options of replicate, compare and grid: seeds, workers and shards, the series kept, adaptive seeds. */
export const planOptions = (defaultSeeds: number, defaults: MetricSet = DEFAULT_METRICS): Record<string, Options> => ({
  ...seedOptions(defaultSeeds),
  ...WORKERS_OPTION,
  ...SHARD_OPTION,
  metrics: { type: 'string', describe: `per-period metrics to aggregate: 'all' or a comma list (default: ${metricSetText(defaults)})` },
  precision: { type: 'string', array: true, describe: 'add seeds until the 95% half-width of an end-of-run metric is below a target: metric=h, Firm.metric=h or market.metric=h (repeatable)' },
  'max-seeds': { type: 'number', default: 256, describe: 'most seeds --precision may use' },
});

export interface PlanArgs {
  readonly replicates: number;
  readonly seedBase: number;
  readonly metrics: MetricSet;
  readonly precision: readonly PrecisionTarget[];
  readonly maxSeeds: number;
}

/** Seeds, series and precision targets from the options planOptions declares. */
export function parsePlanArgs(raw: Readonly<Record<string, unknown>>, defaultSeeds: number, defaultMetrics: MetricSet = DEFAULT_METRICS): PlanArgs {
  const seeds = parseSeedArgs(raw, defaultSeeds);
  return {
    ...seeds,
    metrics: raw.metrics === undefined ? defaultMetrics : parseMetricSet(raw.metrics as string),
    precision: parsePrecision(raw.precision as string[] | undefined),
    maxSeeds: positiveIntOption('max-seeds', raw.maxSeeds, 1_000_000) ?? 256,
  };
}

/** How a plan runs: the folder, and how many seeds it may grow to (adaptively, by --precision or the kind). */
export interface PlanRun {
  readonly plan: Plan;
  readonly dir: string;
  readonly precision: readonly PrecisionTarget[];
  readonly maxSeeds: number;
  /** the kind's own rule for adding seeds (the game: until the verdict is resolved), reading only results */
  readonly adapt?: (plan: Plan, summaries: RunSummary[][]) => number | null;
  /** what the points are, for the size check ('scenarios', 'grid points', 'profiles') */
  readonly unit: string;
}

/** Where a plan's results go: <out>/<name>/<kind or its variant's folder>/. */
export const planDir = (out: string, plan: Plan): string => join(out, plan.name, resultFolderOf(plan));

/** The largest run of the plan, `workers` of them at once, against the memory budget. */
export function checkPlanMemory(plan: Pick<Plan, 'points' | 'jobs'>, workers: number, limitBytes: number): void {
  const atOnce = Math.max(1, Math.min(workers, plan.jobs.length));
  for (const p of plan.points) checkMemoryBudget(p.scenario, limitBytes, atOnce);
}

/** Before any work: the precision targets name real firms, seeds can grow only unsharded, size and memory fit. */
export function checkPlanRun(run: PlanRun, context: KindContext): void {
  const { plan } = run;
  checkPrecisionTargets(run.precision, plan);
  const adaptive = run.precision.length > 0 || run.adapt !== undefined;
  if (adaptive && context.shard !== null && context.shard.count > 1) {
    throw new InputError({ source: 'option --precision', path: '', message: 'cannot be combined with --shard (the number of seeds is decided as results come in); run the adaptive experiment unsharded, or fix --seeds' });
  }
  checkExperimentSize(plan.points.length, Math.max(plan.replicates, adaptive ? run.maxSeeds : 0), run.unit);
  checkPlanMemory(plan, context.workers, context.memoryLimit);
}

/** What a kind does with a plan whose runs are all cached: writes its files and says what it found. */
export type FinishPlan = (dir: string, plan: Plan, precision: readonly PrecisionStatus[], manifest: Record<string, unknown>) => Promise<KindOutcome>;

/** Execute a plan in its folder (the shell holds the folder's lock), then finish it; one shard of several stops after its runs. */
export async function executeAndFinish(run: PlanRun, context: KindContext, finish: FinishPlan): Promise<KindOutcome> {
  const { plan, dir } = run;
  const { shard, workers } = context;
  const partial = shard !== null && shard.count > 1;
  const mine = shardJobs(plan, shard).length;
  const unit = run.unit.replace(/s$/, '');
  context.say(`${plan.kind} ${plan.name}: ${plan.points.length} ${unit}${plan.points.length === 1 ? '' : 's'} × ${plan.replicates} seeds = ${plan.jobs.length} runs${partial ? `, shard ${shard!.index}/${shard!.count}: ${mine} runs` : ''}, ${workers} worker${workers === 1 ? '' : 's'}`);
  const result = await executePlan(dir, plan, {
    workers,
    shard,
    quiet: context.quiet,
    precision: run.precision,
    maxReplicates: run.maxSeeds,
    ...(run.adapt ? { adapt: run.adapt } : {}),
    label: printable(`${plan.kind} ${plan.name}`),
  });
  if (result.damage) context.say(result.damage);
  context.say(`${result.computed} runs computed, ${result.reused} reused from ${join(dir, 'runs')}`);
  if (partial) {
    // A shard's output: experiment.json and its runs; `merge` makes the rest.
    writeFileAtomic(join(dir, `manifest-shard-${shard!.index}-of-${shard!.count}.json`), stableJson({
      tool: 'loyalty-sim', command: process.argv.slice(2), shard: `${shard!.index}/${shard!.count}`, runs: mine, computed: result.computed, reused: result.reused,
    }));
    return {
      dir,
      complete: false,
      lines: [`wrote shard ${shard!.index}/${shard!.count} to ${dir}; combine all shards with: loyalty-sim merge <shard outputs...> --out DIR`],
      json: { dir, kind: plan.kind, shard: `${shard!.index}/${shard!.count}`, runs: mine, computed: result.computed, reused: result.reused },
      manifest: {},
    };
  }
  const outcome = await finish(dir, result.plan, result.precision, { workers, computed: result.computed, reused: result.reused });
  return { ...outcome, json: { dir, computed: result.computed, reused: result.reused, summary: outcome.json } };
}
