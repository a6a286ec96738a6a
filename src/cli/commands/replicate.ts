/** loyalty-sim replicate <scenario>: many seeds; per-run results, means and 95% intervals. */
import type { CommandBody } from './index.js';
import { withCommonOptions } from '../common.js';
import { parseExperimentArgs, runExperiment, withExperimentOptions, type ExperimentArgs } from '../../experiment/options.js';
import { replicatePlan } from '../../experiment/engine/plan.js';

interface ReplicateArgs extends ExperimentArgs {
  scenario: string;
}

const DEFAULT_SEEDS = 16;

export const command: CommandBody<ReplicateArgs> = {
  builder: (y) =>
    withExperimentOptions(withCommonOptions(y), DEFAULT_SEEDS)
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' }) as never,
  handler: async (args) => {
    const p = parseExperimentArgs(args, DEFAULT_SEEDS);
    await runExperiment(args, replicatePlan(args.scenario, p));
  },
};
