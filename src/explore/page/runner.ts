/**
 * One simulation worker per job kind: a new job on a busy worker terminates it (the run in
 * progress is cancelled at once, whatever period it is in) and hands the job to a fresh
 * worker, started at the cancellation so that its script is parsed while the user is
 * still moving the lever. An idle worker is reused (its code stays warm). Workers start
 * from a Blob URL of the bundled core, because a page opened from disk cannot load
 * worker files.
 */
import type { FromWorker, ToWorker } from '../protocol.js';

export class SimulationWorker {
  private worker: Worker | null = null;
  private busy = false;
  private job = 0;

  constructor(private readonly url: string, private readonly onMessage: (message: FromWorker) => void) {}

  start(message: ToWorker): void {
    if (this.busy) this.cancel();
    this.worker ??= this.spawn();
    this.busy = true;
    this.job = message.id;
    this.worker.postMessage(message);
  }

  /** Stop whatever the worker is doing; a fresh worker waits for the next job. */
  cancel(): void {
    if (!this.busy && this.worker) return;
    this.worker?.terminate();
    this.busy = false;
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(this.url);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.kind === 'done' || m.kind === 'theatre-done' || m.kind === 'problems' || m.kind === 'error') this.busy = false;
      this.onMessage(m);
    };
    worker.onerror = (event: ErrorEvent) => {
      this.busy = false;
      this.onMessage({ kind: 'error', id: this.job, message: event.message || 'the simulation worker failed' });
    };
    return worker;
  }
}

/** The Blob URL of the worker script embedded in the page. */
export function workerUrl(scriptElementId: string): string {
  const text = document.getElementById(scriptElementId)?.textContent ?? '';
  return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
}
