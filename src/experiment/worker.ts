/** Worker-thread entry for the piscina pool (pool.ts): one job in, one encoded RunRecord out. */
import { runJob, type JobTask } from './run-job.js';

export default function (task: JobTask): Uint8Array {
  return runJob(task);
}
