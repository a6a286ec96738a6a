/**
 * Running jobs on all cores: a piscina worker-thread pool, one thread per worker, also for
 * a single worker. Runs never block the main thread, so Ctrl-C and SIGTERM are handled at
 * once (io/interrupt.ts) whatever the worker count. Workers load the bundled worker
 * (dist/workers/experiment/engine/worker.js, worker-file.ts); from sources under vitest too, so
 * build first there.
 *
 * Results may arrive in any order; callers store them by key, so the order never shows
 * in the output.
 */
import { Piscina } from 'piscina';
import { compiledWorkerUrl } from '../../io/worker-file.js';
import { InputError, type InputProblem } from '../../errors.js';
import type { JobTask } from './run-job.js';

export interface Executor {
  readonly workers: number;
  run(task: JobTask): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** What a worker sends back: the encoded run, or the input problems that stopped it. */
export type WorkerReply = { readonly bytes: Uint8Array } | { readonly problems: readonly InputProblem[] };

/** The compiled worker file, beside this module in dist (or dist's twin of src under vitest). */
export const workerFileUrl = (): string => compiledWorkerUrl(import.meta.url, 'experiment/engine/worker.js');

/**
 * piscina loads a worker with require() first and falls back to import(). On Node ≥ 20.19
 * require() of an ES module succeeds, and mixing the two loaders in one thread can fail
 * ("a module that is imported again after being required", seen once under heavy load).
 * Where Node knows the flag, the workers load with import() only.
 */
const REQUIRE_ESM_OFF = '--no-experimental-require-module';
const workerExecArgv = (): string[] | undefined =>
  process.allowedNodeEnvironmentFlags.has(REQUIRE_ESM_OFF) ? [...process.execArgv, REQUIRE_ESM_OFF] : undefined;

class PoolExecutor implements Executor {
  private readonly pool: Piscina;
  constructor(readonly workers: number) {
    this.pool = new Piscina({ filename: workerFileUrl(), minThreads: workers, maxThreads: workers, idleTimeout: 60_000, execArgv: workerExecArgv() });
  }
  async run(task: JobTask): Promise<Uint8Array> {
    const reply = (await this.pool.run(task)) as WorkerReply;
    if ('problems' in reply) throw new InputError([...reply.problems]);
    const out = reply.bytes;
    return out instanceof Uint8Array ? out : new Uint8Array(out as ArrayBufferLike);
  }
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

export function createExecutor(workers: number): Executor {
  return new PoolExecutor(Math.max(1, workers));
}

/**
 * Run tasks with at most `workers × 2` in flight (memory stays bounded for 10,000-run
 * sweeps) and hand each result to `onDone` as it arrives. Stops at the first failure.
 */
export async function runTasks(
  executor: Executor,
  tasks: readonly JobTask[],
  onDone: (task: JobTask, bytes: Uint8Array) => void,
): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const lane = async () => {
    while (failed === null && next < tasks.length) {
      const task = tasks[next++];
      try {
        onDone(task, await executor.run(task));
      } catch (e) {
        failed ??= e;
      }
    }
  };
  const lanes = Math.max(1, Math.min(tasks.length, executor.workers * 2));
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failed !== null) throw failed;
}
