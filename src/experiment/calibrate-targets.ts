/**
 * The targets file of `calibrate`: which parameters to fit (any `--set` path, with
 * bounds) and which moments to match (a metric of a firm or of the market, with a value,
 * a band and a source). Validated in full before any run: the shape by a zod schema (as
 * scenarios are), then what needs the scenario: metric and firm names, and that `--set`
 * accepts every parameter path across its bounds. All problems are reported at once,
 * each naming the file and the field path (e.g. `targets.1.metric`).
 */
import { z } from 'zod';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../model/metrics.js';
import { InputError, describeValue, displayPath, type InputProblem } from '../scenario/errors.js';
import { loadScenario, readDocument, zodProblems, type LoadOptions } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';

/** `firm` of a market target (also what an omitted firm means). */
export const MARKET = 'market';

/** Hard targets carry the fit; soft ones are reported and weigh a tenth as much by default. */
export const DEFAULT_WEIGHT = { hard: 1, soft: 0.1 } as const;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

const ParameterSpec = z.strictObject({
  path: z.string().min(1).describe('a field path as --set takes it, e.g. segments.priceSeekers.priceSensitivity.mean'),
  min: finite.describe('lower bound of the search'),
  max: finite.describe('upper bound of the search'),
  start: finite.optional().describe('where the search starts (default: the scenario\'s value, else the middle of the bounds)'),
});

const TargetSpec = z.strictObject({
  name: z.string().min(1).max(64),
  metric: z.string().min(1).describe('a firm metric, or a market metric when firm is omitted or "market"'),
  firm: z.string().min(1).optional(),
  value: finite,
  low: finite,
  high: finite,
  weight: z.number().positive().refine(Number.isFinite, 'expected a finite number').optional(),
  source: z.string().min(1).describe('where the value comes from (a study, a report)'),
  kind: z.enum(['hard', 'soft']).optional(),
});

export const TargetsFileSchema = z.strictObject({
  parameters: z.array(ParameterSpec).min(1).max(16),
  targets: z.array(TargetSpec).min(1).max(200),
});

export interface CalibrationParameter {
  readonly path: string;
  readonly min: number;
  readonly max: number;
  readonly start: number;
}

export interface CalibrationTarget {
  readonly name: string;
  readonly metric: string;
  /** a firm name, or MARKET */
  readonly firm: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly weight: number;
  readonly source: string;
  readonly kind: 'hard' | 'soft';
}

export interface TargetsFile {
  /** the path as the user gave it (for messages and the command line written into outputs) */
  readonly file: string;
  readonly parameters: readonly CalibrationParameter[];
  readonly targets: readonly CalibrationTarget[];
}

const TARGETS_DOCUMENT = { noun: 'calibration targets', hint: 'expected a mapping with parameters: and targets:' };

