/**
 * One scenario and seed, simulated and written with its charts and report: the body of
 * `run` and of each scenario of `all`. Memory, the output folder and its lock are checked
 * before any work, so a run that cannot finish never starts. The simulation runs in a
 * worker thread (run-thread.ts) so that Ctrl-C and SIGTERM stop it at once.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PanelColumns } from '../model/panel.js';
import { checkPanelDisk, checkPanelMemory, PANEL_FILE, writePanelParquet } from '../report/panel-file.js';
import type { Scenario } from '../model/schema.js';
import type { RunSummary } from '../model/summary.js';
import type { RunResult } from '../model/results.js';
import { checkMemoryBudget } from '../model/memory.js';
import { InputError } from '../errors.js';
import { runDir, writeRunOutput } from '../report/run-files.js';
import { compiledWorkerUrl } from '../io/worker-file.js';
import { lockResultDir } from '../io/lock.js';
import { whileBlockedAfterSignals } from '../io/interrupt.js';
import { RUN_LAYOUT, checkResultDir } from '../io/ownership.js';
import { renderRunReport } from '../report/run-report.js';
import type { Findings } from '../report/findings.js';
import { runFindings } from '../report/run-findings.js';
import { checkOutputDir, type CommonArgs } from './common.js';
import type { RunThreadReply, RunThreadTask } from './run-thread.js';

export interface RunOneOptions {
  readonly seed: number;
  /** the scenario file, for the manifest */
  readonly file: string;
  /** threads stepping the customers (threadsNote's `used`) */
  readonly threads: number;
  readonly memoryLimit: number;
  /** also write panel.parquet, the panel of purchases */
  readonly panel?: boolean;
}

export async function runOne(args: CommonArgs, scenario: Scenario, options: RunOneOptions): Promise<{ dir: string; summary: RunSummary; findings: Findings }> {
  const dir = runDir(args.out, scenario.name, options.seed);
  checkMemoryBudget(scenario, options.memoryLimit, 1, options.threads);
  if (options.panel) checkPanelMemory(scenario, options.memoryLimit, options.threads);
  checkOutputDir(args.out, dir);
  if (options.panel) checkPanelDisk(dir, scenario.customers, scenario.periods);
  const release = lockResultDir(dir);
  try {
    checkResultDir(dir, RUN_LAYOUT);
    const { result, panel } = await simulateInWorker({ scenario, seed: options.seed, threads: options.threads, panel: options.panel === true });
    // built once: the report shows these sentences and the command line prints them
    let findings: Findings | undefined;
    const findingsOf = (summary: RunSummary) => (findings ??= runFindings({ result, summary, scenario, periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery }));
    const summary = await whileBlockedAfterSignals(() => writeRunOutput(dir, scenario, result, {
      charts: args.charts,
      argv: process.argv.slice(2),
      inputFile: options.file,
      ...(panel ? { extra: (tmp: string) => writePanelParquet(join(tmp, PANEL_FILE), panel, { segments: scenario.segments.map((s) => s.name), firms: scenario.firms.map((f) => f.name) }) } : {}),
      renderReport: (tmp, summary) => renderRunReport(tmp, { scenario, result, summary, findings: findingsOf(summary) }),
    }));
    return { dir, summary, findings: findingsOf(summary) };
  } finally {
    release();
  }
}

/** simulateThreaded in a worker thread; the same bits as on the main thread. */
function simulateInWorker(task: RunThreadTask): Promise<{ result: RunResult; panel?: PanelColumns }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(compiledWorkerUrl(import.meta.url, 'cli/run-thread.js')), { workerData: task });
    let settled = false;
    worker.once('message', (reply: RunThreadReply) => {
      settled = true;
      if ('result' in reply) resolve(reply);
      else if ('problems' in reply) reject(new InputError([...reply.problems]));
      else {
        const error = new Error(reply.error);
        if (reply.stack) error.stack = reply.stack;
        reject(error);
      }
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the simulation thread stopped (exit code ${code})`));
    });
  });
}
