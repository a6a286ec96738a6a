/**
 * loyalty-sim sensitivity <scenario> --vary path=lo:hi ... --metric M ...: how much the
 * named metrics move with the named parameters, by Morris elementary effects (default) or
 * one at a time, on common random numbers; with --reference, how much their difference
 * from a reference scenario moves (the sensitivity of an effect, such as a program's). The design points run as one plan through the
 * experiment pipeline (cached in runs/, resumable, --workers), into
 * <out>/<scenario>/sensitivity/.
 */
import { join } from 'node:path';
import type { CommandBody } from './index.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { executePlan } from '../../experiment/engine/execute.js';
import { gridPlan, jobsFor } from '../../experiment/engine/plan.js';
import { parseVary, type GridAssignment } from '../../experiment/engine/grid-spec.js';
import { pruneRuns } from '../../experiment/engine/store.js';
import { mean } from '../../stats/index.js';
import { SUMMARY_ONLY } from '../../experiment/kinds/calibrate/fit.js';
import {
  morrisDesign, morrisEffects, oatDesign, oatEffects, outputsOf, parseMetricRef, valueOf, type Factor, type Output,
} from '../../experiment/kinds/sensitivity/design.js';
import { sensitivityLines, sensitivitySummary, writeSensitivity } from '../../experiment/kinds/sensitivity/outputs.js';
import type { RunSummary } from '../../model/summary.js';
import { stableJson } from '../../io/json.js';
import { writeOutputIndex } from '../../report/index.js';
import { claimExperimentDir } from '../../io/ownership.js';
import { checkExperimentSize, checkPlanMemory } from '../../experiment/options.js';
import { loadOptionsFrom, memoryLimitFrom, nonNegativeIntOption, positiveIntOption, resolveWorkers, say, withCommonOptions, type CommonArgs } from '../common.js';

interface SensitivityArgs extends CommonArgs {
  scenario: string;
  vary?: string[];
  metric?: string[];
  method: string;
  trajectories?: number;
  levels?: number;
  seeds?: number;
  seedBase?: number;
  reference?: string;
}

const DEFAULT_SEEDS = 4;
const DEFAULT_TRAJECTORIES = 10;
const DEFAULT_LEVELS = { morris: 4, oat: 3 } as const;

const label = (a: GridAssignment): string => a.map(([p, v]) => `${p}=${v}`).join(';');

function factorsFrom(list: readonly string[] | undefined): Factor[] {
  const factors = (list ?? []).map((text) => {
    const axis = parseVary(String(text));
    if (!axis.range || !(axis.range.lo < axis.range.hi)) {
      throw new InputError({ source: 'option --vary', path: String(text), message: 'expected path=lo:hi with lo < hi, e.g. clutter=0:0.5' });
    }
    return { path: axis.path, lo: axis.range.lo, hi: axis.range.hi };
  });
  if (factors.length === 0) throw new InputError({ source: 'option --vary', path: '', message: 'expected at least one --vary path=lo:hi' });
  const dup = factors.find((f, i) => factors.findIndex((g) => g.path === f.path) !== i);
  if (dup) throw new InputError({ source: 'option --vary', path: dup.path, message: 'expected each field once' });
  return factors;
}

