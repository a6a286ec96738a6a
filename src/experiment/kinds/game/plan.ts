/**
 * The game as an experiment plan: one point per strategy profile, every profile on the
 * same seeds (common random numbers), so that workers, the run cache (resume), --shard
 * and merge, and the statistics are those of replicate, compare and grid. The game's own
 * parts are how the plan is built (game.ts's profiles), how its summary is read from the
 * runs (the payoff table and the verdict), and sequential seeds: with `sequential`, seeds
 * are added in batches until the verdict is resolved or the budget is spent.
 */
import { parse as parseYaml } from 'yaml';
import { metricsIn } from '../../../model/metrics.js';
import type { RunSummary } from '../../../model/summary.js';
import type { Scenario } from '../../../model/schema.js';
import { InputError } from '../../../errors.js';
import { loadScenario, type LoadOptions } from '../../../scenario/load.js';
import type { MetricSet } from '../../engine/metric-set.js';
import { buildPlan, firstLine, makePoint, safeName, variantFolder, type Plan } from '../../engine/plan.js';
import { profileCount, scenarioForProfile, strategiesOf, symmetricProfiles, type GameSpec } from './profiles.js';
import {
  analyzeGame, profileName, summarizeGame,
  type Payoffs, type ProfileFigures,
} from './verdict.js';
import type { GameSummary } from '../../types.js';

/** What experiment.json records of a game (enough to rebuild its summary from the runs). */
export interface GamePlanSpec extends GameSpec {
  readonly symmetric: boolean;
  /** the profile index of each plan point */
  readonly profiles: readonly number[];
  /** sequential seeds: add seeds until the verdict is resolved, up to maxSeeds */
  readonly sequential: { readonly maxSeeds: number } | null;
}

/** The per-period series a game keeps (the report's band charts; aggregate.csv). */
export const GAME_METRICS: MetricSet = metricsIn('game');

/** Most profiles a game may have (values ^ players). */
export const MAX_PROFILES = 4096;

export interface GameChoice {
  readonly field?: string;
  readonly values?: string;
  readonly labels?: string;
  readonly players?: string;
}

/** The strategy field, values, labels and players: options first, then the scenario's game block. */
export function gameSpecFor(choice: GameChoice, scenario: Scenario, file: string): GameSpec {
  const game = scenario.game;
  const field = choice.field ?? game?.field ?? 'program.enabled';
  const values = choice.values !== undefined ? choice.values.split(',').map((v) => parseYaml(v) as unknown) : game?.values ?? [false, true];
  if (values.length < 2) throw new InputError({ source: 'option --values', path: '', message: 'expected at least two comma-separated values' });
  const labels = choice.labels !== undefined ? choice.labels.split(',') : game?.labels ?? values.map((v) => (field === 'program.enabled' ? (v ? 'program' : 'no program') : String(v)));
  if (labels.length !== values.length) throw new InputError({ source: choice.labels !== undefined ? 'option --labels' : file, path: choice.labels !== undefined ? '' : 'game.labels', message: `expected ${values.length} labels, one per value` });
  const names = scenario.firms.map((f) => f.name);
  const players = choice.players !== undefined ? choice.players.split(',') : game?.firms ?? names;
  for (const p of players) {
    if (!names.includes(p)) throw new InputError({ source: choice.players !== undefined ? 'option --players' : file, path: choice.players !== undefined ? '' : 'game.firms', message: `expected firm names (${names.join(', ')}), got ${JSON.stringify(p)}` });
  }
  if (new Set(players).size !== players.length) throw new InputError({ source: 'option --players', path: '', message: 'expected each firm once' });
  if (values.length ** players.length > MAX_PROFILES) throw new InputError({ source: 'option --players', path: '', message: `more than ${MAX_PROFILES} profiles; use --symmetric or fewer players` });
  const bystanders = names.filter((n) => !players.includes(n));
  return { field, values, labels, players, ...(bystanders.length ? { bystanders } : {}) };
}

export interface GamePlanOptions {
  readonly seedBase: number;
  readonly replicates: number;
  readonly metrics: MetricSet;
  readonly load: LoadOptions;
  readonly symmetric: boolean;
  readonly sequential: { readonly maxSeeds: number } | null;
  readonly choice: GameChoice;
  /** the scenario's name in the output path (the map's cells are games of one scenario) */
  readonly name?: string;
  /** an extra line for the title (a map cell's coordinates) */
  readonly note?: string;
}

