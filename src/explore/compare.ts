/**
 * "Compare with the previous settings": the paired difference (now − previous) of two runs
 * on the same seed, period by period, over the periods both have completed. Pure; the
 * page calls it as rows arrive.
 */
import type { RunSummary } from '../model/summary.js';
import type { FirmRow, MarketRow } from './protocol.js';

const key = (period: number, firm: string): string => `${period}\u0000${firm}`;

export function firmDifferences(now: readonly FirmRow[], previous: readonly FirmRow[]): FirmRow[] {
  const before = new Map(previous.map((r) => [key(r.period, r.firm), r]));
  const out: FirmRow[] = [];
  for (const r of now) {
    const p = before.get(key(r.period, r.firm));
    if (p) out.push({ period: r.period, firm: r.firm, index: r.index, share: r.share - p.share, profit: r.profit - p.profit });
  }
  return out;
}

export function marketDifferences(now: readonly MarketRow[], previous: readonly MarketRow[]): MarketRow[] {
  const before = new Map(previous.map((r) => [r.period, r]));
  const out: MarketRow[] = [];
  for (const r of now) {
    const p = before.get(r.period);
    if (p) out.push({ period: r.period, priceSalience: r.priceSalience - p.priceSalience });
  }
  return out;
}

/** Per firm (matched by name) and market: summary figure now − previous, for the figures both have. */
export function summaryDifference(now: RunSummary, previous: RunSummary): { firms: Record<string, Record<string, number>>; market: Record<string, number> } {
  const firms: Record<string, Record<string, number>> = {};
  for (const f of now.firms) {
    const p = previous.firms.find((g) => g.name === f.name);
    if (!p) continue;
    firms[f.name] = {};
    for (const [k, v] of Object.entries(f)) if (typeof v === 'number' && typeof p[k] === 'number') firms[f.name][k] = v - (p[k] as number);
  }
  const market: Record<string, number> = {};
  for (const [k, v] of Object.entries(now.market)) if (typeof previous.market[k] === 'number') market[k] = v - previous.market[k];
  return { firms, market };
}
