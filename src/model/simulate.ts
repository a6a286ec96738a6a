/**
 * The market step loop (MODEL.md, "Time"). Each period: firm decisions due now
 * (scheduled events, strategy reviews) → customers shop → experiences and updates →
 * firm accounting → metrics. Customers are processed in fixed blocks whose tallies are
 * folded in block order, and word of mouth takes effect next period, so the result does
 * not depend on processing order.
 *
 * Pure: no file system, no console, no time source, no unseeded randomness. A validated scenario and a
 * seed in, columnar results out.
 *
 * One period loop, two ways to step the customers: whole blocks on this thread
 * (`simulate`, synchronous), or blocks split over worker threads (`simulateThreaded`,
 * src/model/parallel.ts, loaded only when a run really uses more than one thread). Both
 * give the same bits (docs/performance.md, "Threads within one run").
 */
import type { FirmConfig, Scenario } from './schema.js';
import { closePeriod, createProgramBooks, type ProgramBooks } from './accounting.js';
import { closeWindows } from './buying-windows.js';
import { createContext, type Context } from './context.js';
import { stepBlock } from './customer-step.js';
import { updateFirmRow } from './firm-table.js';
import { applyScheduledEvents } from './events.js';
import { checkNumericHealth } from './health.js';
import { finalDistributions } from './final.js';
import { allocateResult, type RunResult } from './results.js';
import { createStrategies } from './strategy/index.js';
import type { Simulation } from './simulation.js';

export type { Simulation } from './simulation.js';
import { foldTally, resetTally } from './tally.js';

/** Customers per block: tallies are folded per block, in block order. */
export const BLOCK_SIZE = 4096;

/**
 * The fewest blocks a thread is given. A worker costs its start-up (tens of milliseconds)
 * and a meeting every period; a share smaller than this does not pay for it.
 */
export const MIN_BLOCKS_PER_THREAD = 2;

/**
 * How many threads a run of `customers` customers uses when `requested` are asked for:
 * every thread gets at least `minBlocksPerThread` blocks of BLOCK_SIZE customers, so a
 * small population gets fewer threads (one below 2 × minBlocksPerThread blocks), and
 * never more threads than blocks.
 */
export function threadsFor(customers: number, requested: number, minBlocksPerThread = MIN_BLOCKS_PER_THREAD): number {
  const blocks = Math.ceil(customers / BLOCK_SIZE);
  const most = Math.floor(blocks / Math.max(1, Math.floor(minBlocksPerThread)));
  return Math.max(1, Math.min(Math.floor(requested), most));
}

export interface SimulateOptions {
  /** called after each period (progress, live charts) with the results so far; must not change them */
  readonly onPeriod?: (period: number, result: RunResult) => void;
  /** a panel of purchases observing each period (run --panel); without one the customers keep no occasions */
  readonly panel?: PanelObserver;
}

/** What observes the customers after each period (panel.ts); reads only. */
export interface PanelObserver {
  observe(ctx: Simulation['ctx'], t: number): void;
}

export interface ThreadedOptions extends SimulateOptions {
  /** threads asked for (1: simulate's path); a small population gets fewer (threadsFor) */
  readonly threads: number;
  /** the fewest blocks per thread (default MIN_BLOCKS_PER_THREAD); 1 lets tests split small runs */
  readonly minBlocksPerThread?: number;
}

/** How the customers of a period are stepped: their tallies end up folded into ctx.period in block order. */
export interface Stepper {
  /** threads actually used */
  readonly threads: number;
  step(t: number): void;
  close(): Promise<void>;
}

export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): RunResult {
  const sim = createSimulation(scenario, seed, { panel: options.panel !== undefined });
  runPeriods(sim, blockStepper(sim), options);
  return finish(sim);
}

/**
 * The same run as `simulate`, its customers stepped on `threadsFor(customers, threads)`
 * threads: the same bits for any thread count. With one thread it is `simulate`.
 */
export async function simulateThreaded(scenario: Scenario, seed: number, options: ThreadedOptions): Promise<RunResult> {
  const threads = threadsFor(scenario.customers, options.threads, options.minBlocksPerThread);
  if (threads <= 1) return simulate(scenario, seed, options);
  const sim = createSimulation(scenario, seed, { shared: true, panel: options.panel !== undefined });
  const stepper = await createStepper(sim, seed, threads);
  try {
    runPeriods(sim, stepper, options);
  } finally {
    await stepper.close();
  }
  return finish(sim);
}

/** Every period of the scenario, customers stepped by `stepper`. */
function runPeriods(sim: Simulation, stepper: Stepper, options: SimulateOptions): void {
  for (let t = 0; t < sim.ctx.scenario.periods; t++) {
    stepPeriod(sim, t, stepper);
    options.panel?.observe(sim.ctx, t);
    options.onPeriod?.(t, sim.result);
  }
}

/** The final distributions, after the last period. */
function finish(sim: Simulation): RunResult {
  const final = finalDistributions(sim.ctx);
  sim.result.final.satisfaction.push(...final.satisfaction);
  sim.result.final.habit.push(...final.habit);
  return sim.result;
}

/** Whole blocks of BLOCK_SIZE customers on this thread, folded in block order. */
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

/**
 * Blocks over exactly `threads` threads (never more than there are blocks; 1: blockStepper).
 * Create the simulation with `{ shared: true }` first, or the customer columns are copied
 * into shared memory once. Close the stepper at the end of the run.
 */
export async function createStepper(sim: Simulation, seed: number, threads: number): Promise<Stepper> {
  if (threads <= 1) return blockStepper(sim);
  // Loaded only here: a single-thread run never loads worker_threads.
  const { createParallelStepper } = await import('./parallel.js');
  return createParallelStepper(sim.ctx, seed, threads, BLOCK_SIZE);
}

export interface SimulationOptions {
  /** customer columns in shared memory, for worker threads (only when a run uses more than one thread) */
  readonly shared?: boolean;
  /** keep each period's occasions for a panel observer */
  readonly panel?: boolean;
}

export function createSimulation(scenario: Scenario, seed: number, options: SimulationOptions = {}): Simulation {
  const ctx = createContext(scenario, seed, { shared: options.shared === true, panel: options.panel === true });
  const firms = scenario.firms.map((f) => structuredClone(f));
  firms.forEach((f, j) => updateFirmRow(ctx.firms, j, f, scenario));
  const result = allocateResult({
    scenarioName: scenario.name,
    seed,
    periods: scenario.periods,
    customers: scenario.customers,
    firmNames: scenario.firms.map((f) => f.name),
    failureKinds: scenario.failureKinds.map((k) => k.name),
    segmentNames: scenario.segments.map((s) => s.name),
  });
  return { ctx, firms, books: createProgramBooks(firms.length), result, strategies: createStrategies(scenario, seed) };
}

/** One period: firm decisions due now, customers (by `stepper`), the quarter's and year's counters at their ends, accounting, metrics. */
export function stepPeriod(sim: Simulation, t: number, stepper: Stepper = blockStepper(sim)): void {
  const { ctx } = sim;
  applyScheduledEvents(sim, t);
  sim.strategies.review(sim, t);
  stepper.step(t);
  closeWindows(ctx, t);
  closePeriod(ctx, sim.books, sim.result, t);
  resetTally(ctx.period);
  checkNumericHealth(sim.result, t);
}
