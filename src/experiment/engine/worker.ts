/**
 * Worker-thread entry for the piscina pool (pool.ts): one job in, one encoded RunRecord
 * out. An input problem found while running (an expression dividing by zero) comes back
 * as its problems, since an InputError does not survive the trip between threads; the
 * pool throws it again on the main thread, so it ends in exit 2 as under `run`.
 */
import { InputError } from '../../errors.js';
import { runJob, type JobTask } from './run-job.js';
import type { WorkerReply } from './pool.js';

export default function (task: JobTask): WorkerReply {
  try {
    return { bytes: runJob(task) };
  } catch (e) {
    if (e instanceof InputError) return { problems: [...e.problems] };
    throw e;
  }
}
