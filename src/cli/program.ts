/**
 * The command line as a function (INTERFACE.md): main(argv) runs one command and returns
 * its exit code. One file per command under commands/. Exit codes: 0 success, 2 invalid
 * input (one clear message per problem), 1 internal error. No stack trace is ever printed
 * unless LOYALTY_SIM_DEBUG is set. The process around it (signals, last-resort handlers,
 * the exit code) is main.ts.
 */
import yargs from 'yargs';
import { InputError, printable } from '../errors.js';
import { TOOL_VERSION } from '../version.js';

export async function main(argv: string[]): Promise<number> {
  const parser = yargs(argv)
    .scriptName('loyalty-sim')
    .version(TOOL_VERSION)
    .strict()
    .demandCommand(1, 'name a command (loyalty-sim --help lists them)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      // Throwing (not just recording) stops yargs from running the command's handler
      // after a usage problem such as an unknown option.
      const text = printable(String(msg ?? 'invalid command line')).replace(/\\u000a/g, ' ');
      throw new InputError({ source: 'loyalty-sim', path: '', message: `${text} (loyalty-sim --help lists the options)` });
    });
  try {
    // Loaded here, not imported at the top, so that a broken install ends in one line too.
    const { commandModules } = await import('./commands/index.js');
    for (const command of await commandModules(argv)) parser.command(command);
    await parser.parseAsync();
  } catch (e) {
    return reportError(e);
  }
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

/** File-system failures that mean "this path cannot be used", with a message for people. */
const PATH_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a file is in the way',
  EEXIST: 'a file is in the way',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'path too long',
};
const WRITE_SYSCALLS = new Set(['mkdir', 'open', 'rename', 'unlink', 'rmdir', 'rm', 'write', 'copyfile', 'symlink', 'utime', 'chmod']);

export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    process.stderr.write(e.message + '\n');
    return 2;
  }
  const err = e as NodeJS.ErrnoException | undefined;
  const debug = () => {
    if (process.env.LOYALTY_SIM_DEBUG && err?.stack) process.stderr.write(`${err.stack}\n`);
  };
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.syscall === 'string') {
    const where = err.path ? printable(String(err.path)) : 'the output';
    // An output path that cannot be written is a problem with the --out option: exit 2.
    if (PATH_PROBLEMS[err.code] && WRITE_SYSCALLS.has(err.syscall)) {
      process.stderr.write(`option --out: cannot write ${where}: ${PATH_PROBLEMS[err.code]} (choose a writable --out directory)\n`);
      debug();
      return 2;
    }
    if (err.code === 'ENOSPC' || err.code === 'EDQUOT' || err.code === 'EFBIG') {
      const full = err.code === 'EFBIG' ? 'the file size limit (ulimit -f) was reached' : 'no space left on the device';
      process.stderr.write(`loyalty-sim: ${full} while writing ${where}; earlier results are intact\n`);
      debug();
      return 1;
    }
  }
  const first = printable(String(err?.message ?? e).split('\n')[0]);
  process.stderr.write(`loyalty-sim: internal error: ${first}${process.env.LOYALTY_SIM_DEBUG ? '' : ' (set LOYALTY_SIM_DEBUG=1 for details)'}\n`);
  debug();
  return 1;
}
