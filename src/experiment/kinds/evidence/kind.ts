/**
 * evidence [--quick] [--clutter LIST]: every published pattern of the battery (patterns.ts)
 * on the shipped defaults, in one plan. The patterns' runs are collected and run once each
 * on common seeds (patterns that compare the same runs share them), on the worker pool and
 * through the experiment cache (an interrupted battery resumes); then each pattern is
 * judged from its per-seed values (judge.ts). A failing pattern is a finding, never an
 * error: the command exits 0 whatever the statuses. With --clutter the κ-sensitive
 * patterns are also run at each κ of the list, which bounds κ by the evidence.
 */
import { join } from 'node:path';
import { InputError } from '../../../errors.js';
import { loadScenario, type LoadOptions } from '../../../scenario/load.js';
import type { RunSummary } from '../../../model/summary.js';
import { checkExperimentSize, parseSeedArgs, seedOptions, WORKERS_OPTION } from '../../engine/args.js';
import { executePlan } from '../../engine/execute.js';
import { buildPlan, jobKey, makePoint, safeName, type Plan, type PlanPoint } from '../../engine/plan.js';
import { checkPlanMemory } from '../../engine/plan-run.js';
import type { ExperimentKind, KindContext, KindOutcome, SetupFolder } from '../kind.js';
import { judge, meanOf, ratioOf, type Judged } from './judge.js';
import { CLUTTER_FILE, SCORECARD_FILE, writeEvidence, type Scored } from './outputs.js';
import { battery } from './patterns.js';
import type { Pattern, RunSpec } from './pattern.js';

/** The battery's size: the full one, and the quick one fit for CI (about a minute on two cores). */
export const FULL = { customers: 4000, periods: 156, seeds: 8 } as const;
export const QUICK = { customers: 1000, periods: 130, seeds: 3 } as const;

/** No series are kept: every pattern reads run summaries. */
const NO_SERIES = { firm: [], market: [] } as const;

/** A pattern at one κ (null: as shipped), with the plan point of each of its named runs. */
interface Entry {
  readonly pattern: Pattern;
  readonly kappa: number | null;
  readonly points: Readonly<Record<string, number>>;
}

interface EvidenceSetup extends SetupFolder {
  readonly plan: Plan;
  readonly entries: readonly Entry[];
  readonly clutter: readonly number[] | null;
  readonly size: { readonly customers: number; readonly periods: number; readonly seeds: number; readonly quick: boolean };
}

