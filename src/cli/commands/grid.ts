/** loyalty-sim grid <scenario>: a parameter grid (--vary) or a Latin hypercube sample (--sample lhs:N). */
import type { CommandBody } from './index.js';
import { InputError } from '../../scenario/errors.js';
import { withCommonOptions } from '../common.js';
import { checkExperimentSize, parseExperimentArgs, runExperiment, withExperimentOptions, type ExperimentArgs } from '../../experiment/options.js';
import { gridPlan } from '../../experiment/engine/plan.js';
import { fullFactorial, latinHypercube, parseSample, parseVary } from '../../experiment/engine/grid-spec.js';

interface GridArgs extends ExperimentArgs {
  scenario: string;
  vary?: string[];
  sample?: string;
}

const DEFAULT_SEEDS = 8;

export const command: CommandBody<GridArgs> = {
  builder: (y) =>
    withExperimentOptions(withCommonOptions(y), DEFAULT_SEEDS)
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('vary', { type: 'string', array: true, describe: 'a field to vary: path=a,b,c or path=lo:hi:n (n values), or path=lo:hi with --sample (repeatable)' })
      .option('sample', { type: 'string', describe: 'lhs:N: a Latin hypercube of N points over the --vary fields instead of the full grid' }) as never,
  handler: async (args) => {
    const p = parseExperimentArgs(args, DEFAULT_SEEDS);
    const axes = (args.vary ?? []).map((v) => parseVary(String(v)));
    if (axes.length === 0) throw new InputError({ source: 'option --vary', path: '', message: 'expected at least one --vary path=values, e.g. --vary firms.0.price=8,9,10' });
    const paths = axes.map((a) => a.path);
    const dup = paths.find((path, i) => paths.indexOf(path) !== i);
    if (dup) throw new InputError({ source: 'option --vary', path: dup, message: 'expected each field once' });
    const sample = parseSample(args.sample);
    checkExperimentSize(sample ? sample.n : axes.reduce((n, a) => n * (a.values?.length ?? 1), 1), p.replicates);
    const assignments = sample ? latinHypercube(axes, sample.n, p.seedBase) : fullFactorial(axes);
    await runExperiment(args, gridPlan(args.scenario, assignments, { ...p, parameters: paths, sample: sample ? `lhs:${sample.n}` : null }));
  },
};
