/**
 * Options shared by replicate, compare and grid, and the flow they share: build a plan,
 * execute it (resuming, on the pool, maybe one shard), finish the directory, print.
 */
import type { Argv } from 'yargs';
import { join } from 'node:path';
import { InputError, printable } from '../scenario/errors.js';
import { writeOutputIndex } from '../report/index.js';
import { stableJson } from '../io/json.js';
import { writeFileAtomic } from '../io/atomic.js';
import { lockResultDir } from '../io/lock.js';
import { EXPERIMENT_LAYOUT, checkResultDir } from '../io/ownership.js';
import { checkMemoryBudget } from '../model/memory.js';
import { intOption, loadOptionsFrom, memoryLimitFrom, nonNegativeIntOption, parseShard, positiveIntOption, resolveWorkers, say, type CommonArgs } from '../cli/common.js';
import type { LoadOptions } from '../scenario/load.js';
import { DEFAULT_METRICS, metricSetText, parseMetricSet, type MetricSet } from './engine/metric-set.js';
import { shardJobs, type Plan, type Shard } from './engine/plan.js';
import { checkPrecisionTargets, parsePrecision } from './engine/precision.js';
import { executePlan } from './engine/execute.js';
import { finalizeExperiment, gameResultLines, resultLines } from './outputs.js';
import { nextGameReplicates } from './kinds/game/plan.js';

/** The options of `game` that the shared flow reads (its --precision is a switch). */
export interface GameRunArgs extends CommonArgs {
  seeds?: number;
  seedBase?: number;
  maxSeeds?: number;
  precision?: boolean;
}

export interface ExperimentArgs extends CommonArgs {
  seeds?: number;
  seedBase?: number;
  metrics?: string;
  precision?: string[];
  maxSeeds?: number;
}

export function withExperimentOptions<T>(y: Argv<T>, defaultSeeds: number) {
  return y
    .option('seeds', { type: 'number', describe: `replicates per scenario (default ${defaultSeeds}); replicate k uses seed hash(seed-base, k) everywhere` })
    .option('seed-base', { type: 'number', default: 1, describe: 'base of the replicate seeds' })
    .option('workers', { type: 'string', describe: "worker threads: a number or 'auto' (all cores; the default)" })
    .option('shard', { type: 'string', describe: 'run slice i of n (0 ≤ i < n) of the runs; combine the slices with loyalty-sim merge' })
    .option('metrics', { type: 'string', describe: `per-period metrics to aggregate: 'all' or a comma list (default: ${metricSetText(DEFAULT_METRICS)})` })
    .option('precision', { type: 'string', array: true, describe: 'add seeds until the 95% half-width of an end-of-run metric is below a target: metric=h, Firm.metric=h or market.metric=h (repeatable)' })
    .option('max-seeds', { type: 'number', default: 256, describe: 'most seeds --precision may use' });
}

export interface ParsedExperimentArgs {
  readonly replicates: number;
  readonly seedBase: number;
  readonly metrics: MetricSet;
  readonly load: LoadOptions;
}

/** Most runs one experiment (points × seeds) may ask for; most grid points. */
export const MAX_RUNS = 100_000;
export const MAX_POINTS = 10_000;

/**
 * `--seeds`: every experiment reports 95% intervals of means, and an interval needs at
 * least two seeds (one seed has no spread: the interval would be infinite or NaN).
 */
export function parseSeeds(value: unknown, max = MAX_RUNS): number | undefined {
  if (value === 1) {
    throw new InputError({ source: 'option --seeds', path: '', message: 'intervals need at least 2 seeds, got 1 (use loyalty-sim run for a single seed)' });
  }
  return intOption('seeds', value, 2, max);
}

/**
 * Refuse an experiment larger than MAX_POINTS points or MAX_RUNS runs before anything is
 * built for it, naming the total.
 */
export function checkExperimentSize(points: number, seeds: number, what = 'grid points'): void {
  const runs = points * seeds;
  if (points > MAX_POINTS) {
    throw new InputError({ source: 'option --vary', path: '', message: `${points.toLocaleString('en-US')} ${what} is more than ${MAX_POINTS.toLocaleString('en-US')}; use fewer values, or --sample lhs:N` });
  }
  if (runs > MAX_RUNS) {
    throw new InputError({
      source: 'option --seeds',
      path: '',
      message: `${points.toLocaleString('en-US')} ${what} × ${seeds} seeds = ${runs.toLocaleString('en-US')} runs is more than ${MAX_RUNS.toLocaleString('en-US')}; use fewer values or seeds, or split the work with --shard`,
    });
  }
}

export function parseExperimentArgs(args: ExperimentArgs, defaultSeeds: number): ParsedExperimentArgs {
  return {
    replicates: parseSeeds(args.seeds) ?? defaultSeeds,
    seedBase: nonNegativeIntOption('seed-base', args.seedBase) ?? 1,
    metrics: parseMetricSet(args.metrics),
    load: loadOptionsFrom(args),
  };
}

/** Where an experiment's results go: <out>/<name>/<kind>/. */
export const experimentDir = (out: string, plan: Plan): string => join(out, plan.name, plan.kind);

