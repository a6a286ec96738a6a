/**
 * What the battery writes: scorecard.csv (one row per pattern), clutter.csv (the
 * κ-sensitive patterns at each κ, with --clutter), summary.json, and the report's content
 * (the shell draws report.html from it; its first finding is the front page's line).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic.js';
import { toCsv } from '../../../io/csv.js';
import { stableJson } from '../../../io/json.js';
import { htmlTable } from '../../../report/html.js';
import type { ReportContent } from '../../../report/write-report.js';
import type { KindOutcome } from '../kind.js';
import type { Judged, Status } from './judge.js';
import { bandText, type Pattern } from './pattern.js';

export const SCORECARD_FILE = 'scorecard.csv';
export const CLUTTER_FILE = 'clutter.csv';
export const SCORECARD_COLUMNS = ['pattern', 'source', 'metric', 'band', 'measured', 'ciLow', 'ciHigh', 'seeds', 'status'] as const;

export interface Scored extends Judged {
  readonly pattern: Pattern;
  readonly kappa: number | null;
}

export interface BatteryInfo {
  readonly customers: number;
  readonly periods: number;
  readonly seeds: number;
  readonly quick: boolean;
  readonly seedBase: number;
  readonly clutter: readonly number[] | null;
}

/** The κ values of the grid where every κ-sensitive pattern has `ok` status, as contiguous ranges. */
export function rangesWhere(grid: readonly number[], rows: readonly Scored[], ok: (s: Status) => boolean): [number, number][] {
  const ranges: [number, number][] = [];
  let open: [number, number] | null = null;
  for (const k of grid) {
    const here = rows.filter((r) => r.kappa === k);
    if (here.length && here.every((r) => ok(r.status))) {
      if (open) open[1] = k;
      else ranges.push((open = [k, k]));
    } else open = null;
  }
  return ranges;
}

const rangeText = (ranges: readonly [number, number][]): string =>
  ranges.length ? ranges.map(([a, b]) => (a === b ? `κ = ${a}` : `κ ${a}–${b}`)).join(' and ') : 'no κ of the grid';

const num = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '–');

export function writeEvidence(dir: string, scored: readonly Scored[], info: BatteryInfo): Omit<KindOutcome, 'manifest'> {
  const shipped = scored.filter((s) => s.kappa === null);
  const grid = scored.filter((s) => s.kappa !== null);
  const count = (status: Status) => shipped.filter((s) => s.status === status).length;
  const holds = count('holds');
  const row = (s: Scored) => ({ pattern: s.pattern.id, source: s.pattern.source, metric: s.pattern.metric, band: bandText(s.pattern.band), measured: s.measured, ciLow: s.ciLow, ciHigh: s.ciHigh, seeds: s.seeds, status: s.status });
  writeFileAtomic(join(dir, SCORECARD_FILE), toCsv(SCORECARD_COLUMNS, shipped.map((s) => SCORECARD_COLUMNS.map((c) => row(s)[c]))));

  let clutter: Record<string, unknown> | null = null;
  if (info.clutter) {
    const columns = ['kappa', 'pattern', 'band', 'measured', 'ciLow', 'ciHigh', 'seeds', 'status'] as const;
    writeFileAtomic(join(dir, CLUTTER_FILE), toCsv(columns, grid.map((s) => [s.kappa!, s.pattern.id, bandText(s.pattern.band), s.measured, s.ciLow, s.ciHigh, s.seeds, s.status])));
    clutter = {
      grid: info.clutter,
      patterns: [...new Set(grid.map((s) => s.pattern.id))],
      allHold: rangesWhere(info.clutter, grid, (s) => s === 'holds'),
      noneFails: rangesWhere(info.clutter, grid, (s) => s !== 'fails'),
      rows: grid.map((s) => ({ kappa: s.kappa, pattern: s.pattern.id, measured: s.measured, ciLow: s.ciLow, ciHigh: s.ciHigh, seeds: s.seeds, status: s.status })),
    };
  }

  const size = `${info.customers} customers, ${info.periods} periods (longer where a pattern needs it), ${info.seeds} seeds`;
  const headline = `${holds} of ${shipped.length} published patterns hold on the shipped defaults (${count('fails')} fail, ${count('unresolved')} unresolved)`;
  const summary = {
    patterns: shipped.length,
    holds,
    fails: count('fails'),
    unresolved: count('unresolved'),
    quick: info.quick,
    customers: info.customers,
    periods: info.periods,
    seeds: info.seeds,
    seedBase: info.seedBase,
    rule: 'holds: the 95% interval lies inside the band; fails: it lies outside; unresolved: it straddles a band edge',
    scorecard: shipped.map((s) => ({ ...row(s), claim: s.pattern.claim, clutterSensitive: s.pattern.clutter === true })),
    ...(clutter ? { clutter } : {}),
  };
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));

  const failing = shipped.filter((s) => s.status === 'fails');
  const findings = [
    `${headline}.`,
    ...failing.map((s) => `Fails: ${s.pattern.id} — ${s.pattern.metric}: ${num(s.measured)} [${num(s.ciLow)}, ${num(s.ciHigh)}], band ${bandText(s.pattern.band)}.`),
    ...(clutter ? [`Clutter: the κ-sensitive patterns (${(clutter.patterns as string[]).join(', ')}) all hold at ${rangeText(clutter.allHold as [number, number][])}; none fails at ${rangeText(clutter.noneFails as [number, number][])} (grid ${info.clutter!.join(', ')}).`] : []),
  ];
  const tableRow = (s: Scored) => [s.pattern.id, s.pattern.metric, bandText(s.pattern.band), `${num(s.measured)} [${num(s.ciLow)}, ${num(s.ciHigh)}]`, s.status, s.pattern.source];
  const report: ReportContent = {
    title: 'Evidence scorecard',
    question: 'How far does the model reproduce the published patterns, on its shipped defaults?',
    meta: `${info.quick ? 'quick battery' : 'full battery'}: ${size}, seed base ${info.seedBase}`,
    findings,
    basis: `means over ${info.seeds} common seeds with 95% t-intervals (ratios of means by the delta method); ${summary.rule}`,
    charts: [],
    sections: [
      { title: 'Scorecard', html: htmlTable(['pattern', 'measured', 'band', 'mean [95% interval]', 'status', 'source'], shipped.map(tableRow), [0, 1, 4, 5]) },
      ...(info.clutter ? [{ title: 'Clutter κ bounded by the evidence', html: htmlTable(['κ', 'pattern', 'band', 'mean [95% interval]', 'status'], grid.map((s) => [String(s.kappa), s.pattern.id, bandText(s.pattern.band), `${num(s.measured)} [${num(s.ciLow)}, ${num(s.ciHigh)}]`, s.status]), [1, 4]) }] : []),
    ],
  };
  const lines = [
    `${headline}: ${join(dir, SCORECARD_FILE)}`,
    ...shipped.map((s) => `  ${s.status.padEnd(10)} ${s.pattern.id}: ${num(s.measured)} [${num(s.ciLow)}, ${num(s.ciHigh)}], band ${bandText(s.pattern.band)}`),
    ...findings.slice(1 + failing.length),
  ];
  return { dir, complete: true, report, lines, json: summary };
}
