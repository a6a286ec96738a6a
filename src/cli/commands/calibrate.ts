/**
 * loyalty-sim calibrate <scenario> --targets FILE: fit the file's parameters to its target
 * moments on common random numbers, and write the fit, the fitted scenario and a report
 * to <out>/<scenario>/calibrate/. Rerunning the same command resumes from the cached runs.
 */
import { join } from 'node:path';
import type { CommandBody } from './index.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { calibrate, type CalibrationSetup } from '../../experiment/kinds/calibrate/fit.js';
import { loadTargets, targetsPath } from '../../experiment/kinds/calibrate/targets.js';
import { resultLines, writeCalibration } from '../../experiment/kinds/calibrate/outputs.js';
import { safeName } from '../../experiment/engine/plan.js';
import { stableJson } from '../../io/json.js';
import { writeOutputIndex } from '../../report/index.js';
import { claimExperimentDir } from '../../io/ownership.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { loadOptionsFrom, memoryLimitFrom, nonNegativeIntOption, positiveIntOption, resolveWorkers, say, withCommonOptions, type CommonArgs } from '../common.js';

interface CalibrateArgs extends CommonArgs {
  scenario: string;
  targets?: string;
  seeds?: number;
  seedBase?: number;
  maxEvals?: number;
  tolerance?: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const DEFAULT_SEEDS = 8;
const DEFAULT_MAX_EVALS = 60;
const DEFAULT_TOLERANCE = 0.005;

/** `--tolerance`: a number in (0, 1). */
function toleranceOption(value: unknown): number {
  if (value === undefined) return DEFAULT_TOLERANCE;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new InputError({ source: 'option --tolerance', path: '', message: `expected a number between 0 and 1 (exclusive), got ${Number.isNaN(value) ? 'not a number' : String(value)}` });
  }
  return value;
}

export const command: CommandBody<CalibrateArgs> = {
  builder: (y) =>
    withCommonOptions(y)
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('targets', { type: 'string', demandOption: true, describe: 'YAML file: parameters: [{ path, min, max, start? }], targets: [{ name, metric, firm?, value, low, high, weight?, source, kind? }]' })
      .option('seeds', { type: 'number', describe: `common seeds per evaluation (default ${DEFAULT_SEEDS}; at least 2 for an interval)` })
      .option('seed-base', { type: 'number', default: 1, describe: 'base of the seeds: seed k is hash(seed-base, k), the same in every evaluation' })
      .option('max-evals', { type: 'number', describe: `most evaluations of the objective (default ${DEFAULT_MAX_EVALS}); each runs every seed` })
      .option('tolerance', { type: 'number', describe: `stop when the simplex's objective values differ by at most this and its vertices by at most this share of each parameter's range (default ${DEFAULT_TOLERANCE})` })
      .option('workers', { type: 'string', describe: "worker threads running an evaluation's seeds side by side: a number or 'auto' (all cores; the default)" }) as never,
  handler: async (args) => {
    // Every option first (nothing is created before they are all good), then the files.
    const load = loadOptionsFrom(args);
    const seeds = positiveIntOption('seeds', args.seeds, 10_000) ?? DEFAULT_SEEDS;
    if (seeds < 2) throw new InputError({ source: 'option --seeds', path: '', message: `expected at least 2 seeds (a 95% interval needs two), got ${seeds}` });
    const seedBase = nonNegativeIntOption('seed-base', args.seedBase) ?? 1;
    const maxEvaluations = positiveIntOption('max-evals', args.maxEvals, 100_000) ?? DEFAULT_MAX_EVALS;
    const tolerance = toleranceOption(args.tolerance);
    const workers = resolveWorkers(args.workers);
    const file = targetsPath(args.targets);
    const { file: scenarioFile, scenario } = loadScenario(args.scenario, load);
    const targets = loadTargets(file, args.scenario, load);
    if (maxEvaluations < targets.parameters.length + 2) {
      throw new InputError({ source: 'option --max-evals', path: '', message: `expected at least ${targets.parameters.length + 2} evaluations for ${targets.parameters.length} parameters (the first simplex and one step), got ${maxEvaluations}` });
    }
    const setup: CalibrationSetup = {
      ref: args.scenario, load, targets, seeds, seedBase, maxEvaluations, tolerance, workers, quiet: args.quiet,
      dir: join(args.out, safeName(scenario.name), 'calibrate'),
    };
    // Before any work: the memory of the runs in flight, the folder and its lock.
    checkMemoryBudget(scenario, memoryLimitFrom(args), Math.max(1, Math.min(workers, seeds)));
    claimExperimentDir(setup.dir);
    say(args, `calibrate ${scenario.name}: ${plural(targets.parameters.length, 'parameter')}, ${plural(targets.targets.length, 'target')}, ${seeds} seeds per evaluation, at most ${maxEvaluations} evaluations, ${workers} worker${workers === 1 ? '' : 's'}`);
    const result = await calibrate(setup);
    say(args, `${result.computed} runs computed, ${result.reused} reused from ${join(setup.dir, 'runs')}`);
    const summary = writeCalibration(setup, result, {
      charts: args.charts,
      argv: process.argv.slice(2),
      inputFile: scenarioFile,
      manifest: { workers, computed: result.computed, reused: result.reused },
    });
    if (args.charts) writeOutputIndex(args.out);
    for (const line of resultLines(setup, result)) say(args, line);
    say(args, `wrote ${setup.dir}`);
    if (args.json) process.stdout.write(stableJson({ dir: setup.dir, computed: result.computed, reused: result.reused, summary }));
  },
};
