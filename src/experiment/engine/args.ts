/**
 * The values of the options experiments share, parsed and explained: every problem is an
 * InputError naming the option, the value given and what is expected, and all of them
 * are checked before any work starts. The option declarations (yargs specs as data) sit
 * beside their parsers so that a kind lists them, and help texts say the same everywhere.
 */
import { availableParallelism } from 'node:os';
import type { Options } from 'yargs';
import { InputError, describeValue } from '../../errors.js';
import { defaultMemoryLimitBytes } from '../../model/memory.js';
import type { Shard } from './plan.js';

/**
 * The most worker threads an experiment may start: twice the cores (a worker beyond that
 * only waits, and costs its memory), but at least 4 so that scripts written for small
 * machines (`--workers 4`) run anywhere.
 */
export const maxWorkers = (): number => Math.max(4, 2 * availableParallelism());
export const MAX_SHARDS = 100_000;
export const MAX_SEED = 2 ** 31 - 1;
/** Most runs one experiment (points × seeds) may ask for; most grid points. */
export const MAX_RUNS = 100_000;
export const MAX_POINTS = 10_000;

/**
 * The text the user typed for `--name`, for messages (yargs turns `--seed abc` into NaN).
 * Reads process.argv; returns undefined when not found.
 */
export function rawOptionText(name: string, argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const flag = `--${name}`;
  for (let i = argv.length - 1; i >= 0; i--) {
    const a = argv[i];
    if (a === flag) return argv[i + 1];
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  return undefined;
}

/** yargs reads an empty number option (`--customers ""`) as 0: given, but with no number in it. */
const typedBlank = (name: string, value: unknown): boolean => typeof value === 'number' && rawOptionText(name)?.trim() === '';

export function shown(name: string, value: unknown): string {
  if (typedBlank(name, value)) return describeValue(rawOptionText(name));
  if (typeof value === 'number' && Number.isNaN(value)) {
    const raw = rawOptionText(name);
    return raw === undefined ? 'not a number' : describeValue(raw);
  }
  if (Array.isArray(value)) return `${value.length} values (${value.map((v) => String(v)).join(', ')}); give it once`;
  return describeValue(value);
}

export const optionError = (name: string, message: string): InputError => new InputError({ source: `option --${name}`, path: '', message });

/** A whole number in [min, max], or undefined when the option was not given. */
export function intOption(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max || typedBlank(name, value)) {
    throw optionError(name, `expected a whole number from ${min} to ${max}, got ${shown(name, value)}`);
  }
  return value;
}

export function positiveIntOption(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  return intOption(name, value, 1, max);
}

export function nonNegativeIntOption(name: string, value: unknown, max = MAX_SEED): number | undefined {
  return intOption(name, value, 0, max);
}

/** `--workers N|auto`: auto is every core the machine offers. */
export function parseWorkers(value: unknown, name = 'workers'): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto') return Math.max(1, availableParallelism());
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) value = Number(value);
  const max = maxWorkers();
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const why = typeof value === 'number' && Number.isInteger(value) && value > max ? ` (at most twice the ${availableParallelism()} cores of this machine, or 4)` : '';
    throw optionError(name, `expected 'auto' or a whole number from 1 to ${max}${why}, got ${shown(name, value)}`);
  }
  return value;
}

/** `--workers`, with auto (every core) also when not given: the experiment commands' default. */
export const resolveWorkers = (value: unknown): number => parseWorkers(value) ?? Math.max(1, availableParallelism());

/** `--shard i/n` with 0 ≤ i < n (as Kubernetes job indexes). */
export function parseShard(value: unknown, name = 'shard'): Shard | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : undefined;
  const m = text === undefined ? null : /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (!m) throw optionError(name, `expected i/n with 0 ≤ i < n, e.g. 0/4, got ${shown(name, value)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw optionError(name, `expected n from 1 to ${MAX_SHARDS} in i/n, got ${describeValue(text)}`);
  if (index >= count) throw optionError(name, `expected i < n in i/n (shards are numbered 0 to ${count - 1}), got ${describeValue(text)}`);
  return { index, count };
}

/** `--max-memory MB` in bytes, else the default (LOYALTY_SIM_MAX_MEMORY_MB or 75% of RAM). */
export function memoryLimitFrom(args: { maxMemory?: unknown }): number {
  const value = args.maxMemory;
  if (value === undefined) return defaultMemoryLimitBytes();
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1e9) {
    throw optionError('max-memory', `expected a number of megabytes > 0, got ${shown('max-memory', value)}`);
  }
  return value * 1024 * 1024;
}

/**
 * `--seeds`: every experiment reports 95% intervals of means over seeds, and an interval
 * needs at least two (one seed has no spread). Undefined when not given.
 */
export function parseSeeds(value: unknown, max = MAX_RUNS): number | undefined {
  if (value === 1 || value === 0) {
    throw optionError('seeds', `expected at least 2 seeds (a 95% interval needs two), got ${value} (use loyalty-sim run for a single seed)`);
  }
  return intOption('seeds', value, 2, max);
}

/**
 * Refuse an experiment larger than MAX_POINTS points or MAX_RUNS runs before anything is
 * built for it, naming the total.
 */
export function checkExperimentSize(points: number, seeds: number, what = 'grid points'): void {
  const runs = points * seeds;
  if (points > MAX_POINTS) {
    throw new InputError({ source: 'option --vary', path: '', message: `${points.toLocaleString('en-US')} ${what} is more than ${MAX_POINTS.toLocaleString('en-US')}; use fewer values, or --sample lhs:N` });
  }
  if (runs > MAX_RUNS) {
    throw new InputError({
      source: 'option --seeds',
      path: '',
      message: `${points.toLocaleString('en-US')} ${what} × ${seeds} seeds = ${runs.toLocaleString('en-US')} runs is more than ${MAX_RUNS.toLocaleString('en-US')}; use fewer values or seeds, or split the work with --shard`,
    });
  }
}

/** What an experiment's options become: the seeds, their base and the threads running them. */
export interface SeedArgs {
  seeds?: unknown;
  seedBase?: unknown;
}

/** `--seeds` (at least 2, default `defaultSeeds`) and `--seed-base`. */
export function parseSeedArgs(args: SeedArgs, defaultSeeds: number, max = MAX_RUNS): { replicates: number; seedBase: number } {
  return { replicates: parseSeeds(args.seeds, max) ?? defaultSeeds, seedBase: nonNegativeIntOption('seed-base', args.seedBase) ?? 1 };
}

// ---------------------------------------------------------------------------------------
// The declarations, as yargs takes them: one wording for every command.

/** `--seeds` and `--seed-base`; `what` says what the seeds replicate. */
export const seedOptions = (defaultSeeds: number, what = 'replicates per scenario'): Record<string, Options> => ({
  seeds: { type: 'number', describe: `${what} (default ${defaultSeeds}; at least 2 for an interval); replicate k uses seed hash(seed-base, k) everywhere` },
  'seed-base': { type: 'number', default: 1, describe: 'base of the replicate seeds' },
});

export const WORKERS_OPTION: Record<string, Options> = {
  workers: { type: 'string', describe: "worker threads running runs side by side: a number or 'auto' (all cores; the default)" },
};

export const SHARD_OPTION: Record<string, Options> = {
  shard: { type: 'string', describe: 'run slice i of n (0 ≤ i < n) of the runs; combine the slices with loyalty-sim merge' },
};
