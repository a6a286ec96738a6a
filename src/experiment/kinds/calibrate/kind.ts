/**
 * calibrate <scenario> --targets FILE: fit the file's parameters to its target moments on
 * common random numbers, and write the fit, the fitted scenario and a report to
 * <out>/<scenario>/calibrate/. Rerunning the same command resumes from the cached runs.
 */
import { join } from 'node:path';
import { checkMemoryBudget } from '../../../model/memory.js';
import { InputError } from '../../../errors.js';
import { loadScenario } from '../../../scenario/load.js';
import { parseSeedArgs, positiveIntOption, seedOptions, WORKERS_OPTION } from '../../engine/args.js';
import { safeName } from '../../engine/plan.js';
import { SCENARIO_POSITIONAL, type ExperimentKind } from '../kind.js';
import { calibrate, type CalibrationSetup } from './fit.js';
import { resultLines, writeCalibration } from './outputs.js';
import { calibrationReport } from './report.js';
import { loadTargets, targetsPath } from './targets.js';

const DEFAULT_SEEDS = 8;
const DEFAULT_MAX_EVALS = 60;
const DEFAULT_TOLERANCE = 0.005;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `--tolerance`: a number in (0, 1). */
function toleranceOption(value: unknown): number {
  if (value === undefined) return DEFAULT_TOLERANCE;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new InputError({ source: 'option --tolerance', path: '', message: `expected a number between 0 and 1 (exclusive), got ${Number.isNaN(value) ? 'not a number' : String(value)}` });
  }
  return value;
}

export const kind: ExperimentKind<CalibrationSetup & { inputFile: string }> = {
  positionals: { scenario: SCENARIO_POSITIONAL },
  options: {
    targets: { type: 'string', demandOption: true, describe: 'YAML file: parameters: [{ path, min, max, start? }], targets: [{ name, metric, firm?, value, low, high, weight?, source, kind? }]' },
    ...seedOptions(DEFAULT_SEEDS, 'common seeds per evaluation'),
    'max-evals': { type: 'number', describe: `most evaluations of the objective (default ${DEFAULT_MAX_EVALS}); each runs every seed` },
    tolerance: { type: 'number', describe: `stop when the simplex's objective values differ by at most this and its vertices by at most this share of each parameter's range (default ${DEFAULT_TOLERANCE})` },
    ...WORKERS_OPTION,
  },
  pool: true,
  shardable: false,
  files: ['fit.csv', 'parameters.csv', 'jacobian.csv', 'evaluations.csv', 'calibrated.yaml'],
  setup({ raw, load }, context) {
    // Every option first (nothing is created before they are all good), then the files.
    const { replicates: seeds, seedBase } = parseSeedArgs(raw, DEFAULT_SEEDS, 10_000);
    const maxEvaluations = positiveIntOption('max-evals', raw.maxEvals, 100_000) ?? DEFAULT_MAX_EVALS;
    const tolerance = toleranceOption(raw.tolerance);
    const file = targetsPath(raw.targets);
    const ref = String(raw.scenario);
    const { file: inputFile, scenario } = loadScenario(ref, load);
    const targets = loadTargets(file, ref, load);
    if (maxEvaluations < targets.parameters.length + 2) {
      throw new InputError({ source: 'option --max-evals', path: '', message: `expected at least ${targets.parameters.length + 2} evaluations for ${targets.parameters.length} parameters (the first simplex and one step), got ${maxEvaluations}` });
    }
    // the memory of the runs in flight
    checkMemoryBudget(scenario, context.memoryLimit, Math.max(1, Math.min(context.workers, seeds)));
    return {
      ref, load, targets, seeds, seedBase, maxEvaluations, tolerance, workers: context.workers, quiet: context.quiet,
      dir: join(context.out, safeName(scenario.name), 'calibrate'),
      inputFile,
    };
  },
  async run(setup, context) {
    context.say(`calibrate ${loadScenario(setup.ref, setup.load).scenario.name}: ${plural(setup.targets.parameters.length, 'parameter')}, ${plural(setup.targets.targets.length, 'target')}, ${setup.seeds} seeds per evaluation, at most ${setup.maxEvaluations} evaluations, ${setup.workers} worker${setup.workers === 1 ? '' : 's'}`);
    const result = await calibrate(setup);
    context.say(`${result.computed} runs computed, ${result.reused} reused from ${join(setup.dir, 'runs')}`);
    const summary = writeCalibration(setup, result);
    return {
      dir: setup.dir,
      complete: true,
      report: calibrationReport(summary),
      lines: [...resultLines(setup, result), `wrote ${setup.dir}`],
      json: { dir: setup.dir, computed: result.computed, reused: result.reused, summary },
      inputFile: setup.inputFile,
      manifest: { experiment: 'calibrate', workers: setup.workers, computed: result.computed, reused: result.reused },
    };
  },
};
