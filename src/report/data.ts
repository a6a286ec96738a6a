/**
 * Results → chart rows. Values are rounded to 5 significant digits: plenty for a chart
 * or a tooltip, and it keeps the specs (and the HTML that embeds them) small.
 */
import type { FirmMetric } from '../model/metrics.js';
import type { Histogram, RunEvent, RunResult } from '../model/results.js';

export type Row = Record<string, string | number | null>;

/** 5 significant digits; NaN and infinities become null (JSON has no NaN). */
export const chartNumber = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(5)) + 0 : null);

/** Centred moving mean over `window` periods (shrinking at the ends): weekly noise off, turns kept. */
export function movingMean(values: ArrayLike<number>, window: number): number[] {
  const half = Math.floor(Math.max(1, window) / 2);
  const out: number[] = [];
  for (let t = 0; t < values.length; t++) {
    const from = Math.max(0, t - half);
    const to = Math.min(values.length, t + half + 1);
    let s = 0;
    for (let u = from; u < to; u++) s += values[u];
    out.push(s / (to - from));
  }
  return out;
}

/** One firm's series of a metric. */
export function firmSeries(r: RunResult, metric: FirmMetric, firm: number): Float64Array {
  const M = r.firmNames.length;
  const out = new Float64Array(r.periods);
  for (let t = 0; t < r.periods; t++) out[t] = r.firm[metric][t * M + firm];
  return out;
}

/**
 * Long series stored by column: one row per firm holding arrays, which the chart's
 * `flatten` transform expands into one row per period. The same data as row-per-period,
 * at a third of the size in the specs and the HTML.
 */
export interface ColumnarData {
  readonly values: Record<string, string | number | null | (number | null)[]>[];
  readonly flatten: string[];
}

/** `{firm, period: [...], <metric>: [...]}` per firm; metrics in `smooth` become their moving mean. */
export function firmColumns(r: RunResult, metrics: readonly FirmMetric[], smooth: { metrics: readonly FirmMetric[]; window: number } = { metrics: [], window: 1 }): ColumnarData {
  const period = Array.from({ length: r.periods }, (_, t) => t);
  const values = r.firmNames.map((firm, j) => {
    const row: ColumnarData['values'][number] = { firm, period };
    for (const m of metrics) {
      const series = smooth.metrics.includes(m) ? movingMean(firmSeries(r, m, j), smooth.window) : Array.from(firmSeries(r, m, j));
      row[m] = series.map(chartNumber);
    }
    return row;
  });
  return { values, flatten: ['period', ...metrics] };
}

/** `{period: [...], <metric>: [...]}`: market metrics by column. */
export function marketColumns(r: RunResult, metrics: readonly string[]): ColumnarData {
  const row: ColumnarData['values'][number] = { period: Array.from({ length: r.periods }, (_, t) => t) };
  for (const m of metrics) row[m] = Array.from(r.market[m] ?? new Float64Array(r.periods).fill(NaN), chartNumber);
  return { values: [row], flatten: ['period', ...metrics] };
}

/** A histogram as rows `{firm, value, share}`: bin centres and the share of the firm's customers. */
export function histogramRows(firm: string, h: Histogram | undefined): Row[] {
  if (!h) return [];
  const total = h.counts.reduce((a, b) => a + b, 0);
  return h.counts.map((count, i) => ({ firm, value: chartNumber(h.min + (i + 0.5) * h.width), share: chartNumber(total > 0 ? count / total : 0) }));
}

/** Mean of a firm metric over periods [from, to). */
export function windowMean(r: RunResult, metric: FirmMetric, firm: number, from: number, to: number): number {
  const M = r.firmNames.length;
  const a = Math.max(0, from);
  const b = Math.min(r.periods, to);
  if (b <= a) return NaN;
  let s = 0;
  for (let t = a; t < b; t++) s += r.firm[metric][t * M + firm];
  return s / (b - a);
}

/** Settings changes that have a plain name: one firm, several firms at once. */
const PLAIN_ACTION: Record<string, string> = { 'program.enabled = true': 'launches its program', 'program.enabled = false': 'ends its program' };
const PLAIN_ACTIONS: Record<string, string> = { 'program.enabled = true': 'launch programs', 'program.enabled = false': 'end their programs' };

/** An event in words; notes usually name their firm already ("Boreal launches its points program"). */
const eventText = (e: RunEvent): string =>
  e.note.startsWith(e.firm) ? e.note : e.note in PLAIN_ACTION ? `${e.firm} ${PLAIN_ACTION[e.note]}` : `${e.firm}: ${e.note}`;

/** The events of one period: one firm's, or several firms acting at once (all launching programs). */
export interface EventGroup {
  readonly period: number;
  readonly firms: readonly string[];
  /** the event in words, naming the firms: "Boreal launches its points program", "all 4 firms launch programs" */
  readonly text: string;
}

export const listText = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Events grouped by period, in the order they happen. */
export function eventGroups(events: readonly RunEvent[], firmNames: readonly string[]): EventGroup[] {
  const byPeriod = new Map<number, RunEvent[]>();
  for (const e of events) byPeriod.set(e.period, [...(byPeriod.get(e.period) ?? []), e]);
  return [...byPeriod.entries()].map(([period, at]) => {
    const firms = [...new Set(at.map((e) => e.firm))];
    if (at.length === 1) return { period, firms, text: eventText(at[0]) };
    const notes = new Set(at.map((e) => e.note));
    const shared = notes.size === 1 && !at.some((e) => e.note.startsWith(e.firm)) ? at[0].note : null;
    const subject = firms.length === firmNames.length && firmNames.length > 2 ? `all ${firms.length} firms` : listText(firms);
    const text = shared !== null ? `${subject} ${PLAIN_ACTIONS[shared] ?? `set ${shared}`}` : `${subject} act at once: ${at.map(eventText).join('; ')}`;
    return { period, firms, text };
  });
}

/**
 * A y domain around series that do not move (fixed prices, zero differences): their own
 * extent is one value or sits on the plot's edges, which draws a single tick and hides
 * lines on the frame. Padded by a sixth of the spread, or by 5% of the level (`floor` at
 * zero). Undefined when some series moves: the data's own extent is then right.
 */
export function flatDomain(series: readonly ArrayLike<number>[], floor: number): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      if (!Number.isFinite(s[i])) continue;
      if (s[i] !== s[0]) return undefined;
      lo = Math.min(lo, s[i]);
      hi = Math.max(hi, s[i]);
    }
  }
  if (!Number.isFinite(lo)) return undefined;
  const pad = hi > lo ? (hi - lo) / 6 : Math.max(0.05 * Math.abs(hi), floor);
  return [chartNumber(lo - pad) ?? lo, chartNumber(hi + pad) ?? hi];
}
