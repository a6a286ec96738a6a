/**
 * Messages between the explorer page and its simulation workers. Types only: the page
 * and the worker are bundled separately and share nothing else.
 */
import type { Scenario } from '../model/schema.js';
import type { InputProblem } from '../errors.js';
import type { RunSummary } from '../model/summary.js';
import type { Levers } from './levers.js';

/** One firm in one period, as the live charts draw it. */
export interface FirmRow {
  readonly period: number;
  readonly firm: string;
  /** the firm's position in the scenario: its colour */
  readonly index: number;
  readonly share: number;
  readonly profit: number;
}

export interface MarketRow {
  readonly period: number;
  readonly priceSalience: number;
}

/** Profit and share by firm in one symmetric profile (the first `adopters` firms run programs). */
export interface TheatreProfile {
  readonly adopters: number;
  readonly firms: readonly { readonly name: string; readonly index: number; readonly adopter: boolean; readonly profit: number; readonly share: number }[];
}

export type ToWorker =
  /** run the scenario with these levers, posting rows every `every` periods */
  | { readonly kind: 'run'; readonly id: number; readonly base: Scenario; readonly levers: Levers; readonly every: number }
  /** profit by the number of firms running programs, for these levers */
  | { readonly kind: 'theatre'; readonly id: number; readonly base: Scenario; readonly levers: Levers };

export type FromWorker =
  | { readonly kind: 'problems'; readonly id: number; readonly problems: readonly InputProblem[] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string }
  /** the validated scenario (as a YAML file the CLI accepts) before the first period */
  | { readonly kind: 'start'; readonly id: number; readonly periods: number; readonly firms: readonly string[]; readonly yaml: string }
  | { readonly kind: 'progress'; readonly id: number; readonly firms: readonly FirmRow[]; readonly market: readonly MarketRow[] }
  /** `decisions`: shopping occasions simulated (the market metric shoppers, summed), for throughput */
  | { readonly kind: 'done'; readonly id: number; readonly summary: RunSummary; readonly milliseconds: number; readonly decisions: number }
  | { readonly kind: 'theatre-profile'; readonly id: number; readonly profile: TheatreProfile }
  | { readonly kind: 'theatre-done'; readonly id: number };
