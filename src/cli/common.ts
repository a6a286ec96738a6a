/**
 * Options shared by several commands, and the parsing of their values into the loader's
 * terms. yargs parses; these functions validate and explain.
 */
import type { Argv } from 'yargs';
import { InputError } from '../scenario/errors.js';
import type { LoadOptions } from '../scenario/load.js';

export interface CommonArgs {
  customers?: number;
  periods?: number;
  set?: string[];
  out: string;
  charts: boolean;
  quiet: boolean;
  json: boolean;
  workers?: string;
  shard?: string;
}

export function withCommonOptions<T>(y: Argv<T>) {
  return y
    .option('customers', { type: 'number', describe: 'override the number of customers N' })
    .option('periods', { type: 'number', describe: 'override the horizon T (periods)' })
    .option('set', { type: 'string', array: true, describe: 'override a field: path=value (repeatable), e.g. firms.0.program.rewardValue=8' })
    .option('out', { type: 'string', default: 'output', describe: 'output directory' })
    .option('charts', { type: 'boolean', default: true, describe: 'render charts and report (--no-charts to skip)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
    .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' });
}

export function positiveIntOption(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError({ source: `option --${name}`, path: '', message: `expected a whole number from 1 to ${max}, got ${String(value)}` });
  }
  return value;
}

export function nonNegativeIntOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
    throw new InputError({ source: `option --${name}`, path: '', message: `expected a whole number ≥ 0, got ${String(value)}` });
  }
  return value;
}

export function loadOptionsFrom(args: CommonArgs): LoadOptions {
  return {
    set: (args.set ?? []).map(String),
    customers: positiveIntOption('customers', args.customers, 100_000_000),
    periods: positiveIntOption('periods', args.periods, 100_000),
  };
}

/** Progress and notes go to stderr so that --json output on stdout stays clean. */
export function say(args: { quiet: boolean }, line: string): void {
  if (!args.quiet) process.stderr.write(line + '\n');
}
