/**
 * One job of an experiment: simulate a scenario with a seed and reduce the result to what
 * the experiment keeps (RunRecord). Runs in a worker thread (worker.ts) or in-process;
 * the same code either way, so the bits are the same.
 */
import type { Scenario } from '../../model/schema.js';
import { simulate } from '../../model/simulate.js';
import type { RunResult } from '../../model/results.js';
import type { FirmMetric } from '../../model/metrics.js';
import { summarizeRun } from '../../model/summary.js';
import type { MetricSet } from './metric-set.js';
import { encodeRun, firmBlock, marketBlock, seriesLength, type RunRecord } from './run-record.js';

export interface JobTask {
  readonly key: string;
  readonly hash: string;
  readonly seed: number;
  readonly scenario: Scenario;
  readonly metrics: MetricSet;
}

export function reduceRun(result: RunResult, task: Pick<JobTask, 'key' | 'hash' | 'metrics'>): RunRecord {
  const { metrics } = task;
  const T = result.periods;
  const M = result.firmNames.length;
  const series = new Float64Array(seriesLength(metrics, T, M));
  metrics.firm.forEach((name, m) => {
    const column = result.firm[name as FirmMetric];
    if (!column) throw new Error(`run result has no firm metric '${name}'`);
    series.set(column.subarray(0, T * M), firmBlock(m, T, M));
  });
  metrics.market.forEach((name, m) => {
    const column = result.market[name];
    if (!column) throw new Error(`run result has no market metric '${name}'`);
    series.set(column.subarray(0, T), marketBlock(metrics, m, T, M));
  });
  return {
    key: task.key,
    hash: task.hash,
    seed: result.seed,
    periods: T,
    firms: [...result.firmNames],
    metrics,
    summary: summarizeRun(result),
    series,
  };
}

/** Simulate, reduce, encode: what a worker sends back (a few tens of kB, not the RunResult). */
export function runJob(task: JobTask): Uint8Array {
  return encodeRun(reduceRun(simulate(task.scenario, task.seed), task));
}
