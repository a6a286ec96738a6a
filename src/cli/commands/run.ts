/** loyalty-sim run [scenario]: one scenario, one seed. */
import type { CommandModule } from 'yargs';
import { loadScenario, DEFAULT_SCENARIO } from '../../scenario/load.js';
import { simulateThreaded } from '../../model/simulate.js';
import { runDir, writeRunOutput } from '../../io/run-output.js';
import { renderRunReport, writeOutputIndex } from '../../report/index.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { withCommonOptions, withThreadsOption, loadOptionsFrom, memoryLimitFrom, checkOutputDir, nonNegativeIntOption, parseThreads, say, threadsNote, type CommonArgs } from '../common.js';
import { stableJson } from '../../io/json.js';

interface RunArgs extends CommonArgs {
  scenario?: string;
  seed?: number;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe: 'one scenario, one seed (default scenario when omitted)',
  builder: (y) =>
    withThreadsOption(withCommonOptions(y))
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('seed', { type: 'number', describe: 'random seed (default: the scenario\'s)' }) as never,
  handler: async (args) => {
    const seedOption = nonNegativeIntOption('seed', args.seed);
    const { file, scenario } = loadScenario(args.scenario ?? DEFAULT_SCENARIO, loadOptionsFrom(args));
    const seed = seedOption ?? scenario.seed;
    const threads = threadsNote(parseThreads(args.threads) ?? 1, scenario.customers);
    say(args, `running ${scenario.name}: ${scenario.customers} customers × ${scenario.firms.length} firms × ${scenario.periods} periods, seed ${seed}${threads.note}`);
    checkMemoryBudget(scenario, memoryLimitFrom(args));
    checkOutputDir(args.out, runDir(args.out, scenario.name, seed));
    const result = await simulateThreaded(scenario, seed, { threads: threads.used });
    const dir = runDir(args.out, scenario.name, seed);
    const summary = writeRunOutput(dir, scenario, result, {
      charts: args.charts,
      argv: process.argv.slice(2),
      inputFile: file,
      renderReport: (tmp) => renderRunReport(tmp, { scenario, result }),
    });
    if (args.charts) writeOutputIndex(args.out);
    say(args, `wrote ${dir}`);
    if (args.json) process.stdout.write(stableJson(summary));
  },
};
