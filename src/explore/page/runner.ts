/**
 * One simulation worker at a time per job: a new job on a busy worker terminates it (the
 * run in progress is cancelled at once, whatever period it is in) and starts a fresh one;
 * an idle worker is reused. Workers start from a Blob URL of the bundled core, because a
 * page opened from disk cannot load worker files.
 */
import type { FromWorker, ToWorker } from '../protocol.js';

export class SimulationWorker {
  private worker: Worker | null = null;
  private busy = false;

  constructor(private readonly url: string, private readonly onMessage: (message: FromWorker) => void) {}

  start(message: ToWorker): void {
    if (this.busy) this.cancel();
    if (!this.worker) {
      const worker = new Worker(this.url);
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const m = event.data;
        if (m.kind === 'done' || m.kind === 'theatre-done' || m.kind === 'problems' || m.kind === 'error') this.busy = false;
        this.onMessage(m);
      };
      worker.onerror = (event: ErrorEvent) => {
        this.busy = false;
        this.onMessage({ kind: 'error', id: message.id, message: event.message || 'the simulation worker failed' });
      };
      this.worker = worker;
    }
    this.busy = true;
    this.worker.postMessage(message);
  }

  /** Stop whatever the worker is doing (it is terminated; the next job starts a new one). */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
  }
}

/** The Blob URL of the worker script embedded in the page. */
export function workerUrl(scriptElementId: string): string {
  const text = document.getElementById(scriptElementId)?.textContent ?? '';
  return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
}