/** --clutter: a comma list of κ values in [0, 1]. */
export function parseClutter(value: unknown): number[] | null {
  if (value === undefined) return null;
  const text = String(value);
  const values = text.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
  if (!values.length || values.some((x) => !Number.isFinite(x) || x < 0 || x > 1)) {
    throw new InputError({ source: 'option --clutter', path: '', message: `expected a comma list of clutter values between 0 and 1 (e.g. 0,0.1,0.2), got ${JSON.stringify(text)}` });
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The battery's plan: every distinct run once, in the order the patterns first name them. */
export function evidencePlan(patterns: readonly Pattern[], clutter: readonly number[] | null, size: EvidenceSetup['size'], seedBase: number, load: LoadOptions): { plan: Plan; entries: Entry[] } {
  const points: PlanPoint[] = [];
  const byKey = new Map<string, number>();
  const perScenario = new Map<string, number>();
  const pointOf = (spec: RunSpec, kappa: number | null): number => {
    const tail = [...(kappa === null ? [] : [`clutter=${kappa}`]), ...(load.set ?? [])];
    const options = { customers: load.customers ?? size.customers, periods: spec.periods ?? load.periods ?? size.periods };
    const set = typeof spec.set === 'function' ? spec.set(loadScenario(spec.scenario, { ...options, set: tail }).scenario) : (spec.set ?? []);
    const key = JSON.stringify([spec.scenario, [...set, ...tail], options.periods]);
    let index = byKey.get(key);
    if (index === undefined) {
      const scenario = loadScenario(spec.scenario, { ...options, set: [...set, ...tail] }).scenario;
      const n = (perScenario.get(spec.scenario) ?? 0) + 1;
      perScenario.set(spec.scenario, n);
      index = points.length;
      points.push(makePoint(`${safeName(spec.scenario)}-${n}`, [spec.scenario, ...set, ...tail].join(' '), scenario, {}));
      byKey.set(key, index);
    }
    return index;
  };
  const entryOf = (pattern: Pattern, kappa: number | null): Entry =>
    ({ pattern, kappa, points: Object.fromEntries(Object.entries(pattern.runs).map(([name, spec]) => [name, pointOf(spec, kappa)])) });
  const entries = [
    ...patterns.map((p) => entryOf(p, null)),
    ...(clutter ?? []).flatMap((k) => patterns.filter((p) => p.clutter).map((p) => entryOf(p, k))),
  ];
  const plan = buildPlan({ seedBase, replicates: size.seeds, metrics: NO_SERIES }, {
    kind: 'evidence',
    name: 'evidence',
    title: `Evidence scorecard: ${patterns.length} published patterns`,
    description: 'The published patterns the model is checked against, on the shipped defaults.',
    points,
    spec: { quick: size.quick, customers: size.customers, periods: size.periods, clutter: clutter ?? [] },
  });
  return { plan, entries };
}

/** A pattern's per-seed values from the runs' summaries, judged against its band. */
function scoreOf(entry: Entry, plan: Plan, summaryOf: (key: string) => RunSummary | undefined): Judged {
  const perSeed = Array.from({ length: plan.replicates }, (_, k) => {
    const runs = Object.fromEntries(Object.entries(entry.points).map(([name, i]) => {
      const s = summaryOf(jobKey(plan.points[i].id, k));
      if (!s) throw new Error(`evidence: run ${plan.points[i].id} seed ${k} missing after execution`);
      return [name, s];
    }));
    return entry.pattern.measure(runs);
  });
  const d = entry.pattern.ratio
    ? ratioOf(perSeed.map((v) => (typeof v === 'number' ? [v, 1] as const : v)))
    : meanOf(perSeed.map((v) => (typeof v === 'number' ? v : v[0] / v[1])));
  return judge(d, entry.pattern.band);
}

async function run(setup: EvidenceSetup, context: KindContext): Promise<KindOutcome> {
  const { plan, entries, dir } = setup;
  context.say(`evidence: ${entries.filter((e) => e.kappa === null).length} patterns, ${plan.points.length} runs × ${plan.replicates} seeds = ${plan.jobs.length} runs (${setup.size.customers} customers), ${context.workers} worker${context.workers === 1 ? '' : 's'}`);
  const result = await executePlan(dir, plan, { workers: context.workers, shard: null, quiet: context.quiet, label: 'evidence' });
  if (result.damage) context.say(result.damage);
  const scored: Scored[] = entries.map((e) => ({ pattern: e.pattern, kappa: e.kappa, ...scoreOf(e, plan, result.summaryOf) }));
  const outcome = writeEvidence(dir, scored, { ...setup.size, clutter: setup.clutter, seedBase: plan.seedBase });
  return { ...outcome, manifest: { workers: context.workers, computed: result.computed, reused: result.reused, quick: setup.size.quick } };
}

export const kind: ExperimentKind<EvidenceSetup> = {
  positionals: {},
  options: {
    quick: { type: 'boolean', default: false, describe: `a smaller battery fit for CI (${QUICK.customers} customers, ${QUICK.periods} periods, ${QUICK.seeds} seeds; full: ${FULL.customers}, ${FULL.periods}, ${FULL.seeds})` },
    clutter: { type: 'string', describe: 'also run the κ-sensitive patterns at each clutter κ of a comma list (e.g. 0,0.05,0.1,0.2): the range where they all hold' },
    ...seedOptions(FULL.seeds, 'seeds per run'),
    ...WORKERS_OPTION,
  },
  pool: true,
  shardable: false,
  files: [SCORECARD_FILE, CLUTTER_FILE],
  setup({ raw, load }, context) {
    const quick = raw.quick === true;
    const base = quick ? QUICK : FULL;
    const seeds = parseSeedArgs(raw, base.seeds);
    const clutter = parseClutter(raw.clutter);
    const size = { customers: load.customers ?? base.customers, periods: load.periods ?? base.periods, seeds: seeds.replicates, quick };
    const { plan, entries } = evidencePlan(battery(), clutter, size, seeds.seedBase, load);
    checkExperimentSize(plan.points.length, plan.replicates, 'runs');
    checkPlanMemory(plan, context.workers, context.memoryLimit);
    return { dir: join(context.out, 'evidence'), plan, entries, clutter, size };
  },
  run,
};
