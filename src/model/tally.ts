/**
 * What one period adds up, per firm and for the market: exactly the tallies the metric
 * declarations (metrics.ts) compute from, nothing else. The hot loop adds into a block
 * tally; blocks of customers are folded into the period tally in block order, so float
 * sums do not depend on how customers are split across threads.
 */
import { FIRM_METRICS, MARKET_METRICS, type FirmTallyField, type MarketTallyField } from './metrics.js';

/** Every tally the declarations read, once, in the order they first appear. */
const declaredTallies = <T extends string>(declarations: readonly { readonly tallies: readonly T[] }[]): T[] =>
  [...new Set(declarations.flatMap((d) => d.tallies))];

const FIRM_FIELDS = declaredTallies<FirmTallyField>(FIRM_METRICS);
const MARKET_FIELDS = declaredTallies<MarketTallyField>(MARKET_METRICS);

const indexOf = <T extends string>(names: readonly T[]) =>
  Object.freeze(Object.fromEntries(names.map((name, i) => [name, i]))) as { readonly [K in T]: number };

/**
 * Offsets of the per-firm tally fields: `tally.firm[j * FIRM_TALLY_FIELDS + FirmTally.sales]`.
 * Hot loops read FIRM_TALLY_FIELDS and the offsets they need into locals first: compiled
 * code re-reads an imported binding on every use (a load, a check that the module has
 * initialised it, and for FirmTally a property load), about twenty instructions each.
 */
export const FirmTally = indexOf(FIRM_FIELDS);
export const FIRM_TALLY_FIELDS = FIRM_FIELDS.length;
export const FIRM_TALLY_NAMES: readonly FirmTallyField[] = FIRM_FIELDS;
/**
 * Offsets of the market fields. The switches by cause follow them (leaving.ts): a row of
 * causes per firm left, then a row per segment of the leavers (`leaverRows`).
 */
export const MarketTally = indexOf(MARKET_FIELDS);
export const MARKET_TALLY_FIELDS = MARKET_FIELDS.length;
export const MARKET_TALLY_NAMES: readonly MarketTallyField[] = MARKET_FIELDS;

export interface Tally {
  readonly firm: Float64Array; // M × FIRM_TALLY_FIELDS, index j * FIRM_TALLY_FIELDS + field
  readonly market: Float64Array; // MARKET_TALLY_FIELDS, then (M + S) × C switches by cause
}

/** Where the switches by cause start in the market tally: firm j's row at `byFirm + j·causes`, segment s's at `bySegment + s·causes`. */
export interface LeaverRows {
  readonly causes: number;
  readonly byFirm: number;
  readonly bySegment: number;
}

export const leaverRows = (firms: number, causes: number): LeaverRows =>
  ({ causes, byFirm: MARKET_TALLY_FIELDS, bySegment: MARKET_TALLY_FIELDS + firms * causes });

export const createTally = (firms: number, segments: number, causes: number): Tally => ({
  firm: new Float64Array(firms * FIRM_TALLY_FIELDS),
  market: new Float64Array(MARKET_TALLY_FIELDS + (firms + segments) * causes),
});

export function resetTally(t: Tally): void {
  t.firm.fill(0);
  t.market.fill(0);
}

/** into += from; from is reset. */
export function foldTally(into: Tally, from: Tally): void {
  for (let k = 0; k < into.firm.length; k++) into.firm[k] += from.firm[k];
  for (let k = 0; k < into.market.length; k++) into.market[k] += from.market[k];
  resetTally(from);
}
