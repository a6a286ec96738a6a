/**
 * Shapes shared by the experiment layer (replicate, compare, grid, game) and the report
 * module that draws them. The CSV columns follow INTERFACE.md.
 */
import type { meanCi } from '../stats/index.js';

/** aggregate.csv: one row per scenario (or grid point), period, firm (or `market`) and metric. */
export interface AggregateRow {
  scenario: string;
  period: number;
  firm: string;
  metric: string;
  mean: number;
  sd: number;
  ciLow: number;
  ciHigh: number;
  n: number;
}

/** differences.csv (compare): scenario − reference on the same seeds. */
export interface DifferenceRow {
  scenario: string;
  reference: string;
  period: number;
  firm: string;
  metric: string;
  meanDiff: number;
  ciLow: number;
  ciHigh: number;
  n: number;
  /** share of seeds where the scenario's value is higher */
  pBetter: number;
}

/** One end-of-run summary figure of one run (tidy: runs.csv is these, one row per run and metric). */
export interface RunRow {
  scenario: string;
  /** grid coordinates or game profile, as path → value */
  params: Record<string, string | number | boolean>;
  replicate: number;
  seed: number;
  firm: string;
  metric: string;
  value: number;
}

/** One value per seed, for the faint per-seed lines behind mean bands. */
export interface PerSeedPoint {
  scenario: string;
  seed: number;
  period: number;
  firm: string;
  metric: string;
  value: number;
}

/** A game payoff's interval as summary.json holds it (stats' Described, shown by meanCi). */
export type Interval = ReturnType<typeof meanCi>;

export interface GameProfile {
  adopters: string[];
  /** the strategy value each player plays, in player order */
  strategies: unknown[];
  firms: { name: string; profit: Interval; share: Interval; price: Interval; programCost: Interval }[];
}

/** Every verdict a game can reach (INTERFACE.md, plus single-equilibrium). */
export const GAME_VERDICTS = ['prisoners-dilemma', 'transfer', 'coordination', 'dominant-adoption', 'dominant-restraint', 'single-equilibrium', 'mixed', 'inconclusive'] as const;
export type GameVerdict = (typeof GAME_VERDICTS)[number];

export interface GameSummary {
  scenario: string;
  field: string;
  values: unknown[];
  /** the label of each value */
  labels: string[];
  players: string[];
  /** the scenario's firms that do not play (they keep the scenario's settings); absent when every firm plays */
  bystanders?: string[];
  /** profiles by number of adopters only (the first k players adopt) */
  symmetric: boolean;
  seeds: number[];
  profiles: GameProfile[];
  equilibria: { adopters: string[]; strategies: unknown[] }[];
  verdict: GameVerdict;
  evidence: string[];
  /** each player's payoff in the (first) equilibrium against mutual restraint (empty when that is restraint) */
  vsRestraint: { firm: string; outcome: 'better' | 'worse' | 'unresolved'; meanDiff: number; ciLow: number; ciHigh: number }[];
  /** inconclusive: the comparisons the verdict rests on that the seeds did not resolve */
  unresolved: { comparison: string; seedsNeeded: number | null }[];
  /** size of the family of comparisons (the Bonferroni divisor) */
  comparisons: number;
  /** two-sided level of each comparison's simultaneous interval (vsRestraint's ciLow, ciHigh) */
  intervalLevel: number;
  /** profit, share, price by number of adopters, for adopters and non-adopters */
  theatreCurve: { adopters: number; group: 'adopter' | 'non-adopter' | 'market'; metric: string; mean: number; ciLow: number; ciHigh: number }[];
}

export interface ExperimentReportInput {
  /** the kind's name in the registry (replicate, compare, grid, game, decide, …) */
  kind: string;
  title: string;
  description: string;
  scenarios: string[];
  firmNames: string[];
  periods: number;
  seeds: number[];
  aggregate: AggregateRow[];
  perSeed: PerSeedPoint[];
  runs: RunRow[];
  differences?: DifferenceRow[];
  /** grid: the varied field paths */
  parameters?: string[];
  game?: GameSummary;
  /** compare: the settings that differ between the scenarios, one value per scenario */
  scenarioDiff?: SettingDifference[];
}

/** A setting (field path as in --set, firms and segments by name) and its value in each compared scenario. */
export interface SettingDifference {
  path: string;
  values: string[];
}