/**
 * Execute, finish (unless this is one shard of several), print; the body of replicate,
 * compare and grid, after parseExperimentArgs (which checked every option and --out).
 */
export async function runExperiment(args: ExperimentArgs | GameRunArgs, plan: Plan): Promise<void> {
  const workers = resolveWorkers(args.workers);
  const shard = parseShard(args.shard) ?? null;
  // the game's --precision is a switch (seeds until the verdict is resolved), the others' a list of targets
  const sequential = plan.game?.sequential ?? null;
  const targets = plan.kind === 'game' ? [] : parsePrecision((args as ExperimentArgs).precision);
  checkPrecisionTargets(targets, plan);
  const maxSeeds = sequential ? sequential.maxSeeds : positiveIntOption('max-seeds', args.maxSeeds, 1_000_000) ?? 256;
  const partial = shard !== null && shard.count > 1;
  if (partial && (targets.length > 0 || sequential)) {
    throw new InputError({ source: 'option --precision', path: '', message: 'cannot be combined with --shard (the number of seeds is decided as results come in); run the adaptive experiment unsharded, or fix --seeds' });
  }
  const dir = experimentDir(args.out, plan);
  const mine = shardJobs(plan, shard).length;
  // Before any work: the size, the memory of the runs in flight, the folder and its lock.
  checkExperimentSize(plan.points.length, Math.max(plan.replicates, targets.length > 0 || sequential ? maxSeeds : 0), plan.kind === 'grid' ? 'grid points' : plan.kind === 'game' ? 'profiles' : 'scenarios');
  checkPlanMemory(plan, workers, memoryLimitFrom(args));
  const release = lockResultDir(dir, partial ? `shard-${shard!.index}-of-${shard!.count}` : '');
  try {
    checkResultDir(dir, EXPERIMENT_LAYOUT);
    await executeAndFinish(args, plan, { dir, workers, shard, partial, mine, targets, maxSeeds });
  } finally {
    release();
  }
}

/** The largest run of the plan, `workers` of them at once, against the memory budget. */
export function checkPlanMemory(plan: Pick<Plan, 'points' | 'jobs'>, workers: number, limitBytes: number): void {
  const atOnce = Math.max(1, Math.min(workers, plan.jobs.length));
  for (const p of plan.points) checkMemoryBudget(p.scenario, limitBytes, atOnce);
}

interface Execution {
  readonly dir: string;
  readonly workers: number;
  readonly shard: Shard | null;
  readonly partial: boolean;
  readonly mine: number;
  readonly targets: ReturnType<typeof parsePrecision>;
  readonly maxSeeds: number;
}

async function executeAndFinish(args: ExperimentArgs | GameRunArgs, plan: Plan, { dir, workers, shard, partial, mine, targets, maxSeeds }: Execution): Promise<void> {
  const sequential = plan.game?.sequential ?? null;
  const unit = plan.kind === 'game' ? 'profile' : 'scenario';
  say(args, `${plan.kind} ${plan.name}: ${plan.points.length} ${unit}${plan.points.length === 1 ? '' : 's'} × ${plan.replicates} seeds = ${plan.jobs.length} runs${partial ? `, shard ${shard!.index}/${shard!.count}: ${mine} runs` : ''}, ${workers} worker${workers === 1 ? '' : 's'}`);
  const result = await executePlan(dir, plan, {
    workers,
    shard,
    quiet: args.quiet,
    precision: targets,
    maxReplicates: maxSeeds,
    ...(sequential ? { adapt: nextGameReplicates } : {}),
    label: printable(`${plan.kind} ${plan.name}`),
  });
  if (result.damage) say(args, result.damage);
  say(args, `${result.computed} runs computed, ${result.reused} reused from ${join(dir, 'runs')}`);
  const argv = process.argv.slice(2);
  if (partial) {
    // A shard's output: experiment.json and its runs; `merge` makes the rest.
    writeFileAtomic(join(dir, `manifest-shard-${shard!.index}-of-${shard!.count}.json`), stableJson({
      tool: 'loyalty-sim', command: argv, shard: `${shard!.index}/${shard!.count}`, runs: mine, computed: result.computed, reused: result.reused,
    }));
    say(args, `wrote shard ${shard!.index}/${shard!.count} to ${dir}; combine all shards with: loyalty-sim merge <shard outputs...> --out DIR`);
    if (args.json) process.stdout.write(stableJson({ dir, kind: plan.kind, shard: `${shard!.index}/${shard!.count}`, runs: mine, computed: result.computed, reused: result.reused }));
    return;
  }
  const { summary, game } = await finalizeExperiment(dir, {
    charts: args.charts,
    argv,
    precision: result.precision,
    manifest: { workers, computed: result.computed, reused: result.reused },
  });
  if (args.charts) writeOutputIndex(args.out);
  say(args, `wrote ${dir}`);
  for (const line of game ? gameResultLines(game, sequential) : resultLines(summary)) say(args, line);
  if (args.json) process.stdout.write(stableJson({ dir, computed: result.computed, reused: result.reused, summary: game ?? summary }));
}
