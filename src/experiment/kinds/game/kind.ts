/**
 * game <scenario>: every profile of a strategy choice across firms (default: program
 * on/off) on the same seeds; the payoff table with intervals, the pure Nash equilibria and
 * the verdict (INTERFACE.md). A plan like replicate, compare and grid: workers, resume,
 * --shard and merge. --precision adds seeds until the verdict is resolved; --vary plays
 * one game per cell of a grid (the theatre map, kinds/game-map.ts).
 */
import { InputError } from '../../../errors.js';
import { nonNegativeIntOption, parseSeeds, positiveIntOption, seedOptions, SHARD_OPTION, WORKERS_OPTION } from '../../engine/args.js';
import { parseVary } from '../../engine/grid-spec.js';
import { metricSetText, parseMetricSet } from '../../engine/metric-set.js';
import { checkPlanRun, executeAndFinish, planDir, type PlanRun } from '../../engine/plan-run.js';
import { MAP_FOLDER, mapSetup, runMap, type GameMapSetup } from '../game-map.js';
import { SCENARIO_POSITIONAL, type ExperimentKind, type KindContext } from '../kind.js';
import { GAME_FILES, finishGame } from './finish.js';
import { GAME_METRICS, gamePlan, nextGameReplicates, type GamePlanOptions } from './plan.js';

const DEFAULT_SEEDS = 8;
const DEFAULT_MAX_SEEDS = 64;

export type GameSetup = { dir: string; run: PlanRun } | { dir: string; map: GameMapSetup; folder: typeof MAP_FOLDER };

/** The game's plan options from its command line: seeds, strategy choice, players, sequential seeds. */
export function gameOptions(raw: Readonly<Record<string, unknown>>, load: GamePlanOptions['load']): GamePlanOptions {
  const replicates = parseSeeds(raw.seeds, 10_000) ?? DEFAULT_SEEDS;
  const seedBase = nonNegativeIntOption('seed-base', raw.seedBase) ?? 1;
  const maxSeeds = positiveIntOption('max-seeds', raw.maxSeeds, 10_000) ?? DEFAULT_MAX_SEEDS;
  if (raw.precision && maxSeeds < replicates) {
    throw new InputError({ source: 'option --max-seeds', path: '', message: `expected at least --seeds (${replicates}), got ${maxSeeds}` });
  }
  return {
    seedBase,
    replicates,
    metrics: raw.metrics !== undefined ? parseMetricSet(raw.metrics as string) : GAME_METRICS,
    load,
    symmetric: raw.symmetric === true,
    sequential: raw.precision ? { maxSeeds } : null,
    choice: { field: raw.field as string | undefined, values: raw.values as string | undefined, labels: raw.labels as string | undefined, players: raw.players as string | undefined },
  };
}

export const kind: ExperimentKind<GameSetup> = {
  positionals: { scenario: { ...SCENARIO_POSITIONAL, describe: 'a .yaml/.yml/.json path or a shipped scenario name; its firms are the players (its game: block sets the strategy)' } },
  options: {
    ...seedOptions(DEFAULT_SEEDS, 'replicates per profile (same seeds in every profile); with --precision, the first batch'),
    ...WORKERS_OPTION,
    ...SHARD_OPTION,
    metrics: { type: 'string', describe: `per-period metrics to aggregate (default: ${metricSetText(GAME_METRICS)})` },
    field: { type: 'string', describe: 'firm field forming the strategy (default: the scenario\'s game.field, else program.enabled)' },
    values: { type: 'string', describe: 'comma-separated strategy values, e.g. false,true or 9,10,11' },
    labels: { type: 'string', describe: 'comma-separated labels for the values' },
    players: { type: 'string', describe: 'comma-separated firm names (default: every firm)' },
    symmetric: { type: 'boolean', default: false, describe: 'only profiles by number of adopters (the first k players adopt); deviations are k − 1 and k + 1 adopters' },
    precision: { type: 'boolean', default: false, describe: 'add seeds in batches (same seeds, common random numbers) until every comparison the verdict rests on is resolved, up to --max-seeds' },
    'max-seeds': { type: 'number', default: DEFAULT_MAX_SEEDS, describe: 'most seeds --precision may use' },
    vary: { type: 'string', array: true, describe: 'the theatre map: one game per grid cell, path=a,b,c or path=lo:hi:n (repeatable)' },
  },
  pool: true,
  shardable: true,
  files: GAME_FILES,
  setup({ raw, load }, context: KindContext): GameSetup {
    const options = gameOptions(raw, load);
    const vary = (raw.vary as unknown[] | undefined) ?? [];
    if (vary.length > 0) {
      const map = mapSetup(String(raw.scenario), vary.map((v) => parseVary(String(v))), options, context);
      return { dir: map.dir, map, folder: MAP_FOLDER };
    }
    const plan = gamePlan(String(raw.scenario), options);
    // the size check counts profiles × seeds, or × --max-seeds with --precision
    const run: PlanRun = {
      plan, dir: planDir(context.out, plan), precision: [], maxSeeds: options.sequential?.maxSeeds ?? plan.replicates, unit: 'profiles',
      ...(options.sequential ? { adapt: nextGameReplicates } : {}),
    };
    checkPlanRun(run, context);
    return { dir: run.dir, run };
  },
  run: (setup, context) => ('map' in setup ? runMap(setup.map, context) : executeAndFinish(setup.run, context, (dir, plan, _precision, manifest) => finishGame(dir, plan, manifest))),
  finish: (dir, plan, manifest) => finishGame(dir, plan, { ...manifest }),
};
