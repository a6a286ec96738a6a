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
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err, usage) => {
      if (err) throw err;
      // Throwing (not just recording) stops yargs from running the command's handler
      // after a usage problem such as an unknown option.
      const text = printable(String(msg ?? 'invalid command line')).replace(/\\u000a/g, ' ');
      throw new InputError({ source: 'loyalty-sim', path: '', message: `${text}${optionsHint(text, usage as unknown as UsageView)}` });
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

/** What yargs' fail handler is given of the command being parsed: its usage line and its options' descriptions. */
interface UsageView {
  getUsage?: () => readonly (readonly [string, string])[];
  getDescriptions?: () => Readonly<Record<string, string>>;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * After a usage problem: the options of the command it belongs to, with a guess for a
 * mistyped one (`run --seeds 4`: did you mean --seed?), so that the message alone is
 * enough; at the top level, where the commands are listed.
 */
export function optionsHint(message: string, usage: UsageView): string {
  const line = usage.getUsage?.()[0]?.[0] ?? '';
  const words = line.split(/\s+/).slice(1); // "$0 run [scenario]" → run, [scenario]
  const command = words[0] && !/^[<[]/.test(words[0]) ? words[0] : '';
  if (!command) return ' (loyalty-sim --help lists the commands and their options)';
  const positionals = new Set(words.slice(1).map((w) => w.replace(/[<>[\].]/g, '')));
  const options = Object.keys(usage.getDescriptions?.() ?? {}).filter((o) => o !== 'help' && o !== 'version' && !positionals.has(o));
  const unknown = /^Unknown arguments?: (.*)$/.exec(message)?.[1].split(', ') ?? [];
  const guesses = unknown.flatMap((u) => {
    const near = options.map((o) => ({ o, d: distance(u, o) })).filter((x) => x.d <= 2 || x.o.startsWith(u) || u.startsWith(x.o));
    const best = Math.min(...near.map((x) => x.d));
    const names = near.filter((x) => x.d === best).map((x) => `--${x.o}`);
    return names.length ? [`${names.join(' or ')} for --${u}`] : [];
  });
  const guess = guesses.length ? ` (did you mean ${guesses.join(', ')}?)` : '';
  return `${guess}; ${command} takes ${options.map((o) => `--${o}`).join(', ')} (loyalty-sim ${command} --help explains each)`;
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