export const command: CommandBody<SensitivityArgs> = {
  builder: (y) =>
    withCommonOptions(y)
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('vary', { type: 'string', array: true, describe: 'a parameter and its range: path=lo:hi (repeatable; paths as in --set)' })
      .option('metric', { type: 'string', array: true, describe: 'a metric to explain: share (every firm), Boreal.profit (one firm) or market.hhi (repeatable)' })
      .option('method', { type: 'string', choices: ['morris', 'oat'], default: 'morris', describe: 'morris: elementary effects over random trajectories; oat: one parameter at a time' })
      .option('trajectories', { type: 'number', describe: `morris: trajectories r (default ${DEFAULT_TRAJECTORIES})` })
      .option('levels', { type: 'number', describe: `grid levels p (morris, default ${DEFAULT_LEVELS.morris}) or values per parameter (oat, default ${DEFAULT_LEVELS.oat})` })
      .option('seeds', { type: 'number', describe: `common seeds per design point (default ${DEFAULT_SEEDS})` })
      .option('seed-base', { type: 'number', default: 1, describe: 'base of the seeds, and of the Morris trajectories' })
      .option('reference', { type: 'string', describe: 'explain differences: the metrics of <scenario> minus those of this scenario, at the same settings and seeds (e.g. the effect of programs)' })
      .option('workers', { type: 'string', describe: "worker threads: a number or 'auto' (all cores; the default)" }) as never,
  handler: async (args) => {
    const load = loadOptionsFrom(args);
    const method = args.method === 'oat' ? 'oat' : 'morris';
    const factors = factorsFrom(args.vary);
    const refs = (args.metric ?? []).map((m) => parseMetricRef(String(m)));
    if (refs.length === 0) throw new InputError({ source: 'option --metric', path: '', message: 'expected at least one --metric, e.g. --metric share or --metric market.hhi' });
    const seeds = positiveIntOption('seeds', args.seeds, 10_000) ?? DEFAULT_SEEDS;
    if (seeds < 2) throw new InputError({ source: 'option --seeds', path: '', message: `expected at least 2 seeds (a 95% interval needs two), got ${seeds}` });
    const seedBase = nonNegativeIntOption('seed-base', args.seedBase) ?? 1;
    const levels = positiveIntOption('levels', args.levels, 100) ?? DEFAULT_LEVELS[method];
    if (levels < 2) throw new InputError({ source: 'option --levels', path: '', message: `expected at least 2 levels, got ${levels}` });
    const trajectories = positiveIntOption('trajectories', args.trajectories, 10_000) ?? DEFAULT_TRAJECTORIES;
    if (method === 'morris' && trajectories < 2) throw new InputError({ source: 'option --trajectories', path: '', message: `expected at least 2 trajectories, got ${trajectories}` });
    const workers = resolveWorkers(args.workers);
    const { file, scenario } = loadScenario(args.scenario, load);
    const outputs: Output[] = outputsOf(refs, scenario.firms.map((f) => f.name));

    const design = method === 'morris' ? morrisDesign(factors, trajectories, levels, seedBase) : null;
    const assignments = design ? design.trajectories.flatMap((t) => t.points) : oatDesign(factors, levels);
    const common = { seedBase, replicates: seeds, metrics: SUMMARY_ONLY, load, parameters: factors.map((f) => f.path), sample: null };
    const grid = gridPlan(args.scenario, assignments, common);
    // With --reference, every design point also runs on the reference scenario (same settings, same seeds).
    const reference = args.reference === undefined ? null : gridPlan(args.reference, assignments, common);
    const referenceName = reference ? loadScenario(args.reference!, load).scenario.name : null;
    const points = [...grid.points, ...(reference ? reference.points.map((p) => ({ ...p, id: `ref-${p.id}` })) : [])];
    const plan = {
      ...grid, kind: 'sensitivity' as const, points, jobs: jobsFor(points, SUMMARY_ONLY, seedBase, 0, seeds),
      title: `${scenario.name}${referenceName ? ` − ${referenceName}` : ''}: sensitivity of ${refs.map((r) => r.text).join(', ')} to ${factors.map((f) => f.path).join(', ')}`,
    };
    const dir = join(args.out, plan.name, 'sensitivity');
    // Before any work: the size, the memory of the runs in flight, the folder and its lock.
    checkExperimentSize(plan.points.length, seeds, 'design points');
    checkPlanMemory(plan, workers, memoryLimitFrom(args));
    claimExperimentDir(dir);
    say(args, `sensitivity ${scenario.name}${referenceName ? ` − ${referenceName}` : ''} (${method}): ${plan.points.length} design points × ${seeds} seeds = ${plan.jobs.length} runs, ${workers} worker${workers === 1 ? '' : 's'}`);
    const result = await executePlan(dir, plan, { workers, shard: null, quiet: args.quiet, label: `sensitivity ${scenario.name}` });
    pruneRuns(dir, new Set(plan.jobs.map((j) => j.key)));
    if (result.damage) say(args, result.damage);
    say(args, `${result.computed} runs computed, ${result.reused} reused from ${join(dir, 'runs')}`);

    // Per design point, its runs' summaries in seed order.
    const summaries: RunSummary[][] = plan.points.map(() => []);
    for (const job of plan.jobs) summaries[job.point][job.replicate] = result.summaryOf(job.key)!;
    const pointOf = new Map(grid.points.map((p, i) => [p.label, i]));
    const n = grid.points.length;
    // per seed: the scenario's value, or its difference from the reference on the same seed
    const perSeed = (a: GridAssignment, o: Output) => {
      const i = pointOf.get(label(a))!;
      return summaries[i].map((s, k) => valueOf(s, o) - (reference ? valueOf(summaries[n + i][k], o) : 0));
    };

    const command = ['loyalty-sim sensitivity', args.scenario, ...(args.reference !== undefined ? [`--reference ${args.reference}`] : []), ...factors.map((f) => `--vary ${f.path}=${f.lo}:${f.hi}`), ...refs.map((r) => `--metric ${r.text}`),
      `--method ${method}`, ...(method === 'morris' ? [`--trajectories ${trajectories}`] : []), `--levels ${levels}`, `--seeds ${seeds}`, `--seed-base ${seedBase}`,
      ...(load.customers !== undefined ? [`--customers ${load.customers}`] : []), ...(load.periods !== undefined ? [`--periods ${load.periods}`] : []), ...(load.set ?? []).map((s) => `--set ${s}`)].join(' ');
    const summary = sensitivitySummary({
      scenario: scenario.name, reference: referenceName, method, command, factors, outputs, levels, seedBase,
      seeds: plan.jobs.filter((j) => j.point === 0).map((j) => j.seed), points: plan.points.length, customers: scenario.customers, periods: scenario.periods,
      ...(design
        ? { trajectories, morris: morrisEffects(factors, design, outputs, (t, step, o) => mean(perSeed(design.trajectories[t].points[step], o))) }
        : { oat: oatEffects(factors, levels, outputs, (i, level, o) => perSeed(assignments[i * levels + level], o)) }),
    });
    writeSensitivity(dir, summary, { charts: args.charts, argv: process.argv.slice(2), inputFile: file, manifest: { workers, computed: result.computed, reused: result.reused } });
    if (args.charts) writeOutputIndex(args.out);
    for (const line of sensitivityLines(summary)) say(args, line);
    say(args, `wrote ${dir}`);
    if (args.json) process.stdout.write(stableJson({ dir, computed: result.computed, reused: result.reused, summary }));
  },
};
