/**
 * Options shared by several commands, and the parsing of their values into the loader's
 * terms. yargs parses; these functions validate and explain. Every option problem is an
 * InputError naming the option, the value given and what is expected, and all of them
 * are checked before any work starts (nothing is created before that).
 */
import { accessSync, constants, existsSync, statSync, statfsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import type { Argv } from 'yargs';
import { InputError, describeValue, printable, type InputProblem } from '../errors.js';
import { checkOutputIndex } from '../io/ownership.js';
import type { LoadOptions } from '../scenario/load.js';
import { memoryLimitFrom, optionError, parseShard, parseWorkers, positiveIntOption, shown } from '../experiment/engine/args.js';
import { BLOCK_SIZE, MIN_BLOCKS_PER_THREAD, threadsFor } from '../model/simulate.js';

export interface CommonArgs {
  customers?: number;
  periods?: number;
  set?: string[];
  out: string;
  charts: boolean;
  quiet: boolean;
  json: boolean;
  /** --max-memory MB: the memory budget of a run (default 75% of RAM or LOYALTY_SIM_MAX_MEMORY_MB) */
  maxMemory?: number;
  workers?: string;
  shard?: string;
  /** --threads N|auto (run, all): threads stepping one run's customers */
  threads?: string;
}

export const MAX_CUSTOMERS = 100_000_000;
export const MAX_PERIODS = 100_000;
export const MAX_THREADS = 256;
/** `--threads auto` uses every core up to this: beyond it one run's threads mostly wait on memory. */
export const MAX_AUTO_THREADS = 8;

/** The options that change the scenario itself: what `validate` checks, and every command that runs one. */
export function withScenarioOptions<T>(y: Argv<T>) {
  return y
    .option('customers', { type: 'number', describe: 'override the number of customers N' })
    .option('periods', { type: 'number', describe: 'override the horizon T (periods)' })
    .option('set', { type: 'string', array: true, describe: 'override a field: path=value (repeatable), firms and segments by index or name, e.g. firms.0.price=9.5 or firms.Boreal.program.rewardValue=10 (a 2% reward rate: earnRate × rewardValue / threshold); a value ending in % changes the number there: firms.Boreal.price=-5% (× 0.95), +12% (× 1.12)' });
}

export function withCommonOptions<T>(y: Argv<T>) {
  return withScenarioOptions(y)
    .option('out', { type: 'string', default: 'output', describe: 'output directory' })
    .option('charts', { type: 'boolean', default: true, describe: 'render charts and report (--no-charts to skip)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' })
    .option('max-memory', { type: 'number', describe: 'memory budget in MB (default: 75% of RAM, or LOYALTY_SIM_MAX_MEMORY_MB)' });
}

/**
 * `--threads N|auto` for commands that run one simulation at a time (`run`, `all`): the
 * threads stepping one run's customers. The output is the same bits for any count.
 */
export function withThreadsOption<T>(y: Argv<T>) {
  return y.option('threads', {
    type: 'string',
    describe: `threads stepping one run's customers: a number or 'auto' (all cores, at most ${MAX_AUTO_THREADS}); default 1. Each thread gets at least ${MIN_BLOCKS_PER_THREAD} blocks of ${BLOCK_SIZE} customers, so small runs use fewer. Same output for any count`,
  });
}

/** `--threads N|auto`: auto is every core the machine offers, at most MAX_AUTO_THREADS; undefined when not given. */
export function parseThreads(value: unknown, name = 'threads'): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return Math.max(1, Math.min(availableParallelism(), MAX_AUTO_THREADS));
  // A number typed as text ('-1', '2.5') is checked, and shown, as the number.
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_THREADS) {
    throw optionError(name, `expected 'auto' or a whole number from 1 to ${MAX_THREADS}, got ${shown(name, value)}`);
  }
  return value;
}

/** The threads a run of `customers` uses when `requested` are asked for, and a note for the progress line ('' for one thread asked). */
export function threadsNote(requested: number, customers: number): { used: number; note: string } {
  const used = threadsFor(customers, requested);
  if (requested <= 1) return { used, note: '' };
  const plural = used === 1 ? 'thread' : 'threads';
  const fewer = used < requested ? ` (${requested} asked; at least ${MIN_BLOCKS_PER_THREAD} blocks of ${BLOCK_SIZE} customers a thread)` : '';
  return { used, note: `, ${used} ${plural}${fewer}` };
}

/** `--out`: the shape of the path (nothing is touched on disk). */
function outShapeProblem(out: unknown): string | null {
  if (typeof out !== 'string') return `expected one directory path, got ${shown('out', out)}`;
  if (out.trim() === '') return 'expected a directory path, got empty text';
  if (out.includes('\0')) return 'expected a directory path, got text with a NUL character';
  return null;
}

/**
 * Before any work: can results be written under `dir` (the output directory, or the
 * exact result directory inside it)? Nothing is created. Checks that the deepest
 * existing ancestor is a directory the process may write to, and that nothing on the
 * way is a file.
 */
