/**
 * What a run returns: columnar results, one Float64Array per metric.
 * Firm metrics are indexed `period * firms + firm`; market metrics by `period`.
 */
import { FIRM_METRICS, leavingCauses, MARKET_METRICS, type FirmMetric } from './metrics.js';

export interface Histogram {
  /** lower edge of the first bin, bin width and counts */
  readonly min: number;
  readonly width: number;
  readonly counts: number[];
}

export interface FinalDistributions {
  /** per firm: satisfaction S_ij and habit H_ij of the firm's current customers at the end */
  readonly satisfaction: Histogram[];
  readonly habit: Histogram[];
}

export interface RunEvent {
  readonly period: number;
  readonly firm: string;
  readonly note: string;
}

/** Switches over the whole run by cause (leaving.ts): per firm left and per segment of the leaver. */
export interface Leavers {
  /** the failure kinds, then LEAVING_REASONS */
  readonly causes: readonly string[];
  /** firm j, cause c at j · causes.length + c */
  readonly byFirm: Float64Array;
  /** segment s, cause c at s · causes.length + c */
  readonly bySegment: Float64Array;
}

export interface RunResult {
  readonly scenarioName: string;
  readonly seed: number;
  readonly periods: number;
  readonly customers: number;
  readonly firmNames: readonly string[];
  readonly failureKinds: readonly string[];
  readonly segmentNames: readonly string[];
  readonly firm: Record<FirmMetric, Float64Array>;
  /** MARKET_METRICS plus `churn_<kind>` per failure kind */
  readonly market: Record<string, Float64Array>;
  /** scheduled events and strategy changes (program adopted, price moved), in order */
  readonly events: RunEvent[];
  readonly final: FinalDistributions;
  readonly leavers: Leavers;
}

export function allocateResult(
  head: Pick<RunResult, 'scenarioName' | 'seed' | 'periods' | 'customers' | 'firmNames' | 'failureKinds' | 'segmentNames'>,
): RunResult {
  const firmCount = head.firmNames.length;
  const firm = {} as Record<FirmMetric, Float64Array>;
  for (const d of FIRM_METRICS) firm[d.name] = new Float64Array(head.periods * firmCount);
  const market: Record<string, Float64Array> = {};
  for (const d of MARKET_METRICS) market[d.name] = new Float64Array(head.periods);
  for (const kind of head.failureKinds) market[`churn_${kind}`] = new Float64Array(head.periods);
  const causes = leavingCauses(head.failureKinds);
  const leavers = { causes, byFirm: new Float64Array(firmCount * causes.length), bySegment: new Float64Array(head.segmentNames.length * causes.length) };
  return { ...head, firm, market, events: [], final: { satisfaction: [], habit: [] }, leavers };
}

/** Value of firm metric `name` for firm `j` in period `t`. */
export const firmValue = (r: RunResult, name: FirmMetric, t: number, j: number): number =>
  r.firm[name][t * r.firmNames.length + j];
