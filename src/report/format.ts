/**
 * Numbers in words and tables. Locale-free on purpose: toLocaleString depends on the
 * machine's ICU data, and a report must be byte-identical everywhere.
 */

/** Fixed decimals with thousands separators: 12345.6 → "12,345.6". */
export function num(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '–';
  const fixed = Math.abs(x).toFixed(digits);
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = x < 0 && Number(fixed) !== 0;
  return `${negative ? '−' : ''}${grouped}${fraction ? '.' + fraction : ''}`;
}

/** Decimals that still read as a number: smaller values are written with an exponent (and toFixed takes at most 100). */
const MAX_DECIMALS = 12;

/** Three significant figures, grouped: 0.01234 → "0.0123", 1234.5 → "1,235", 1.234e-300 → "1.23e-300". */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  if (2 - magnitude > MAX_DECIMALS) return `${x < 0 ? '−' : ''}${Math.abs(x).toExponential(2)}`;
  return num(x, Math.max(0, 2 - magnitude));
}

/** A fraction as percent: 0.3123 → "31.2%". */
export const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${num(100 * x, digits)}%` : '–');

/** Signed: "+6.1", "−0.4". */
export const signed = (x: number, format: (v: number) => string = (v) => num(v, 1)): string =>
  !Number.isFinite(x) ? '–' : x > 0 ? `+${format(x)}` : x < 0 ? format(x) : format(0);

/** A difference of fractions in percentage points: 0.061 → "+6.1 points". */
export const sharePoints = (x: number): string => `${signed(100 * x)} points`;

/** Decimals for three significant figures of `reference` (none at 100 and above, none for zero). */
const decimalsFor = (reference: number): number =>
  !Number.isFinite(reference) || reference === 0 ? 0 : Math.min(MAX_DECIMALS, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(reference)))));

/**
 * A formatter for a metric's unit (declared in src/model/metrics.ts), with the decimals
 * fixed by `reference`: a mean and its interval then read alike ("103 (95% CI 70–136)").
 */
export function unitFormatter(unit: string | undefined, reference: number): (x: number) => string {
  if (unit === 'fraction') return (x) => pct(x);
  if (unit === 'currency/unit') return (x) => num(x, 2);
  const digits = decimalsFor(reference);
  return (x) => num(x, digits);
}

/**
 * The bounds of a 95% interval, the one way the terminal and every report print them:
 * "30.8–31.6", or "−1,529 to −830" when the lower bound is negative ("−3.2–−2.8" misreads).
 */
export const ciBounds = (low: number, high: number, f: (x: number) => string): string =>
  low < 0 ? `${f(low)} to ${f(high)}` : `${f(low)}–${f(high)}`;

/** A figure and its 95% interval: "31.2% (95% CI 30.8–31.6%)", "−1,179 (95% CI −1,529 to −830)"; the figure alone without one. */
export const withCi = (figure: string, low: number, high: number, f: (x: number) => string): string =>
  Number.isFinite(low) && Number.isFinite(high) ? `${figure} (95% CI ${ciBounds(low, high, f)})` : figure;

/** A difference and its interval, at the precision of the largest of the three: "+205 (95% CI 141–269)". */
export function differenceWithInterval(mean: number, low: number, high: number): string {
  const f = unitFormatter(undefined, Math.max(Math.abs(mean), Math.abs(low), Math.abs(high)));
  return withCi(signed(mean, f), low, high, f);
}

/** A value formatted by its metric unit. */
export const byUnit = (unit: string | undefined, x: number): string => unitFormatter(unit, x)(x);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** The first letter in capitals. */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