/**
 * What makes a game other than the scenario's own (another strategy, a subset of players,
 * profiles by number of adopters), in words fit for a folder name, or null for the
 * scenario's own game: a variant writes to game-<variant>/, never over the full game.
 */
export function gameVariant(spec: GameSpec, scenario: Scenario, file: string, symmetric: boolean): string | null {
  const own = gameSpecFor({}, scenario, file);
  const parts: string[] = [];
  if (spec.field !== own.field || JSON.stringify(spec.values) !== JSON.stringify(own.values)) parts.push(`${spec.field}-${spec.values.map(String).join('-')}`);
  if (JSON.stringify(spec.players) !== JSON.stringify(own.players)) parts.push(`players-${spec.players.join('-')}`);
  if (symmetric) parts.push('symmetric');
  return parts.length ? parts.join('-') : null;
}

export function gamePlan(ref: string, o: GamePlanOptions): Plan {
  const { file, scenario } = loadScenario(ref, o.load);
  const spec = gameSpecFor(o.choice, scenario, file);
  // a map's cells live in the map's folder, which carries the variant
  const variant = o.name === undefined ? gameVariant(spec, scenario, file, o.symmetric) : null;
  const profiles = o.symmetric ? symmetricProfiles(spec) : Array.from({ length: profileCount(spec) }, (_, p) => p);
  const points = profiles.map((p) => {
    const profileScenario = scenarioForProfile(scenario, spec, strategiesOf(spec, p), file);
    return makePoint(`p${String(p).padStart(4, '0')}`, profileName(spec, p), profileScenario, {});
  });
  const game: GamePlanSpec = { ...spec, values: [...spec.values], labels: [...spec.labels], players: [...spec.players], symmetric: o.symmetric, profiles, sequential: o.sequential };
  return buildPlan(o, {
    kind: 'game',
    name: o.name ?? safeName(scenario.name),
    ...(variant ? { folder: variantFolder('game', variant) } : {}),
    title: `${scenario.name}: the strategy game${o.note ? ` (${o.note})` : ''}`,
    description: firstLine(scenario.description ?? ''),
    points,
    game,
  });
}

const FIGURES = ['profit', 'share', 'price', 'programCost', 'revenue'] as const;

/** Each profile's figures per player and seed, from the runs' end-of-run summaries (summaries[point][replicate]). */
function figuresOf(game: GamePlanSpec, summaries: readonly (readonly RunSummary[])[]): Map<number, ProfileFigures> {
  const figures = new Map<number, ProfileFigures>();
  game.profiles.forEach((p, point) => {
    const byMetric = Object.fromEntries(FIGURES.map((m) => [m, game.players.map((name) => summaries[point].map((s) => {
      const firm = s.firms.find((f) => f.name === name);
      return firm ? Number(firm[m]) : NaN;
    }))])) as ProfileFigures['byMetric'];
    figures.set(p, { byMetric });
  });
  return figures;
}

/** The game's summary.json (INTERFACE.md) from the plan and its runs. */
export function gameSummaryOf(plan: Plan, summaries: readonly (readonly RunSummary[])[], scenarioName: string): GameSummary {
  const game = plan.game!;
  const seeds: number[] = [];
  for (const job of plan.jobs) seeds[job.replicate] = job.seed;
  return summarizeGame(scenarioName, game, seeds, game.profiles, figuresOf(game, summaries), game.symmetric);
}

/**
 * Sequential seeds: null when the verdict is resolved; otherwise how many replicates to
 * run next. Aim at the largest estimate of the seeds an unresolved comparison needs, at
 * least one batch more (a quarter of the seeds so far, at least 2), at most double
 * (early sd estimates are noisy), never above the budget.
 */
export function nextGameReplicates(plan: Plan, summaries: readonly (readonly RunSummary[])[]): number | null {
  const game = plan.game;
  if (!game?.sequential) return null;
  const payoff: Payoffs = [];
  figuresOf(game, summaries).forEach((f, p) => { payoff[p] = f.byMetric.profit; });
  const analysis = analyzeGame(game, payoff, game.profiles, game.symmetric);
  if (analysis.verdict !== 'inconclusive') return null;
  const current = plan.replicates;
  const needed = Math.max(0, ...analysis.unresolved.map((u) => u.seedsNeeded ?? 2 * current));
  const next = Math.min(2 * current, Math.max(current + Math.max(2, Math.ceil(current / 4)), needed));
  return Math.min(game.sequential.maxSeeds, next);
}
