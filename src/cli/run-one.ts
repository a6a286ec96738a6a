/**
 * One scenario and seed, simulated and written with its charts and report: the body of
 * `run` and of each scenario of `all`. Memory and the result directory are checked before
 * any work, so a run that cannot finish never starts.
 */
import type { Scenario } from '../scenario/schema.js';
import type { RunSummary } from '../model/summary.js';
import { checkMemoryBudget } from '../model/memory.js';
import { simulateThreaded } from '../model/simulate.js';
import { runDir, writeRunOutput } from '../io/run-output.js';
import { renderRunReport } from '../report/index.js';
import { runFindings, type Findings } from '../report/findings.js';
import { checkOutputDir, type CommonArgs } from './common.js';

export interface RunOneOptions {
  readonly seed: number;
  /** the scenario file, for the manifest */
  readonly file: string;
  /** threads stepping the customers (threadsNote's `used`) */
  readonly threads: number;
  readonly memoryLimit: number;
}

export async function runOne(args: CommonArgs, scenario: Scenario, options: RunOneOptions): Promise<{ dir: string; summary: RunSummary; findings: Findings }> {
  const dir = runDir(args.out, scenario.name, options.seed);
  checkMemoryBudget(scenario, options.memoryLimit);
  checkOutputDir(args.out, dir);
  const result = await simulateThreaded(scenario, options.seed, { threads: options.threads });
  // built once: the report shows these sentences and the command line prints them
  let findings: Findings | undefined;
  const findingsOf = (summary: RunSummary) => (findings ??= runFindings({ result, summary, periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery }));
  const summary = writeRunOutput(dir, scenario, result, {
    charts: args.charts,
    argv: process.argv.slice(2),
    inputFile: options.file,
    renderReport: (tmp, summary) => renderRunReport(tmp, { scenario, result, summary, findings: findingsOf(summary) }),
  });
  return { dir, summary, findings: findingsOf(summary) };
}
