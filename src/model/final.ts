/** End-of-run distributions of satisfaction and habit among each firm's current customers. */
import type { Context } from './context.js';
import type { Histogram } from './results.js';

const BINS = 20;
const SATISFACTION_RANGE = [-0.6, 0.4] as const;

function histogram(min: number, max: number): Histogram & { counts: number[] } {
  return { min, width: (max - min) / BINS, counts: new Array<number>(BINS).fill(0) };
}

function add(h: Histogram & { counts: number[] }, x: number): void {
  const bin = Math.min(BINS - 1, Math.max(0, Math.floor((x - h.min) / h.width)));
  h.counts[bin] += 1;
}

export function finalDistributions(ctx: Context): { satisfaction: Histogram[]; habit: Histogram[] } {
  const { pop, M, N } = ctx;
  const satisfaction = Array.from({ length: M }, () => histogram(SATISFACTION_RANGE[0], SATISFACTION_RANGE[1]));
  const habit = Array.from({ length: M }, () => histogram(0, 1));
  for (let i = 0; i < N; i++) {
    const j = pop.currentFirm[i];
    if (j < 0) continue;
    add(satisfaction[j], pop.satisfaction[i * M + j]);
    add(habit[j], pop.habit[i * M + j]);
  }
  return { satisfaction, habit };
}
