/** loyalty-sim run [scenario]: one scenario, one seed. */
import type { CommandBody } from './index.js';
import { DEFAULT_SCENARIO } from '../../scenario/files.js';
import { loadScenario } from '../../scenario/load.js';
import { writeFrontPage } from '../front-page.js';
import { withCommonOptions, withThreadsOption, loadOptionsFrom, parseThreads, say, threadsNote, type CommonArgs } from '../common.js';
import { memoryLimitFrom, nonNegativeIntOption } from '../../experiment/engine/args.js';
import { runOne } from '../run-one.js';
import { stableJson } from '../../io/json.js';
import { findingsLines } from '../../report/findings.js';
import { join } from 'node:path';

interface RunArgs extends CommonArgs {
  scenario?: string;
  seed?: number;
  panel?: boolean;
}

export const command: CommandBody<RunArgs> = {
  builder: (y) =>
    withThreadsOption(withCommonOptions(y))
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('seed', { type: 'number', describe: 'random seed (default: the scenario\'s)' })
      .option('panel', { type: 'boolean', default: false, describe: 'also write panel.parquet: one row per customer and shopping occasion (memory and disk checked first)' }) as never,
  handler: async (args) => {
    const seedOption = nonNegativeIntOption('seed', args.seed);
    const { file, scenario } = loadScenario(args.scenario ?? DEFAULT_SCENARIO, loadOptionsFrom(args));
    const seed = seedOption ?? scenario.seed;
    const threads = threadsNote(parseThreads(args.threads) ?? 1, scenario.customers);
    say(args, `running ${scenario.name}: ${scenario.customers} customers × ${scenario.firms.length} firms × ${scenario.periods} periods, seed ${seed}${threads.note}`);
    const { dir, summary, findings } = await runOne(args, scenario, { seed, file, threads: threads.used, memoryLimit: memoryLimitFrom(args), panel: args.panel === true });
    if (args.charts) writeFrontPage(args.out);
    say(args, `wrote ${dir}${args.charts ? ` (report: ${join(dir, 'report.html')})` : ''}`);
    for (const line of findingsLines(findings)) say(args, line);
    if (args.json) process.stdout.write(stableJson(summary));
  },
};
