/**
 * The standard benchmark cases. Each case is a shipped scenario loaded the way
 * a user would load it (`loadScenario` with `--set`-style overrides), so the benchmark
 * measures the full model, not a reduced one.
 */
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/model/schema.js';

export interface SimulationCase {
  readonly kind: 'simulation';
  readonly name: string;
  readonly description: string;
  readonly customers: number;
  readonly firms: number;
  readonly periods: number;
  readonly seed: number;
  readonly scenario: () => Scenario;
}

export interface ReplicateCase {
  readonly kind: 'replicate';
  readonly name: string;
  readonly description: string;
  readonly customers: number;
  readonly firms: number;
  readonly periods: number;
  readonly seeds: number;
  readonly workers: readonly number[];
  readonly scenario: () => Scenario;
}

/** A whole `loyalty-sim game` with sequential seeds: the time until the verdict is resolved. */
export interface GameCase {
  readonly kind: 'game';
  readonly name: string;
  readonly description: string;
  readonly scenarioName: string;
  readonly customers: number;
  readonly firms: number;
  readonly periods: number;
  /** the first batch, and the budget of --precision */
  readonly seeds: number;
  readonly maxSeeds: number;
}

export type BenchCase = SimulationCase | ReplicateCase | GameCase;

/** Contracts on two of theatre's four firms: the full model (programs, failures, complaints, word of mouth, contracts). */
export const CONTRACT_OVERRIDES = [
  'firms.Cirrus.contract={termPeriods: 52, discount: 0.1, exitFee: 20, acceptance: 0.3}',
  'firms.Delta.contract={termPeriods: 104, discount: 0.08, exitFee: 30, acceptance: 0.2}',
];

/** Theatre with contracts: the `standard` case's scenario at any size. */
export function fullModel(customers: number, periods: number, extra: readonly string[] = []): Scenario {
  return loadScenario('theatre', { set: [...CONTRACT_OVERRIDES, ...extra], customers, periods }).scenario;
}

/**
 * For horizons too short for theatre's launch at period 52: every program runs from the
 * start (the events are dropped), so the short scale cases still run the full model.
 */
export const PROGRAMS_FROM_START = ['events=[]', ...['Aurora', 'Boreal', 'Cirrus', 'Delta'].map((f) => `firms.${f}.program.enabled=true`)];

/** Eight more firms (12 in all), spread on price and quality, each launching a program at period 52 like theatre's four. */
export function twelveFirmOverrides(): string[] {
  const out: string[] = [];
  const names = ['Echo', 'Fjord', 'Gale', 'Haze', 'Isle', 'Jade', 'Kite', 'Lumen'];
  names.forEach((name, k) => {
    const price = (9.2 + 0.25 * k).toFixed(2);
    const quality = (0.56 + 0.02 * k).toFixed(2);
    out.push(`firms.${4 + k}={name: ${name}, price: ${price}, quality: ${quality}, program: {enabled: false}}`);
    out.push(`events.${4 + k}={period: 52, firm: ${name}, set: {program: {enabled: true}}}`);
  });
  return out;
}

export const CASES: readonly BenchCase[] = [
  {
    kind: 'simulation',
    name: 'standard',
    description: 'theatre (programs from period 52, clutter), failures, complaints, word of mouth, contracts at Cirrus and Delta',
    customers: 100_000, firms: 4, periods: 520, seed: 1,
    scenario: () => fullModel(100_000, 520),
  },
  {
    kind: 'simulation',
    name: 'scale-1m',
    description: 'the standard model, 1M customers, one year (programs from the start)',
    customers: 1_000_000, firms: 4, periods: 52, seed: 1,
    scenario: () => fullModel(1_000_000, 52, PROGRAMS_FROM_START),
  },
  {
    kind: 'simulation',
    name: 'scale-10m',
    description: 'the standard model, 10M customers, one quarter (programs from the start; memory)',
    customers: 10_000_000, firms: 4, periods: 13, seed: 1,
    scenario: () => fullModel(10_000_000, 13, PROGRAMS_FROM_START),
  },
  {
    kind: 'simulation',
    name: 'firms-12',
    description: 'the standard model with 12 firms, two years',
    customers: 100_000, firms: 12, periods: 104, seed: 1,
    scenario: () => fullModel(100_000, 104, twelveFirmOverrides()),
  },
  {
    kind: 'replicate',
    name: 'replicate-2w',
    description: '16 seeds of baseline on 1 vs 2 worker threads (the replicate plan on the experiment engine)',
    customers: 20_000, firms: 4, periods: 260, seeds: 16, workers: [1, 2],
    scenario: () => loadScenario('baseline', { customers: 20_000, periods: 260 }).scenario,
  },
  {
    kind: 'game',
    name: 'game-theatre',
    description: 'time to a resolved verdict: game theatre --precision (16 profiles, 8 seeds a batch up to 64), 4,000 customers, no charts',
    scenarioName: 'theatre', customers: 4_000, firms: 4, periods: 260, seeds: 8, maxSeeds: 64,
  },
];

export function findCase(name: string): BenchCase | undefined {
  return CASES.find((c) => c.name === name);
}
