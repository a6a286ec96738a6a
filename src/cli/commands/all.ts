/**
 * loyalty-sim all: the main job. Every shipped scenario, one seed each, at the size its
 * file sets, into --out; then the output index.
 *
 * The scenarios run one after another in this process, so `--threads N` (threads within
 * each run) cannot oversubscribe the cores the way threads inside pooled runs would.
 */
import type { CommandModule } from 'yargs';
import { listShippedNames, loadScenario } from '../../scenario/load.js';
import { simulateThreaded } from '../../model/simulate.js';
import { runDir, writeRunOutput } from '../../io/run-output.js';
import { renderRunReport, writeOutputIndex } from '../../report/index.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { withCommonOptions, withThreadsOption, loadOptionsFrom, memoryLimitFrom, checkOutputDir, parseThreads, say, threadsNote, type CommonArgs } from '../common.js';

export const allCommand: CommandModule<object, CommonArgs> = {
  command: 'all',
  describe: 'the main job: run every shipped scenario into --out, with charts and reports',
  builder: (y) => withThreadsOption(withCommonOptions(y)) as never,
  handler: async (args) => {
    for (const name of listShippedNames()) {
      const { file, scenario } = loadScenario(name, loadOptionsFrom(args));
      const started = performance.now(); // timing for the progress line only, not in results
      checkMemoryBudget(scenario, memoryLimitFrom(args));
      checkOutputDir(args.out, runDir(args.out, scenario.name, scenario.seed));
      const threads = threadsNote(parseThreads(args.threads) ?? 1, scenario.customers);
      const result = await simulateThreaded(scenario, scenario.seed, { threads: threads.used });
      const dir = runDir(args.out, scenario.name, scenario.seed);
      writeRunOutput(dir, scenario, result, {
        charts: args.charts,
        argv: process.argv.slice(2),
        inputFile: file,
        renderReport: (tmp) => renderRunReport(tmp, { scenario, result }),
      });
      say(args, `${name.padEnd(22)} ${((performance.now() - started) / 1000).toFixed(1)} s  → ${dir}${threads.note}`);
    }
    if (args.charts) writeOutputIndex(args.out);
  },
};
