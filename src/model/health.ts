/**
 * Numeric health: after each period every reported figure must be finite. A NaN or an
 * infinity stops the run naming the metric, the firm and the period, which points at the
 * mechanism and parameter that produced it.
 */
import { FIRM_METRIC_NAMES } from './metrics.js';
import type { RunResult } from './results.js';

export class NumericHealthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumericHealthError';
  }
}

export function checkNumericHealth(result: RunResult, t: number): void {
  const M = result.firmNames.length;
  for (const name of FIRM_METRIC_NAMES) {
    const column = result.firm[name];
    for (let j = 0; j < M; j++) {
      const v = column[t * M + j];
      if (!Number.isFinite(v)) {
        throw new NumericHealthError(`non-finite ${name} (${v}) for firm ${result.firmNames[j]} in period ${t}: check that firm's parameters feeding ${name}`);
      }
    }
  }
  for (const [name, column] of Object.entries(result.market)) {
    if (!Number.isFinite(column[t])) throw new NumericHealthError(`non-finite market ${name} (${column[t]}) in period ${t}`);
  }
}
