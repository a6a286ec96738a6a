/** Stable JSON: keys in insertion order (our builders fix it), numbers via formatNumber-compatible rounding. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(12)) : v), 2) + '\n';
}
