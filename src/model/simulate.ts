/**
 * The market step loop (MODEL.md, "Time"). Each period: firm decisions due now
 * (scheduled events, strategy reviews) → customers shop → experiences and updates →
 * firm accounting → metrics. Customers are processed in fixed blocks whose tallies are
 * folded in block order, and word of mouth takes effect next period, so the result does
 * not depend on processing order.
 *
 * Pure: no file system, no console, no time source, no unseeded randomness. A validated scenario and a
 * seed in, columnar results out.
 */
import type { FirmConfig, Scenario } from '../scenario/schema.js';
import { closePeriod, createProgramBooks, type ProgramBooks } from './accounting.js';
import { createContext, type Context } from './context.js';
import { stepBlock } from './customer-step.js';
import { updateFirmRow } from './firm-table.js';
import { applyScheduledEvents } from './events.js';
import { checkNumericHealth } from './health.js';
import { finalDistributions } from './final.js';
import { endProgram } from './programs.js';
import { allocateResult, type RunResult } from './results.js';
import { createStrategies, type Strategies } from './strategy/index.js';
import { foldTally, resetTally } from './tally.js';

/** Customers per block: tallies are folded per block, in block order. */
export const BLOCK_SIZE = 4096;

export interface Simulation {
  readonly ctx: Context;
  /** the firms' current settings (events and strategies change them) */
  readonly firms: FirmConfig[];
  readonly books: ProgramBooks;
  readonly result: RunResult;
  readonly strategies: Strategies;
}

export interface SimulateOptions {
  /** called after each period (progress); must not touch the simulation */
  readonly onPeriod?: (period: number) => void;
}

export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): RunResult {
  const sim = createSimulation(scenario, seed);
  for (let t = 0; t < scenario.periods; t++) {
    stepPeriod(sim, t);
    options.onPeriod?.(t);
  }
  const final = finalDistributions(sim.ctx);
  sim.result.final.satisfaction.push(...final.satisfaction);
  sim.result.final.habit.push(...final.habit);
  return sim.result;
}

export function createSimulation(scenario: Scenario, seed: number): Simulation {
  const ctx = createContext(scenario, seed);
  const firms = scenario.firms.map((f) => structuredClone(f));
  firms.forEach((f, j) => updateFirmRow(ctx.firms, j, f, scenario));
  const result = allocateResult({
    scenarioName: scenario.name,
    seed,
    periods: scenario.periods,
    customers: scenario.customers,
    firmNames: scenario.firms.map((f) => f.name),
    failureKinds: scenario.failureKinds.map((k) => k.name),
  });
  return { ctx, firms, books: createProgramBooks(firms.length), result, strategies: createStrategies(scenario, seed) };
}

export function stepPeriod(sim: Simulation, t: number): void {
  const { ctx } = sim;
  applyScheduledEvents(sim, t);
  sim.strategies.review(sim, t);
  for (let start = 0; start < ctx.N; start += BLOCK_SIZE) {
    stepBlock(ctx, start, Math.min(ctx.N, start + BLOCK_SIZE), t);
    foldTally(ctx.period, ctx.block);
  }
  closePeriod(ctx, sim.books, sim.result, t);
  resetTally(ctx.period);
  checkNumericHealth(sim.result, t);
}

/** Replace firm j's settings (an event or a strategy decision) and log why. */
export function setFirm(sim: Simulation, j: number, next: FirmConfig, t: number, note: string): void {
  const before = sim.firms[j];
  const wasOn = before.program !== null && before.program.enabled;
  const isOn = next.program !== null && next.program.enabled;
  sim.firms[j] = next;
  if (wasOn && !isOn) endProgram(sim.ctx, j);
  updateFirmRow(sim.ctx.firms, j, next, sim.ctx.scenario);
  sim.result.events.push({ period: t, firm: next.name, note });
}
