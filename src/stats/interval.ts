/**
 * Means with 95% intervals for the report's tables and findings, in the report's shape
 * ({ mean, low, high, n }). The interval is the experiment layer's (experiment/stats.ts):
 * one Student-t implementation for the whole tool.
 */
import { describe } from './index.js';

export interface MeanInterval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export function meanInterval(values: readonly number[]): MeanInterval {
  const d = describe(values);
  return { mean: d.mean, low: d.ciLow, high: d.ciHigh, n: d.n };
}
