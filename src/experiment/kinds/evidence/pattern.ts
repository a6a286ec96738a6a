/**
 * A published pattern as a declaration: the runs it compares (shipped scenarios with `--set`
 * changes, on common seeds), what it measures per seed, the band the literature gives and
 * where it comes from. The battery runs every declared run once (patterns share runs), then
 * judges each pattern from its per-seed values (judge.ts); nothing here runs anything.
 */
import type { Scenario } from '../../../model/schema.js';
import type { RunSummary } from '../../../model/summary.js';

/** One run of a pattern: a shipped scenario with changes; `set` may read the loaded scenario (a doubled failure rate). */
export interface RunSpec {
  readonly scenario: string;
  readonly set?: readonly string[] | ((scenario: Scenario) => readonly string[]);
  /** a horizon the pattern needs whatever the battery's (prices that take years to settle) */
  readonly periods?: number;
}

/** The range the literature allows; an open side is unbounded. */
export interface Band {
  readonly low?: number;
  readonly high?: number;
}

/** Per seed, the named runs' summaries → the measured value, or [numerator, denominator] of a ratio of means. */
export type Measure = (runs: Readonly<Record<string, RunSummary>>) => number | readonly [number, number];

export interface Pattern {
  /** the scorecard's `pattern` */
  readonly id: string;
  /** what the literature found, in a sentence */
  readonly claim: string;
  readonly source: string;
  /** what is measured, in words (the scorecard's `metric`) */
  readonly metric: string;
  readonly band: Band;
  readonly runs: Readonly<Record<string, RunSpec>>;
  readonly measure: Measure;
  /** the measure is a ratio of means over seeds (its interval by the delta method), not a mean of per-seed values */
  readonly ratio?: boolean;
  /** a pattern the clutter κ moves: it bounds κ (evidence --clutter) */
  readonly clutter?: boolean;
}

export const bandText = (b: Band): string =>
  b.low !== undefined && b.high !== undefined ? `${b.low} to ${b.high}` : b.low !== undefined ? `> ${b.low}` : b.high !== undefined ? `< ${b.high}` : 'any';

/** A firm's figure in a run summary. */
export function firmValue(s: RunSummary, firm: string, metric: string): number {
  const f = s.firms.find((x) => x.name === firm);
  if (!f) throw new Error(`no firm ${firm} in ${s.scenario}`);
  return Number(f[metric]);
}

/** Least-squares slope of y on x. */
export function slope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i] - mx) * (y[i] - my);
    den += (x[i] - mx) ** 2;
  }
  return num / den;
}
