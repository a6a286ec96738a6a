/**
 * The experiment layer's public face, for commands that run many simulations (game):
 * `runMany` runs jobs on the worker pool (optionally with a resumable cache) and returns
 * each run's summary and per-period series, in job order; the statistics helpers give
 * means, intervals and paired differences.
 */
import type { Scenario } from '../scenario/schema.js';
import { createExecutor, resolveWorkers, runTasks } from './pool.js';
import { DEFAULT_METRICS, type MetricSet } from './metric-set.js';
import { decodeRun, type RunRecord } from './run-record.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { jobHash, readCachedHeaderAt, removeTempFiles } from './store.js';
import type { JobTask } from './run-job.js';

export { describe, pairedDifference, mean, sd, tQuantile, tHalfWidth, intervalFrom, RunningCells } from './stats.js';
export type { Described, PairedDifference } from './stats.js';
export { replicateSeed } from '../model/rng.js';
export { resolveWorkers } from './pool.js';
export { createProgress } from './progress.js';
export { DEFAULT_METRICS, parseMetricSet, type MetricSet } from './metric-set.js';
export type { RunRecord } from './run-record.js';
export { firmBlock, marketBlock } from './run-record.js';
export { parseShard, type Shard } from './plan.js';

export interface ManyJob {
  readonly scenario: Scenario;
  readonly seed: number;
  /** unique, file-name-safe ([A-Za-z0-9._-]) when a store is used */
  readonly key: string;
}

export interface RunManyOptions {
  /** a number, 'auto' or undefined (all cores) */
  readonly workers?: number | string;
  readonly onProgress?: (done: number, total: number) => void;
  /** per-period metrics to keep (default DEFAULT_METRICS; { firm: [], market: [] } for summaries only) */
  readonly metrics?: MetricSet;
  /** a directory for the per-run cache (<store>/<key>.bin): finished runs are reused on rerun */
  readonly store?: string;
}

/** Run every job (in parallel, byte-identical for any worker count); results in job order. */
export async function runMany(jobs: readonly ManyJob[], options: RunManyOptions = {}): Promise<RunRecord[]> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const workers = typeof options.workers === 'number' ? resolveWorkers(String(options.workers)) : resolveWorkers(options.workers);
  const results = new Array<RunRecord | undefined>(jobs.length);
  const index = new Map<string, number>();
  const tasks: JobTask[] = [];
  let done = 0;
  if (options.store) removeTempFiles(options.store);
  jobs.forEach((job, i) => {
    if (index.has(job.key)) throw new Error(`runMany: duplicate job key ${job.key}`);
    index.set(job.key, i);
    const hash = jobHash(job.scenario, job.seed, metrics);
    const file = options.store ? join(options.store, `${job.key}.bin`) : null;
    if (file && readCachedHeaderAt(file, job.key, hash)) {
      results[i] = decodeRun(readFileSync(file));
      done++;
    } else {
      tasks.push({ key: job.key, hash, seed: job.seed, scenario: job.scenario, metrics });
    }
  });
  options.onProgress?.(done, jobs.length);
  if (tasks.length > 0) {
    const executor = createExecutor(Math.min(workers, tasks.length));
    try {
      await runTasks(executor, tasks, (task, bytes) => {
        if (options.store) writeFileAtomic(join(options.store, `${task.key}.bin`), bytes);
        results[index.get(task.key)!] = decodeRun(bytes);
        options.onProgress?.(++done, jobs.length);
      });
    } finally {
      await executor.close();
    }
  }
  return results as RunRecord[];
}
