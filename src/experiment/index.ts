/**
 * `runMany`, for code that runs many simulations outside an experiment plan (the bench):
 * jobs on the worker pool, optionally with a resumable cache, each run's summary and
 * per-period series returned in job order.
 */
import type { Scenario } from '../scenario/schema.js';
import { resolveWorkers } from '../cli/common.js';
import { checkMemoryBudget, defaultMemoryLimitBytes } from '../model/memory.js';
import { writeFileAtomic } from '../io/atomic.js';
import { join } from 'node:path';
import { createExecutor, runTasks } from './engine/pool.js';
import { DEFAULT_METRICS, type MetricSet } from './engine/metric-set.js';
import { decodeRun, type RunRecord } from './engine/run-record.js';
import { jobHash, readCachedRun, removeTempFiles, type CacheDamage } from './engine/store.js';
import type { JobTask } from './engine/run-job.js';

export { createProgress } from './engine/progress.js';

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
  /** the memory budget in bytes (default: defaultMemoryLimitBytes), checked before any run starts */
  readonly memoryLimit?: number;
  /** counts cached runs that failed their checksum (they are recomputed) */
  readonly damage?: CacheDamage;
}

/** Run every job (in parallel, byte-identical for any worker count); results in job order. */
export async function runMany(jobs: readonly ManyJob[], options: RunManyOptions = {}): Promise<RunRecord[]> {
  const metrics = options.metrics ?? DEFAULT_METRICS;
  const workers = resolveWorkers(options.workers);
  const results = new Array<RunRecord | undefined>(jobs.length);
  const index = new Map<string, number>();
  const tasks: JobTask[] = [];
  let done = 0;
  const atOnce = Math.max(1, Math.min(workers, jobs.length));
  const limit = options.memoryLimit ?? defaultMemoryLimitBytes();
  for (const job of jobs) checkMemoryBudget(job.scenario, limit, atOnce);
  if (options.store) removeTempFiles(options.store);
  jobs.forEach((job, i) => {
    if (index.has(job.key)) throw new Error(`runMany: duplicate job key ${job.key}`);
    index.set(job.key, i);
    const hash = jobHash(job.scenario, job.seed, metrics);
    const cached = options.store ? readCachedRun(join(options.store, `${job.key}.bin`), job.key, hash, options.damage) : null;
    if (cached) {
      results[i] = cached;
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
