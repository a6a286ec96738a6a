/**
 * sensitivity <scenario> --vary path=lo:hi ... --metric M ...: how much the named metrics
 * move with the named parameters, by Morris elementary effects (default) or one at a time,
 * on common random numbers; with --reference, how much their difference from a reference
 * scenario moves (the sensitivity of an effect, such as a program's). The design points
 * run as one plan through the experiment engine (cached in runs/, resumable, --workers),
 * into <out>/<scenario>/sensitivity/.
 */
import { join } from 'node:path';
import { InputError } from '../../../errors.js';
import { loadScenario, type LoadOptions } from '../../../scenario/load.js';
import type { RunSummary } from '../../../model/summary.js';
import { mean } from '../../../stats/index.js';
import { checkExperimentSize, parseSeedArgs, positiveIntOption, seedOptions, WORKERS_OPTION } from '../../engine/args.js';
import { executePlan } from '../../engine/execute.js';
import { parseVary, type GridAssignment } from '../../engine/grid-spec.js';
import { gridPlan, jobsFor, type Plan } from '../../engine/plan.js';
import { checkPlanMemory } from '../../engine/plan-run.js';
import { pruneRuns } from '../../engine/store.js';
import { SUMMARY_ONLY } from '../calibrate/fit.js';
import { SCENARIO_POSITIONAL, type ExperimentKind, type KindContext, type KindOutcome } from '../kind.js';
import {
  morrisDesign, morrisEffects, oatDesign, oatEffects, outputsOf, parseMetricRef, valueOf, type Factor, type MetricRef, type MorrisDesign, type Output,
} from './design.js';
import { sensitivityLines, sensitivitySummary, writeSensitivity } from './outputs.js';
import { sensitivityReport } from './report.js';

const DEFAULT_SEEDS = 4;
const DEFAULT_TRAJECTORIES = 10;
const DEFAULT_LEVELS = { morris: 4, oat: 3 } as const;

const label = (a: GridAssignment): string => a.map(([p, v]) => `${p}=${v}`).join(';');

