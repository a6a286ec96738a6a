/**
 * loyalty-sim game <scenario>: every profile of a strategy choice across firms (default:
 * program on/off), on the same seeds; the payoff table with intervals, the pure Nash
 * equilibria and the verdict (INTERFACE.md). Finished runs are cached in runs/ and reused
 * when the command is run again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { parse as parseYaml } from 'yaml';
import { loadScenario } from '../../scenario/load.js';
import { InputError } from '../../scenario/errors.js';
import { replicateSeed } from '../../model/rng.js';
import { runMany, createProgress } from '../../experiment/index.js';
import { describe as describeValues } from '../../experiment/stats.js';
import {
  describeProfile, profileCount, scenarioForProfile, strategiesOf, summarizeGame, symmetricProfiles,
  type GameSpec, type ProfileFigures,
} from '../../experiment/game.js';
import type { AggregateRow, RunRow } from '../../experiment/types.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { toCsv } from '../../io/csv.js';
import { stableJson } from '../../io/json.js';
import { writeManifest } from '../../io/run-output.js';
import { renderExperimentReport, writeOutputIndex } from '../../report/index.js';
import { withCommonOptions, loadOptionsFrom, memoryLimitFrom, nonNegativeIntOption, resolveWorkers, say, type CommonArgs } from '../common.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { parseSeeds } from '../../experiment/options.js';
import { claimExperimentDir } from '../../io/ownership.js';
import { damageNote } from '../../experiment/store.js';

interface GameArgs extends CommonArgs {
  scenario: string;
  seeds?: number;
  seedBase?: number;
  field?: string;
  values?: string;
  labels?: string;
  players?: string;
  symmetric: boolean;
}

const FIGURES = ['profit', 'share', 'price', 'programCost', 'revenue'] as const;
const SERIES = { firm: ['share', 'profit', 'price'], market: ['meanPrice'] };

export const gameCommand: CommandModule<object, GameArgs> = {
  command: 'game <scenario>',
  describe: 'every strategy profile across firms: payoffs, equilibria, verdict',
  builder: (y) =>
    withCommonOptions(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a .yaml/.yml/.json path or a shipped scenario name; its firms are the players (its game: block sets the strategy)' })
      .option('seeds', { type: 'number', default: 8, describe: 'replicates per profile (same seeds in every profile)' })
      .option('seed-base', { type: 'number', default: 1, describe: 'base of the replicate seeds: replicate k uses seed hash(seed-base, k) in every profile' })
      .option('workers', { type: 'string', describe: "worker threads: a number or 'auto'" })
      .option('field', { type: 'string', describe: 'firm field forming the strategy (default: the scenario\'s game.field, else program.enabled)' })
      .option('values', { type: 'string', describe: 'comma-separated strategy values, e.g. false,true or 9,10,11' })
      .option('labels', { type: 'string', describe: 'comma-separated labels for the values' })
      .option('players', { type: 'string', describe: 'comma-separated firm names (default: every firm)' })
      .option('symmetric', { type: 'boolean', default: false, describe: 'only profiles by number of adopters (first n players adopt)' }) as never,
  handler: async (args) => {
    const { file, scenario } = loadScenario(args.scenario, loadOptionsFrom(args));
    const spec = gameSpec(args, scenario);
    const replicates = parseSeeds(args.seeds, 10_000) ?? 8;
    const seedBase = nonNegativeIntOption('seed-base', args.seedBase) ?? 1;
    const seeds = Array.from({ length: replicates }, (_, k) => replicateSeed(seedBase, k));
    const profiles = args.symmetric ? symmetricProfiles(spec) : Array.from({ length: profileCount(spec) }, (_, p) => p);
    if (profiles.length * replicates > 100_000) {
      throw new InputError({ source: 'option --seeds', path: '', message: `${profiles.length} profiles × ${replicates} seeds is more than 100,000 runs; use --symmetric or fewer players` });
    }
    const scenarios = new Map(profiles.map((p) => [p, scenarioForProfile(scenario, spec, strategiesOf(spec, p), file)]));
    const dir = join(args.out, scenario.name, 'game');
    const jobs = profiles.flatMap((p) => seeds.map((seed, k) => ({ scenario: scenarios.get(p)!, seed, key: `p${String(p).padStart(4, '0')}-r${String(k).padStart(4, '0')}` })));
    checkMemoryBudget(scenario, memoryLimitFrom(args), Math.min(resolveWorkers(args.workers), jobs.length));
    claimExperimentDir(dir);
    say(args, `game ${scenario.name}: ${spec.players.length} players × ${spec.values.length} strategies, ${profiles.length} profiles × ${replicates} seeds = ${jobs.length} runs`);
    const progress = createProgress({ total: jobs.length, quiet: args.quiet, label: `game ${scenario.name}` });
    let reported = 0;
    const damage = { damaged: 0 };
    const records = await runMany(jobs, {
      damage,
      workers: args.workers, metrics: SERIES, store: join(dir, 'runs'), memoryLimit: memoryLimitFrom(args),
      onProgress: (done) => { for (; reported < done; reported++) progress.tick(); },
    });
    progress.stop();
    const damaged = damageNote(damage);
    if (damaged) say(args, damaged);
    rmSync(join(dir, 'manifest.json'), { force: true }); // every run is ready: the old result is replaced from here

    const figures = new Map<number, ProfileFigures>();
    const runRows: RunRow[] = [];
    profiles.forEach((p, pi) => {
      const byMetric = Object.fromEntries(FIGURES.map((m) => [m, spec.players.map(() => [] as number[])])) as ProfileFigures['byMetric'];
      seeds.forEach((seed, k) => {
        const summary = records[pi * replicates + k].summary;
        spec.players.forEach((name, i) => {
          const firm = summary.firms.find((f) => f.name === name)!;
          for (const m of FIGURES) {
            const value = Number(firm[m]);
            byMetric[m][i].push(value);
            runRows.push({ scenario: describeProfile(spec, p), params: { profile: p }, replicate: k, seed, firm: name, metric: m, value });
          }
        });
      });
      figures.set(p, { byMetric });
    });
    const summary = summarizeGame(scenario.name, spec, seeds, profiles, figures);

    writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));
    writeFileAtomic(join(dir, 'payoffs.csv'), payoffsCsv(summary));
    writeFileAtomic(join(dir, 'runs.csv'), toCsv(['scenario', 'profile', 'replicate', 'seed', 'firm', 'metric', 'value'],
      runRows.map((r) => [r.scenario, Number(r.params.profile), r.replicate, r.seed, r.firm, r.metric, r.value])));
    if (args.charts) {
      const aggregate = profileSeries(spec, profiles, seeds, records, replicates);
      renderExperimentReport(dir, {
        kind: 'game', title: `${scenario.name}: the strategy game`, description: scenario.description,
        scenarios: profiles.map((p) => describeProfile(spec, p)), firmNames: scenario.firms.map((f) => f.name),
        periods: scenario.periods, seeds, aggregate, perSeed: [], runs: runRows, game: summary,
      });
    }
    writeManifest(dir, { argv: process.argv.slice(2), inputFile: file, extra: { seeds } });
    if (args.charts) writeOutputIndex(args.out);
    say(args, `verdict: ${summary.verdict}`);
    for (const line of summary.evidence) say(args, `  ${line}`);
    say(args, `wrote ${dir}`);
    if (args.json) process.stdout.write(stableJson(summary));
  },
};

function gameSpec(args: GameArgs, scenario: ReturnType<typeof loadScenario>['scenario']): GameSpec {
  const game = scenario.game;
  const field = args.field ?? game?.field ?? 'program.enabled';
  const values = args.values !== undefined ? args.values.split(',').map((v) => parseYaml(v) as unknown) : game?.values ?? [false, true];
  if (values.length < 2) throw new InputError({ source: 'option --values', path: '', message: 'expected at least two comma-separated values' });
  const labels = args.labels !== undefined ? args.labels.split(',') : game?.labels ?? values.map((v) => (field === 'program.enabled' ? (v ? 'program' : 'no program') : String(v)));
  if (labels.length !== values.length) throw new InputError({ source: 'option --labels', path: '', message: `expected ${values.length} labels, one per value` });
  const names = scenario.firms.map((f) => f.name);
  const players = args.players !== undefined ? args.players.split(',') : game?.firms ?? names;
  for (const p of players) {
    if (!names.includes(p)) throw new InputError({ source: 'option --players', path: '', message: `expected firm names (${names.join(', ')}), got ${JSON.stringify(p)}` });
  }
  if (values.length ** players.length > 4096) throw new InputError({ source: 'option --players', path: '', message: 'more than 4,096 profiles; use --symmetric or fewer players' });
  return { field, values, labels, players };
}

function payoffsCsv(summary: ReturnType<typeof summarizeGame>): string {
  const rows: (string | number)[][] = [];
  summary.profiles.forEach((profile, p) => {
    for (const firm of profile.firms) {
      for (const metric of ['profit', 'share', 'price', 'programCost'] as const) {
        const x = firm[metric];
        rows.push([p, profile.adopters.join(' '), firm.name, metric, x.mean, x.ci95[0], x.ci95[1], summary.seeds.length]);
      }
    }
  });
  return toCsv(['profile', 'adopters', 'firm', 'metric', 'mean', 'ciLow', 'ciHigh', 'n'], rows);
}

/** Per-period means and intervals of share, profit and price per profile, for the report. */
function profileSeries(spec: GameSpec, profiles: readonly number[], seeds: readonly number[], records: Awaited<ReturnType<typeof runMany>>, replicates: number) {
  const aggregate: AggregateRow[] = [];
  profiles.forEach((p, pi) => {
    const label = describeProfile(spec, p);
    const first = records[pi * replicates];
    const M = first.firms.length;
    SERIES.firm.forEach((metric, m) => {
      for (let t = 0; t < first.periods; t++) {
        for (let j = 0; j < M; j++) {
          const values = seeds.map((_, k) => records[pi * replicates + k].series[m * first.periods * M + t * M + j]);
          const d = describeValues(values);
          aggregate.push({ scenario: label, period: t, firm: first.firms[j], metric, mean: d.mean, sd: d.sd, ciLow: d.ciLow, ciHigh: d.ciHigh, n: d.n });
        }
      }
    });
  });
  return aggregate;
}
