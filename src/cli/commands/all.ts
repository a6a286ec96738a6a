/**
 * loyalty-sim all: the main job. Every shipped scenario, one seed each, at the size its
 * file sets, into --out; then the question the tool exists to answer, played as games in
 * the three theatre markets (every firm's choice of program or none, on common seeds, seeds
 * added until the verdict is resolved or the cap is reached); then the front page, which
 * opens with those answers, and the same answers on the terminal.
 *
 * The scenarios run one after another in this process, so `--threads N` (threads within
 * each run) cannot oversubscribe the cores the way threads inside pooled runs would; the
 * games run their profiles side by side on the worker pool (--workers).
 */
import { join } from 'node:path';
import type { CommandBody } from './index.js';
import { listShippedNames } from '../../scenario/files.js';
import { loadScenario } from '../../scenario/load.js';
import { writeFrontPage } from '../front-page.js';
import { runKind } from '../experiment-command.js';
import { withCommonOptions, withThreadsOption, loadOptionsFrom, parseThreads, say, threadsNote, type CommonArgs } from '../common.js';
import { WORKERS_OPTION, memoryLimitFrom, parseSeeds, positiveIntOption, resolveWorkers } from '../../experiment/engine/args.js';
import { kindEntry } from '../../experiment/kinds/index.js';
import { answerLines, type ReportAnswer } from '../../report/answers.js';
import { num } from '../../report/format.js';
import { runOne } from '../run-one.js';

/** The markets of the main job's question: look-alike firms, differentiated firms with clutter, and without. */
const THEATRE_GAMES = ['theatre-lookalike', 'theatre', 'theatre-no-clutter'];
/**
 * The games' size: 4,000 customers over the scenario's horizon (the size docs/theatre.md
 * measures at), 8 seeds to start, seeds added until the verdict is resolved, at most 16.
 */
const GAME_CUSTOMERS = 4000;
const GAME_SEEDS = 8;
const GAME_MAX_SEEDS = 16;

interface AllArgs extends CommonArgs {
  games: boolean;
  seeds?: number;
  maxSeeds?: number;
}

export const command: CommandBody<AllArgs> = {
  builder: (y) => withThreadsOption(withCommonOptions(y))
    .options(WORKERS_OPTION)
    .option('games', { type: 'boolean', default: true, describe: `also play the theatre games (${THEATRE_GAMES.join(', ')}) at ${num(GAME_CUSTOMERS)} customers (or --customers), seeds added until each verdict is resolved (--no-games to skip)` })
    .option('seeds', { type: 'number', describe: `the theatre games' first batch of seeds (default ${GAME_SEEDS})` })
    .option('max-seeds', { type: 'number', describe: `most seeds a theatre game may use (default ${GAME_MAX_SEEDS})` }) as never,
  handler: async (args) => {
    const load = loadOptionsFrom(args);
    const memoryLimit = memoryLimitFrom(args);
    const requestedThreads = parseThreads(args.threads) ?? 1;
    const workers = resolveWorkers(args.workers);
    const seeds = parseSeeds(args.seeds, 10_000) ?? GAME_SEEDS;
    const maxSeeds = Math.max(seeds, positiveIntOption('max-seeds', args.maxSeeds, 10_000) ?? GAME_MAX_SEEDS);
    for (const name of listShippedNames()) {
      const { file, scenario } = loadScenario(name, load);
      const started = performance.now(); // timing for the progress line only, not in results
      const threads = threadsNote(requestedThreads, scenario.customers);
      const { dir } = await runOne(args, scenario, { seed: scenario.seed, file, threads: threads.used, memoryLimit });
      say(args, `${name.padEnd(22)} ${((performance.now() - started) / 1000).toFixed(1)} s  → ${dir}${threads.note}`);
    }
    const answers: { name: string; answer: ReportAnswer }[] = [];
    if (args.games) {
      const game = await kindEntry('game')!.load();
      const context = { out: args.out, workers, shard: null, quiet: args.quiet, charts: args.charts, memoryLimit, say: (line: string) => say(args, line) };
      for (const name of THEATRE_GAMES) {
        const started = performance.now();
        const raw = { scenario: name, seeds, seedBase: 1, precision: true, maxSeeds };
        const outcome = await runKind(game, raw, { ...load, customers: load.customers ?? GAME_CUSTOMERS }, context, { charts: args.charts, argv: process.argv.slice(2) });
        say(args, `${`game ${name}`.padEnd(22)} ${((performance.now() - started) / 1000).toFixed(1)} s  → ${outcome.dir}`);
        if (outcome.report?.answer) answers.push({ name, answer: outcome.report.answer });
      }
    }
    if (args.charts) writeFrontPage(args.out);
    say(args, '');
    say(args, args.charts ? `Every scenario's question, answer and chart: ${join(args.out, 'index.html')} (open it in a browser)` : `Results in ${args.out} (--no-charts: no reports and no index)`);
    if (answers.length) {
      say(args, '');
      say(args, `When every firm can launch a loyalty program, who gains? The games (every profile of program or none, on common seeds, until resolved or ${maxSeeds} seeds):`);
      for (const { name, answer } of answers) for (const line of answerLines(name, answer)) say(args, line);
    }
  },
};
