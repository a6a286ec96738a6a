/**
 * loyalty-sim all: the main job. Every shipped scenario, one seed each, at the size its
 * file sets, into --out; then the output index.
 *
 * The scenarios run one after another in this process, so `--threads N` (threads within
 * each run) cannot oversubscribe the cores the way threads inside pooled runs would.
 */
import type { CommandBody } from './index.js';
import { listShippedNames, loadScenario } from '../../scenario/load.js';
import { writeFrontPage } from '../front-page.js';
import { withCommonOptions, withThreadsOption, loadOptionsFrom, parseThreads, say, threadsNote, type CommonArgs } from '../common.js';
import { memoryLimitFrom } from '../../experiment/engine/args.js';
import { runOne } from '../run-one.js';
import type { Findings } from '../../report/findings.js';
import { join } from 'node:path';

/** The scenario whose findings end the main job's output: the theatre effect. */
const HEADLINE_SCENARIO = 'theatre';

export const command: CommandBody<CommonArgs> = {
  builder: (y) => withThreadsOption(withCommonOptions(y)) as never,
  handler: async (args) => {
    const load = loadOptionsFrom(args);
    const memoryLimit = memoryLimitFrom(args);
    const requestedThreads = parseThreads(args.threads) ?? 1;
    const found = new Map<string, Findings>();
    for (const name of listShippedNames()) {
      const { file, scenario } = loadScenario(name, load);
      const started = performance.now(); // timing for the progress line only, not in results
      const threads = threadsNote(requestedThreads, scenario.customers);
      const { dir, findings } = await runOne(args, scenario, { seed: scenario.seed, file, threads: threads.used, memoryLimit });
      found.set(name, findings);
      say(args, `${name.padEnd(22)} ${((performance.now() - started) / 1000).toFixed(1)} s  → ${dir}${threads.note}`);
    }
    if (args.charts) writeFrontPage(args.out);
    say(args, '');
    say(args, args.charts ? `Every scenario's question, answer and chart: ${join(args.out, 'index.html')} (open it in a browser)` : `Results in ${args.out} (--no-charts: no reports and no index)`);
    // the story the tool exists to tell: when every firm launches a program
    const headline = found.has(HEADLINE_SCENARIO) ? HEADLINE_SCENARIO : [...found.keys()][0];
    const theatre = headline === undefined ? undefined : found.get(headline);
    if (theatre) {
      say(args, `The ${headline} scenario, ${theatre.basis}:`);
      for (const s of theatre.highlights) say(args, `  - ${s}`);
    }
  },
};
