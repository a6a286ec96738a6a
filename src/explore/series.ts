/** The rows the live charts draw, cut from a run's columns period by period. */
import type { RunResult } from '../model/results.js';
import type { FirmRow, MarketRow } from './protocol.js';

/** Firm rows of periods [from, to). */
export function firmRows(r: RunResult, from: number, to: number): FirmRow[] {
  const M = r.firmNames.length;
  const rows: FirmRow[] = [];
  for (let t = from; t < to; t++) {
    for (let j = 0; j < M; j++) rows.push({ period: t, firm: r.firmNames[j], index: j, share: r.firm.share[t * M + j], profit: r.firm.profit[t * M + j] });
  }
  return rows;
}

/** Market rows of periods [from, to). */
export function marketRows(r: RunResult, from: number, to: number): MarketRow[] {
  const rows: MarketRow[] = [];
  for (let t = from; t < to; t++) rows.push({ period: t, priceSalience: r.market.priceSalience[t] });
  return rows;
}
