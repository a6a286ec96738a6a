/**
 * loyalty-sim all: the main job. Every shipped scenario, one seed each, at the size its
 * file sets, into --out; then the output index.
 */
import type { CommandModule } from 'yargs';
import { listShippedNames, loadScenario } from '../../scenario/load.js';
import { simulate } from '../../model/simulate.js';
import { runDir, writeRunOutput } from '../../io/run-output.js';
import { renderRunReport, writeOutputIndex } from '../../report/index.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { withCommonOptions, loadOptionsFrom, memoryLimitFrom, checkOutputDir, say, type CommonArgs } from '../common.js';

export const allCommand: CommandModule<object, CommonArgs> = {
  command: 'all',
  describe: 'the main job: run every shipped scenario into --out, with charts and reports',
  builder: (y) => withCommonOptions(y) as never,
  handler: (args) => {
    for (const name of listShippedNames()) {
      const { file, scenario } = loadScenario(name, loadOptionsFrom(args));
      const started = performance.now(); // timing for the progress line only, not in results
      checkMemoryBudget(scenario, memoryLimitFrom(args));
      checkOutputDir(args.out, runDir(args.out, scenario.name, scenario.seed));
      const result = simulate(scenario, scenario.seed);
      const dir = runDir(args.out, scenario.name, scenario.seed);
      writeRunOutput(dir, scenario, result, {
        charts: args.charts,
        argv: process.argv.slice(2),
        inputFile: file,
        renderReport: (tmp) => renderRunReport(tmp, { scenario, result }),
      });
      say(args, `${name.padEnd(22)} ${((performance.now() - started) / 1000).toFixed(1)} s  → ${dir}`);
    }
    if (args.charts) writeOutputIndex(args.out);
  },
};
