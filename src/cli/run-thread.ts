/**
 * Worker-thread entry for `run` and `all` (run-one.ts): one simulation off the main
 * thread, so that Ctrl-C and SIGTERM are handled at once while it runs. The result's
 * columns are transferred back, not copied. Input problems found while running come back
 * as their problems (an InputError does not survive the trip between threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateThreaded } from '../model/simulate.js';
import { PanelRecorder, type PanelColumns } from '../model/panel.js';
import type { RunResult } from '../model/results.js';
import type { Scenario } from '../model/schema.js';
import { InputError, type InputProblem } from '../errors.js';

export interface RunThreadTask {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly threads: number;
  /** record the panel of purchases (run --panel) */
  readonly panel?: boolean;
}

export type RunThreadReply =
  | { readonly result: RunResult; readonly panel?: PanelColumns }
  | { readonly problems: readonly InputProblem[] }
  | { readonly error: string; readonly stack?: string };

const columns = (r: RunResult): ArrayBuffer[] =>
  [...Object.values(r.firm), ...Object.values(r.market)].map((a) => a.buffer as ArrayBuffer);

async function main(): Promise<void> {
  const task = workerData as RunThreadTask;
  let reply: RunThreadReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const recorder = task.panel ? new PanelRecorder() : undefined;
    const result = await simulateThreaded(task.scenario, task.seed, { threads: task.threads, ...(recorder ? { panel: recorder } : {}) });
    const panel = recorder?.result();
    reply = panel ? { result, panel } : { result };
    transfer = [...columns(result), ...(panel ? Object.values(panel).filter(ArrayBuffer.isView).map((a) => a.buffer as ArrayBuffer) : [])];
  } catch (e) {
    reply = e instanceof InputError ? { problems: [...e.problems] } : { error: String((e as Error)?.message ?? e), stack: (e as Error)?.stack };
  }
  parentPort!.postMessage(reply, transfer);
}

void main();