function factorsFrom(list: readonly unknown[] | undefined): Factor[] {
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

interface SensitivitySetup {
  readonly dir: string;
  readonly ref: string;
  readonly referenceRef: string | undefined;
  readonly load: LoadOptions;
  readonly method: 'morris' | 'oat';
  readonly factors: readonly Factor[];
  readonly refs: readonly MetricRef[];
  readonly outputs: readonly Output[];
  readonly seeds: number;
  readonly seedBase: number;
  readonly levels: number;
  readonly trajectories: number;
  readonly design: MorrisDesign | null;
  readonly assignments: readonly GridAssignment[];
  /** the design points (and, with --reference, the same points on the reference) */
  readonly plan: Plan;
  readonly gridPoints: number;
  readonly scenarioName: string;
  readonly referenceName: string | null;
  readonly customers: number;
  readonly periods: number;
  readonly inputFile: string;
}

function setup(raw: Readonly<Record<string, unknown>>, load: LoadOptions, context: KindContext): SensitivitySetup {
  const method = raw.method === 'oat' ? 'oat' : 'morris';
  const factors = factorsFrom(raw.vary as unknown[] | undefined);
  const refs = ((raw.metric as unknown[] | undefined) ?? []).map((m) => parseMetricRef(String(m)));
  if (refs.length === 0) throw new InputError({ source: 'option --metric', path: '', message: 'expected at least one --metric, e.g. --metric share or --metric market.hhi' });
  const { replicates: seeds, seedBase } = parseSeedArgs(raw, DEFAULT_SEEDS, 10_000);
  const levels = positiveIntOption('levels', raw.levels, 100) ?? DEFAULT_LEVELS[method];
  if (levels < 2) throw new InputError({ source: 'option --levels', path: '', message: `expected at least 2 levels, got ${levels}` });
  const trajectories = positiveIntOption('trajectories', raw.trajectories, 10_000) ?? DEFAULT_TRAJECTORIES;
  if (method === 'morris' && trajectories < 2) throw new InputError({ source: 'option --trajectories', path: '', message: `expected at least 2 trajectories, got ${trajectories}` });
  const ref = String(raw.scenario);
  const referenceRef = raw.reference === undefined ? undefined : String(raw.reference);
  const { file, scenario } = loadScenario(ref, load);
  const outputs = outputsOf(refs, scenario.firms.map((f) => f.name));

  const design = method === 'morris' ? morrisDesign(factors, trajectories, levels, seedBase) : null;
  const assignments = design ? design.trajectories.flatMap((t) => t.points) : oatDesign(factors, levels);
  const common = { seedBase, replicates: seeds, metrics: SUMMARY_ONLY, load, parameters: factors.map((f) => f.path), sample: null };
  const grid = gridPlan(ref, assignments, common);
  // With --reference, every design point also runs on the reference scenario (same settings, same seeds).
  const reference = referenceRef === undefined ? null : gridPlan(referenceRef, assignments, common);
  const referenceName = reference ? loadScenario(referenceRef!, load).scenario.name : null;
  const points = [...grid.points, ...(reference ? reference.points.map((p) => ({ ...p, id: `ref-${p.id}` })) : [])];
  const plan: Plan = {
    ...grid, kind: 'sensitivity', points, jobs: jobsFor(points, SUMMARY_ONLY, seedBase, 0, seeds),
    title: `${scenario.name}${referenceName ? ` − ${referenceName}` : ''}: sensitivity of ${refs.map((r) => r.text).join(', ')} to ${factors.map((f) => f.path).join(', ')}`,
  };
  // Before any work: the size and the memory of the runs in flight.
  checkExperimentSize(plan.points.length, seeds, 'design points');
  checkPlanMemory(plan, context.workers, context.memoryLimit);
  return {
    dir: join(context.out, plan.name, 'sensitivity'), ref, referenceRef, load, method, factors, refs, outputs, seeds, seedBase, levels, trajectories,
    design, assignments, plan, gridPoints: grid.points.length, scenarioName: scenario.name, referenceName, customers: scenario.customers, periods: scenario.periods, inputFile: file,
  };
}

async function run(s: SensitivitySetup, context: KindContext): Promise<KindOutcome> {
  const { plan, dir, design, factors, outputs, method } = s;
  context.say(`sensitivity ${s.scenarioName}${s.referenceName ? ` − ${s.referenceName}` : ''} (${method}): ${plan.points.length} design points × ${s.seeds} seeds = ${plan.jobs.length} runs, ${context.workers} worker${context.workers === 1 ? '' : 's'}`);
  const result = await executePlan(dir, plan, { workers: context.workers, shard: null, quiet: context.quiet, label: `sensitivity ${s.scenarioName}` });
  pruneRuns(dir, new Set(plan.jobs.map((j) => j.key)));
  if (result.damage) context.say(result.damage);
  context.say(`${result.computed} runs computed, ${result.reused} reused from ${join(dir, 'runs')}`);

  // Per design point, its runs' summaries in seed order.
  const summaries: RunSummary[][] = plan.points.map(() => []);
  for (const job of plan.jobs) summaries[job.point][job.replicate] = result.summaryOf(job.key)!;
  const pointOf = new Map(plan.points.slice(0, s.gridPoints).map((p, i) => [p.label, i]));
  const n = s.gridPoints;
  const withReference = s.referenceRef !== undefined;
  // per seed: the scenario's value, or its difference from the reference on the same seed
  const perSeed = (a: GridAssignment, o: Output) => {
    const i = pointOf.get(label(a))!;
    return summaries[i].map((x, k) => valueOf(x, o) - (withReference ? valueOf(summaries[n + i][k], o) : 0));
  };

  const command = ['loyalty-sim sensitivity', s.ref, ...(s.referenceRef !== undefined ? [`--reference ${s.referenceRef}`] : []), ...factors.map((f) => `--vary ${f.path}=${f.lo}:${f.hi}`), ...s.refs.map((r) => `--metric ${r.text}`),
    `--method ${method}`, ...(method === 'morris' ? [`--trajectories ${s.trajectories}`] : []), `--levels ${s.levels}`, `--seeds ${s.seeds}`, `--seed-base ${s.seedBase}`,
    ...(s.load.customers !== undefined ? [`--customers ${s.load.customers}`] : []), ...(s.load.periods !== undefined ? [`--periods ${s.load.periods}`] : []), ...(s.load.set ?? []).map((x) => `--set ${x}`)].join(' ');
  const summary = sensitivitySummary({
    scenario: s.scenarioName, reference: s.referenceName, method, command, factors, outputs: [...outputs], levels: s.levels, seedBase: s.seedBase,
    seeds: plan.jobs.filter((j) => j.point === 0).map((j) => j.seed), points: plan.points.length, customers: s.customers, periods: s.periods,
    ...(design
      ? { trajectories: s.trajectories, morris: morrisEffects(factors, design, outputs, (t, step, o) => mean(perSeed(design.trajectories[t].points[step], o))) }
      : { oat: oatEffects(factors, s.levels, outputs, (i, level, o) => perSeed(s.assignments[i * s.levels + level], o)) }),
  });
  writeSensitivity(dir, summary);
  return {
    dir,
    complete: true,
    report: sensitivityReport(summary),
    lines: [...sensitivityLines(summary), `wrote ${dir}`],
    json: { dir, computed: result.computed, reused: result.reused, summary },
    inputFile: s.inputFile,
    manifest: { experiment: 'sensitivity', workers: context.workers, computed: result.computed, reused: result.reused },
  };
}

export const kind: ExperimentKind<SensitivitySetup> = {
  positionals: { scenario: SCENARIO_POSITIONAL },
  options: {
    vary: { type: 'string', array: true, describe: 'a parameter and its range: path=lo:hi (repeatable; paths as in --set)' },
    metric: { type: 'string', array: true, describe: 'a metric to explain: share (every firm), Boreal.profit (one firm) or market.hhi (repeatable)' },
    method: { type: 'string', choices: ['morris', 'oat'], default: 'morris', describe: 'morris: elementary effects over random trajectories; oat: one parameter at a time' },
    trajectories: { type: 'number', describe: `morris: trajectories r (default ${DEFAULT_TRAJECTORIES})` },
    levels: { type: 'number', describe: `grid levels p (morris, default ${DEFAULT_LEVELS.morris}) or values per parameter (oat, default ${DEFAULT_LEVELS.oat})` },
    ...seedOptions(DEFAULT_SEEDS, 'common seeds per design point'),
    reference: { type: 'string', describe: 'explain differences: the metrics of <scenario> minus those of this scenario, at the same settings and seeds (e.g. the effect of programs)' },
    ...WORKERS_OPTION,
  },
  pool: true,
  shardable: false,
  files: ['effects.csv'],
  setup: ({ raw, load }, context) => setup(raw, load, context),
  run,
};
