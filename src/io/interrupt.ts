/**
 * Ctrl-C and SIGTERM: stop at once with exit 130 or 143, after a line saying what was
 * kept. Simulations never run on the main thread of a command (they run in worker
 * threads), so the handler runs within milliseconds whatever the worker count; exiting
 * ends the workers. Nothing is marked complete on the way out: a result's manifest is
 * written last, and result-folder locks are released by their exit hook (io/lock.ts).
 */

const notes: (() => string)[] = [];
let installed = false;

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
