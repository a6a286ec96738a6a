/**
 * Ctrl-C and SIGTERM: stop at once with exit 130 or 143, after a line saying what was
 * kept. Simulations never run on the main thread of a command (they run in worker
 * threads), so the handler runs within milliseconds whatever the worker count; exiting
 * ends the workers. Nothing is marked complete on the way out: a result's manifest is
 * written last, and result-folder locks are released by their exit hook (io/lock.ts).
 *
 * The long stretches that do block the main thread, writing a result with its charts
 * (rendering waits on its worker), run inside whileBlocked: there the signals keep the
 * system's default action.
 */

const notes: (() => string)[] = [];
let installed = false;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Install the handlers once (the CLI does, before any command runs). */
export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  const stop = (code: number) => () => {
    for (const note of notes) {
      try {
        process.stderr.write(`\n${note()}\n`);
      } catch {
        // a closed stderr must not keep the process alive
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', stop(130));
  process.on('SIGTERM', stop(143));
}

/** A line printed if the command is interrupted now; returns a function that removes it. */
export function onInterrupt(note: () => string): () => void {
  notes.push(note);
  return () => {
    const i = notes.indexOf(note);
    if (i >= 0) notes.splice(i, 1);
  };
}

let blocking = 0;
let saved: Map<NodeJS.Signals, NodeJS.SignalsListener[]> | null = null;

/**
 * Run `work`, which blocks the main thread, so that Ctrl-C and SIGTERM still end the
 * process at once: a handler could only run once the thread is free again (drawing the
 * charts of one run took 10 s), so meanwhile no handler is installed and the system ends
 * the process (exit 130 or 143, as from the handlers). Nothing is marked complete, since
 * a result's manifest is written last; the result folder's lock stays behind and the next
 * command takes it over as stale, saying so (io/lock.ts).
 *
 * A signal that arrived while the thread was busy with the handlers installed waits for
 * the event loop, and would be dropped when they are removed: async code enters through
 * whileBlockedAfterSignals, which lets such a signal be handled first.
 */
export function whileBlocked<T>(work: () => T): T {
  if (!installed) return work(); // in a test process the signals are the runner's
  if (blocking++ === 0) {
    saved = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
    for (const signal of SIGNALS) process.removeAllListeners(signal);
  }
  try {
    return work();
  } finally {
    if (--blocking === 0 && saved) {
      for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener);
      saved = null;
    }
  }
}

/**
 * whileBlocked for the synchronous stretch that writes a result, entered from async code
 * (after the work of a command's workers, and its tables): a Ctrl-C or SIGTERM that came
 * while the thread was busy is handled first, in the event loop's poll phase, which two
 * turns of setImmediate pass through.
 */
export async function whileBlockedAfterSignals<T>(work: () => T): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  return whileBlocked(work);
}
