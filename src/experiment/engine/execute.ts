/**
 * Executing a plan: reuse every finished run found in the directory's cache, compute the
 * rest on the pool, store each as it arrives (atomically), and, with --precision, add
 * seeds until the intervals are narrow enough. Interrupt it at any point (Ctrl-C,
 * kill -9) and the same command resumes where it stopped.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { onInterrupt } from '../../io/interrupt.js';
import { createResultDir } from '../../io/ownership.js';
import { stableJson } from '../../io/json.js';
import type { RunSummary } from '../../model/summary.js';
import { createExecutor, runTasks, type Executor } from './pool.js';
import { createProgress, type Progress } from './progress.js';
import { shardJobs, withReplicates, type Plan, type Shard } from './plan.js';
import { nextReplicates, precisionStatus, type PrecisionStatus, type PrecisionTarget } from './precision.js';
import { damageNote, readCachedHeader, removeTempFiles, saveRun, type CacheDamage } from './store.js';
import { decodeRunHeader, type RunHeader } from './run-record.js';
import type { JobTask } from './run-job.js';

export const EXPERIMENT_FILE = 'experiment.json';

export interface ExecuteOptions {
  readonly workers: number;
  readonly shard: Shard | null;
  readonly quiet: boolean;
  readonly precision?: readonly PrecisionTarget[];
  /** most replicates adaptive replication may use */
  readonly maxReplicates?: number;
  /**
   * Sequential seeds decided by the experiment itself (the game: until the verdict is
   * resolved): the replicates to run next, or null when done. Reads only the results.
   */
  readonly adapt?: (plan: Plan, summaries: RunSummary[][]) => number | null;
  /** progress label */
  readonly label: string;
  /**
   * A pool and a progress bar shared by several plans (calibrate executes one small plan
   * per evaluation): used as given, and left open for the caller to close.
   */
  readonly shared?: { readonly executor: Executor; readonly progress: Progress };
}

export interface ExecuteResult {
  readonly plan: Plan;
  readonly computed: number;
  readonly reused: number;
  readonly precision: readonly PrecisionStatus[];
  /** "n cached runs failed their checksum; recomputed", or null */
  readonly damage: string | null;
  /** the summary of a run of this execution (computed or reused), by job key, without reading its file again */
  readonly summaryOf: (key: string) => RunSummary | undefined;
}

/**
 * Write the plan. A different plan than the one on disk makes the finished result in the
 * folder stale, so its manifest goes first (only then: a rerun of the same command keeps
 * the complete result complete until finalize replaces it).
 */
export function writePlan(dir: string, plan: Plan): void {
  const file = join(dir, EXPERIMENT_FILE);
  const text = stableJson(plan);
  let current: string | null = null;
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current === text) return;
  rmSync(join(dir, 'manifest.json'), { force: true });
  writeFileAtomic(file, text);
}

export async function executePlan(dir: string, initial: Plan, options: ExecuteOptions): Promise<ExecuteResult> {
  createResultDir(dir);
  const sharded = options.shard !== null && options.shard.count > 1;
  // Shards may share one directory (a cluster volume): leave others' half-written files alone.
  if (!sharded) removeTempFiles(dir);
  const targets = options.precision ?? [];
  const maxReplicates = Math.max(initial.replicates, options.maxReplicates ?? initial.replicates);
  let plan = initial;
  writePlan(dir, plan);

  const headers = new Map<string, RunHeader>();
  let computed = 0;
  let reused = 0;
  const damage: CacheDamage = { damaged: 0 };
  let executor: Executor | null = options.shared?.executor ?? null;
  const progress = options.shared?.progress ?? createProgress({ label: options.label, total: shardJobs(plan, options.shard).length, quiet: options.quiet });
  const forgetNote = onInterrupt(() => {
    progress.stop();
    return `interrupted: ${computed + reused} runs saved in ${join(dir, 'runs')}; run the same command again to resume`;
  });
  let status: PrecisionStatus[] = [];
  try {
    for (;;) {
      const mine = shardJobs(plan, options.shard);
      if (!options.shared) progress.setTotal(mine.length);
      const todo: JobTask[] = [];
      for (const job of mine) {
        if (headers.has(job.key)) continue;
        const cached = readCachedHeader(dir, job.key, job.hash, damage);
        if (cached) {
          headers.set(job.key, cached);
          reused++;
          progress.tick();
        } else {
          todo.push({ key: job.key, hash: job.hash, seed: job.seed, scenario: plan.points[job.point].scenario, metrics: plan.metrics });
        }
      }
      if (todo.length > 0) {
        // A single round (no precision targets) never needs more threads than runs left to
        // compute: a resumed experiment or a small shard starts no thread that would only load.
        const oneRound = targets.length === 0 && !options.adapt;
        executor ??= createExecutor(oneRound ? Math.min(options.workers, todo.length) : options.workers);
        await runTasks(executor, todo, (task, bytes) => {
          // The first new run changes what a finished result's manifest lists: it is no longer complete.
          if (computed === 0) rmSync(join(dir, 'manifest.json'), { force: true });
          saveRun(dir, task.key, bytes);
          headers.set(task.key, decodeRunHeader(bytes));
          computed++;
          progress.tick();
        });
      }
      if (targets.length === 0 && !options.adapt) break;
      const summaries: RunSummary[][] = plan.points.map(() => []);
      for (const job of plan.jobs) summaries[job.point][job.replicate] = headers.get(job.key)!.summary;
      let next: number | null;
      if (options.adapt) next = options.adapt(plan, summaries);
      else {
        status = precisionStatus(plan, summaries, targets);
        next = status.every((s) => s.met) ? null : nextReplicates(plan.replicates, status, maxReplicates);
      }
      if (next === null || next <= plan.replicates || plan.replicates >= maxReplicates) break;
      plan = withReplicates(plan, Math.min(next, maxReplicates));
      writePlan(dir, plan);
    }
  } finally {
    if (!options.shared) progress.stop();
    forgetNote();
    if (executor && !options.shared) await (executor as Executor).close();
  }
  return { plan, computed, reused, precision: status, damage: damageNote(damage), summaryOf: (key) => headers.get(key)?.summary };
}