export function checkOutputDir(out: string, dir: string = out): void {
  const shape = outShapeProblem(out);
  if (shape) throw optionError('out', shape);
  let existing = resolve(dir);
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  let isDir = false;
  try {
    isDir = statSync(existing).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw optionError('out', `expected a directory, but ${existing} is a file (choose another --out)`);
  }
  const pseudo = pseudoFileSystem(existing);
  if (pseudo) throw optionError('out', `expected a directory on a disk, but ${existing} is ${pseudo} (choose another --out)`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EROFS' ? 'on a read-only file system' : 'not writable (permission denied)';
    throw optionError('out', `expected a writable directory, but ${existing} is ${why}`);
  }
}

/**
 * Kernel file systems that hold no files (/proc, /sys, ...): writing there fails in odd
 * ways, and a recursive mkdir under /proc never returns. statfs magic numbers (statfs(2)).
 */
const PSEUDO_FILE_SYSTEMS: Record<number, string> = {
  0x9fa0: 'proc', 0x62656572: 'sysfs', 0x27e0eb: 'cgroup', 0x63677270: 'cgroup2', 0x64626720: 'debugfs',
  0x74726163: 'tracefs', 0x73636673: 'securityfs', 0x1cd1: 'devpts', 0xcafe4a11: 'bpf', 0x62656570: 'configfs',
  0x6165676c: 'pstore', 0xde5e81e4: 'efivarfs', 0x19800202: 'mqueue', 0x65735543: 'fusectl', 0x42494e4d: 'binfmt_misc',
  0x6e736673: 'nsfs', 0xf97cff8c: 'selinuxfs',
};

/** Where `dir` is when that is no place for files ('on a kernel file system (proc)', ...), or null. */
export function pseudoFileSystem(dir: string): string | null {
  const abs = resolve(dir);
  // /dev is a tmpfs holding device nodes, not results (/dev/shm is ordinary memory).
  if ((abs === `${sep}dev` || abs.startsWith(`${sep}dev${sep}`)) && !(abs === '/dev/shm' || abs.startsWith('/dev/shm/'))) return 'in the device folder /dev';
  let existing = abs;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    const type = statfsSync(existing).type;
    return PSEUDO_FILE_SYSTEMS[type] !== undefined ? `on a kernel file system (${PSEUDO_FILE_SYSTEMS[type]})` : null;
  } catch {
    return null;
  }
}

/** Commands that write under --out but never <out>/index.html (every other one writes it, with charts). */
const NO_INDEX_COMMANDS = new Set(['explore']);

/** Commands that never write under --out. */
const READ_ONLY_COMMANDS = new Set(['validate', 'list', '']);

/**
 * Validate the common options (all problems at once) and turn them into loader options.
 * For commands that write, this includes checkOutputDir(--out), so an unusable output
 * directory is refused before any work starts.
 */
export function loadOptionsFrom(args: Omit<CommonArgs, 'out' | 'charts' | 'json'> & { out?: string }): LoadOptions {
  const problems: InputProblem[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const customers = attempt(() => positiveIntOption('customers', args.customers, MAX_CUSTOMERS));
  const periods = attempt(() => positiveIntOption('periods', args.periods, MAX_PERIODS));
  const set = args.set === undefined ? [] : Array.isArray(args.set) ? args.set : [args.set];
  set.forEach((s) => {
    if (typeof s !== 'string') problems.push({ source: 'option --set', path: '', message: `expected path=value, got ${describeValue(s)}` });
  });
  // Commands that write results: is --out usable? (validate and list write nothing and take no --out.)
  const command = String((args as { _?: unknown[] })._?.[0] ?? '');
  const shape = args.out === undefined && READ_ONLY_COMMANDS.has(command) ? null : outShapeProblem(args.out);
  if (shape) problems.push({ source: 'option --out', path: '', message: shape });
  if (!shape && !READ_ONLY_COMMANDS.has(command)) {
    attempt(() => checkOutputDir(String(args.out)));
    // The results index is written only with charts, and replaces only the tool's own.
    if ((args as { charts?: boolean }).charts !== false && !NO_INDEX_COMMANDS.has(command)) attempt(() => checkOutputIndex(String(args.out)));
  }
  if (args.maxMemory !== undefined) attempt(() => memoryLimitFrom(args));
  if (args.workers !== undefined) attempt(() => parseWorkers(args.workers));
  if (args.shard !== undefined) attempt(() => parseShard(args.shard));
  if (args.threads !== undefined) attempt(() => parseThreads(args.threads));
  if (problems.length > 0) throw new InputError(problems);
  return { set: set.map(String), customers, periods };
}

/** Progress and notes go to stderr so that --json output on stdout stays clean. */
export function say(args: { quiet: boolean }, line: string): void {
  // Names come from scenario files: newlines and bidirectional overrides are shown escaped.
  if (!args.quiet) process.stderr.write(printable(line) + '\n');
}
