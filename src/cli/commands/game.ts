/**
 * loyalty-sim game <scenario>: every profile of a strategy choice across firms (default:
 * program on/off), on the same seeds; the payoff table with intervals, the pure Nash
 * equilibria and the verdict (INTERFACE.md). An experiment plan like replicate, compare
 * and grid: workers, resume from runs/, --shard and merge. --precision adds seeds until
 * the verdict is resolved; --vary runs one game per cell of a grid (the theatre map).
 */
import type { CommandBody } from './index.js';
import { InputError } from '../../scenario/errors.js';
import { withCommonOptions, loadOptionsFrom, nonNegativeIntOption, positiveIntOption } from '../common.js';
import { metricSetText, parseMetricSet } from '../../experiment/engine/metric-set.js';
import { parseSeeds, runExperiment, type GameRunArgs } from '../../experiment/options.js';
import { GAME_METRICS, gamePlan } from '../../experiment/kinds/game/plan.js';
import { runGameMap } from '../../experiment/kinds/game-map.js';
import { parseVary } from '../../experiment/engine/grid-spec.js';

export interface GameArgs extends GameRunArgs {
  scenario: string;
  field?: string;
  values?: string;
  labels?: string;
  players?: string;
  symmetric: boolean;
  metrics?: string;
  vary?: string[];
}

const DEFAULT_SEEDS = 8;
const DEFAULT_MAX_SEEDS = 64;

export const command: CommandBody<GameArgs> = {
  builder: (y) =>
    withCommonOptions(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a .yaml/.yml/.json path or a shipped scenario name; its firms are the players (its game: block sets the strategy)' })
      .option('seeds', { type: 'number', default: DEFAULT_SEEDS, describe: 'replicates per profile (same seeds in every profile); with --precision, the first batch' })
      .option('seed-base', { type: 'number', default: 1, describe: 'base of the replicate seeds: replicate k uses seed hash(seed-base, k) in every profile' })
      .option('workers', { type: 'string', describe: "worker threads: a number or 'auto'" })
      .option('shard', { type: 'string', describe: 'run slice i of n (0 ≤ i < n) of the runs; combine the slices with loyalty-sim merge' })
      .option('metrics', { type: 'string', describe: `per-period metrics to aggregate (default: ${metricSetText(GAME_METRICS)})` })
      .option('field', { type: 'string', describe: 'firm field forming the strategy (default: the scenario\'s game.field, else program.enabled)' })
      .option('values', { type: 'string', describe: 'comma-separated strategy values, e.g. false,true or 9,10,11' })
      .option('labels', { type: 'string', describe: 'comma-separated labels for the values' })
      .option('players', { type: 'string', describe: 'comma-separated firm names (default: every firm)' })
      .option('symmetric', { type: 'boolean', default: false, describe: 'only profiles by number of adopters (the first k players adopt); deviations are k − 1 and k + 1 adopters' })
      .option('precision', { type: 'boolean', default: false, describe: 'add seeds in batches (same seeds, common random numbers) until every comparison the verdict rests on is resolved, up to --max-seeds' })
      .option('max-seeds', { type: 'number', default: DEFAULT_MAX_SEEDS, describe: 'most seeds --precision may use' })
      .option('vary', { type: 'string', array: true, describe: 'the theatre map: one game per grid cell, path=a,b,c or path=lo:hi:n (repeatable)' }) as never,
  handler: async (args) => {
    const load = loadOptionsFrom(args);
    const replicates = parseSeeds(args.seeds, 10_000) ?? DEFAULT_SEEDS;
    const seedBase = nonNegativeIntOption('seed-base', args.seedBase) ?? 1;
    const maxSeeds = positiveIntOption('max-seeds', args.maxSeeds, 10_000) ?? DEFAULT_MAX_SEEDS;
    if (args.precision && maxSeeds < replicates) {
      throw new InputError({ source: 'option --max-seeds', path: '', message: `expected at least --seeds (${replicates}), got ${maxSeeds}` });
    }
    const options = {
      seedBase,
      replicates,
      metrics: args.metrics !== undefined ? parseMetricSet(args.metrics) : GAME_METRICS,
      load,
      symmetric: args.symmetric,
      sequential: args.precision ? { maxSeeds } : null,
      choice: { field: args.field, values: args.values, labels: args.labels, players: args.players },
    };
    if (args.vary !== undefined && args.vary.length > 0) {
      const axes = args.vary.map((v) => parseVary(String(v)));
      await runGameMap(args, args.scenario, axes, options);
      return;
    }
    // runExperiment checks the size (profiles × seeds, or × --max-seeds), memory and the folder
    await runExperiment(args, gamePlan(args.scenario, options));
  },
};
