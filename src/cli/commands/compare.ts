/** loyalty-sim compare <s1> <s2> ...: scenarios on the same seeds; paired differences to the first. */
import type { CommandBody } from './index.js';
import { withCommonOptions } from '../common.js';
import { parseExperimentArgs, runExperiment, withExperimentOptions, type ExperimentArgs } from '../../experiment/options.js';
import { comparePlan } from '../../experiment/engine/plan.js';
import { checkComparable } from '../../experiment/outputs.js';

interface CompareArgs extends ExperimentArgs {
  scenarios: string[];
  reference?: string;
  name?: string;
}

const DEFAULT_SEEDS = 16;

export const command: CommandBody<CompareArgs> = {
  builder: (y) =>
    withExperimentOptions(withCommonOptions(y), DEFAULT_SEEDS)
      .positional('scenarios', { type: 'string', array: true, describe: 'two or more scenarios (paths or shipped names); the first is the reference' })
      .option('reference', { type: 'string', describe: 'the scenario the others are compared with (default: the first)' })
      .option('name', { type: 'string', describe: 'output folder name (default: s1-vs-s2...)' }) as never,
  handler: async (args) => {
    const p = parseExperimentArgs(args, DEFAULT_SEEDS);
    const plan = comparePlan(args.scenarios.map(String), { ...p, reference: args.reference, name: args.name });
    checkComparable(plan); // before any run: different firms or horizons have no paired differences
    await runExperiment(args, plan);
  },
};
