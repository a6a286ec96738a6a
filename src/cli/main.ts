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
  // `loyalty-sim list | head`: a closed pipe is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
    else bail(e);
  });
}

installLastResortHandlers();
installInterruptHandlers();
const code = await main(hideBin(process.argv));
process.exitCode = code;