/** The value at a `--set` path of a resolved scenario (list entries by index or by name). */
export function valueAtPath(scenario: Scenario, path: string): unknown {
  let node: unknown = scenario;
  for (const key of path.split('.')) {
    if (Array.isArray(node)) {
      node = /^\d+$/.test(key) ? node[Number(key)] : node.find((e) => e !== null && typeof e === 'object' && (e as { name?: unknown }).name === key);
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else {
      return undefined;
    }
  }
  return node;
}

/** A value for `--set`: six significant digits keep files readable and far below the model's noise. */
export const roundParameter = (x: number): number => Number(x.toPrecision(6));

/**
 * Read and check a targets file against the scenario it calibrates (`ref` with the
 * command's load options). Throws one InputError listing every problem.
 */
export function loadTargets(file: string, ref: string, load: LoadOptions): TargetsFile {
  const source = displayPath(file);
  const raw = readDocument(file, TARGETS_DOCUMENT) as Record<string, unknown>;
  const problems: InputProblem[] = [];
  const parsed = TargetsFileSchema.safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(parsed.error, source, raw, TargetsFileSchema));
  // Entries that are well formed on their own are checked further even when others are not: all problems at once.
  const entries = <T>(list: unknown, schema: z.ZodType<T>): (T | null)[] =>
    (Array.isArray(list) ? list : []).map((e) => {
      const r = schema.safeParse(e);
      return r.success ? r.data : null;
    });
  const specParameters = entries(raw.parameters, ParameterSpec);
  const specTargets = entries(raw.targets, TargetSpec);
  const { scenario } = loadScenario(ref, load);
  const at = (path: string, message: string) => problems.push({ source, path, message });

  const parameters: CalibrationParameter[] = [];
  specParameters.forEach((p, i) => {
    if (p === null) return;
    const here = `parameters.${i}`;
    if (specParameters.findIndex((q) => q?.path === p.path) !== i) at(`${here}.path`, `expected each path once, got ${describeValue(p.path)} again`);
    if (!(p.min < p.max)) {
      at(`${here}.max`, `expected a value > min (${p.min}), got ${p.max}`);
      return;
    }
    if (p.start !== undefined && (p.start < p.min || p.start > p.max)) at(`${here}.start`, `expected a value within [min, max] = [${p.min}, ${p.max}], got ${p.start}`);
    // --set must accept the path across the bounds; a point inside that is no round number
    // catches whole-number fields (periods, seed), which the search would break mid-fit.
    for (const v of [p.min, p.max, roundParameter(p.min + 0.381966 * (p.max - p.min))]) {
      try {
        loadScenario(ref, { ...load, set: [...(load.set ?? []), `${p.path}=${v}`] });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const why = e.problems.map((q) => (q.path ? `${q.path}: ${q.message}` : q.message)).join('; ');
        at(`${here}.path`, `expected a numeric field --set accepts from min to max, but --set ${p.path}=${v} is refused (${why})`);
        return;
      }
    }
    const current = valueAtPath(scenario, p.path);
    const fallback = typeof current === 'number' && current >= p.min && current <= p.max ? current : (p.min + p.max) / 2;
    parameters.push({ path: p.path, min: p.min, max: p.max, start: roundParameter(p.start ?? fallback) });
  });

  const firms = scenario.firms.map((f) => f.name);
  const targets: CalibrationTarget[] = [];
  specTargets.forEach((t, i) => {
    if (t === null) return;
    const here = `targets.${i}`;
    if (specTargets.findIndex((u) => u?.name === t.name) !== i) at(`${here}.name`, `expected each target name once, got ${describeValue(t.name)} again`);
    const firm = t.firm ?? MARKET;
    if (firm !== MARKET && !firms.includes(firm)) {
      at(`${here}.firm`, `expected "${MARKET}" or a firm of scenario ${scenario.name} (${firms.join(', ')}), got ${describeValue(firm)}`);
    }
    const names: readonly string[] = firm === MARKET ? MARKET_METRIC_NAMES : FIRM_METRIC_NAMES;
    if (!names.includes(t.metric)) {
      at(`${here}.metric`, `expected a ${firm === MARKET ? 'market' : 'firm'} metric (${names.join(', ')}), got ${describeValue(t.metric)}`);
    }
    if (!(t.low < t.high)) at(`${here}.high`, `expected a value > low (${t.low}), got ${t.high}`);
    else if (t.value < t.low || t.value > t.high) at(`${here}.value`, `expected a value within [low, high] = [${t.low}, ${t.high}], got ${t.value}`);
    const kind = t.kind ?? 'hard';
    targets.push({ name: t.name, metric: t.metric, firm, value: t.value, low: t.low, high: t.high, weight: t.weight ?? DEFAULT_WEIGHT[kind], source: t.source, kind });
  });

  if (problems.length > 0) throw new InputError(problems);
  return { file, parameters, targets };
}

/** The targets file path given on the command line, checked before the scenario is touched. */
export function targetsPath(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError({ source: 'option --targets', path: '', message: `expected the path of a targets file (.yaml, .yml or .json), got ${describeValue(value)}` });
  }
  return value;
}
