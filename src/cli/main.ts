#!/usr/bin/env node
/** loyalty-sim, the executable: the command line (program.ts) in a process of its own. */
import { hideBin } from 'yargs/helpers';
import { installInterruptHandlers } from '../io/interrupt.js';
import { main, reportError } from './program.js';

/** Errors outside the command's promise (worker threads, timers) end the same way. */
function installLastResortHandlers(): void {
  const bail = (e: unknown) => {
    process.exitCode = reportError(e);
    // eslint-disable-next-line n/no-process-exit
    process.exit();
  };
  process.on('uncaughtException', bail);
  process.on('unhandledRejection', bail);
  // `list | head`, `replicate … 2>&1 | head -1`: a reader that stops reading is not an
  // error. The command finishes (its results complete) and exits as it would have.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') bail(e);
    });
  }
}

installLastResortHandlers();
installInterruptHandlers();
const code = await main(hideBin(process.argv));
process.exitCode = code;
