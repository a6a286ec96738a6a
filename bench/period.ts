/**
 * The period loop of src/model/simulate.ts with a choice of how customers are stepped:
 * whole blocks on this thread (`stepBlock`, as simulate.ts does), or blocks split over
 * worker threads (src/model/parallel.ts). It mirrors simulate.ts's stepPeriod line for
 * line; once simulate.ts takes a thread count, the benchmark and the golden check can
 * call it directly and this file can go.
 */
import { closePeriod } from '../src/model/accounting.js';
import { stepBlock } from '../src/model/customer-step.js';
import { applyScheduledEvents } from '../src/model/events.js';
import { finalDistributions } from '../src/model/final.js';
import { checkNumericHealth } from '../src/model/health.js';
import { createParallelStepper, type ParallelStepper } from '../src/model/parallel.js';
import type { RunResult } from '../src/model/results.js';
import { BLOCK_SIZE, createSimulation, type Simulation } from '../src/model/simulate.js';
import { foldTally, resetTally } from '../src/model/tally.js';
import type { Scenario } from '../src/scenario/schema.js';

export interface Stepper {
  readonly threads: number;
  /** customers of period t, their tallies folded into ctx.period in block order */
  step(t: number): void;
  close(): Promise<void>;
}

/** Whole blocks on this thread. */
export function blockStepper(sim: Simulation): Stepper {
  const { ctx } = sim;
  return {
    threads: 1,
    step(t: number): void {
      for (let start = 0; start < ctx.N; start += BLOCK_SIZE) {
        stepBlock(ctx, start, Math.min(ctx.N, start + BLOCK_SIZE), t);
        foldTally(ctx.period, ctx.block);
      }
    },
    close: async () => {},
  };
}

/** Blocks over `threads` threads (1: blockStepper). */
export function stepperFor(sim: Simulation, seed: number, threads: number): Stepper {
  if (threads <= 1) return blockStepper(sim);
  const parallel: ParallelStepper = createParallelStepper(sim.ctx, seed, threads, BLOCK_SIZE);
  return parallel;
}

/** simulate.ts's stepPeriod, customers stepped by `stepper`. */
export function stepPeriodWith(sim: Simulation, t: number, stepper: Stepper): void {
  const { ctx } = sim;
  applyScheduledEvents(sim, t);
  sim.strategies.review(sim, t);
  stepper.step(t);
  closePeriod(ctx, sim.books, sim.result, t);
  resetTally(ctx.period);
  checkNumericHealth(sim.result, t);
}

/** simulate.ts's simulate, customers stepped in whole blocks on `threads` threads. */
export async function simulateWith(scenario: Scenario, seed: number, threads: number): Promise<RunResult> {
  const sim = createSimulation(scenario, seed);
  const stepper = stepperFor(sim, seed, threads);
  try {
    for (let t = 0; t < scenario.periods; t++) stepPeriodWith(sim, t, stepper);
  } finally {
    await stepper.close();
  }
  const final = finalDistributions(sim.ctx);
  sim.result.final.satisfaction.push(...final.satisfaction);
  sim.result.final.habit.push(...final.habit);
  return sim.result;
}
