/**
 * The targets file of `calibrate`: which parameters to fit (any `--set` path, or a
 * scale that multiplies several fields at once, with bounds) and which moments to match (a metric of a firm or of the market, with a value,
 * a band and a source). Validated in full before any run: the shape by a zod schema (as
 * scenarios are), then what needs the scenario: metric and firm names, and that `--set`
 * accepts every parameter path across its bounds. All problems are reported at once,
 * each naming the file and the field path (e.g. `targets.1.metric`).
 */
import * as z from 'zod';
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES } from '../../../model/metrics.js';
import { InputError, describeValue, displayPath, type InputProblem } from '../../../errors.js';
import { readDocument } from '../../../scenario/read.js';
import { zodProblems } from '../../../scenario/messages.js';
import { loadScenario, type LoadOptions } from '../../../scenario/load.js';
import type { Scenario } from '../../../model/schema.js';

/** `firm` of a market target (also what an omitted firm means). */
export const MARKET = 'market';

/** Hard targets carry the fit; soft ones are reported and weigh a tenth as much by default. */
export const DEFAULT_WEIGHT = { hard: 1, soft: 0.1 } as const;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

const ParameterSpec = z.strictObject({
  path: z.string().min(1).optional().describe('a field path as --set takes it, e.g. segments.priceSeekers.priceSensitivity.mean'),
  name: z.string().min(1).max(64).optional().describe('a scale\'s name in the outputs'),
  scale: z.array(z.string().min(1)).min(1).max(256).optional()
    .describe('instead of path: fields multiplied by the parameter (their scenario values × it); * matches every list entry or key, e.g. segments.*.habitWeight.mean'),
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
  /** the field path, or a scale's name: what the outputs call it */
  readonly path: string;
  /** a scale: the fields it multiplies, with their values in the scenario as loaded */
  readonly scales?: readonly { readonly path: string; readonly base: number }[];
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

/** Concrete paths of a pattern whose `*` segments match every list entry (by name where it has one) or key. */
export function expandPath(scenario: Scenario, pattern: string): string[] {
  let found: { path: string[]; node: unknown }[] = [{ path: [], node: scenario }];
  for (const key of pattern.split('.')) {
    const next: typeof found = [];
    for (const { path, node } of found) {
      if (key === '*') {
        if (Array.isArray(node)) {
          node.forEach((e, i) => next.push({ path: [...path, e !== null && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' ? String((e as { name: string }).name) : String(i)], node: e }));
        } else if (node !== null && typeof node === 'object') {
          for (const [k, v] of Object.entries(node)) next.push({ path: [...path, k], node: v });
        }
      } else {
        const child = valueAtPath(node as Scenario, key);
        if (child !== undefined) next.push({ path: [...path, key], node: child });
      }
    }
    found = next;
  }
  return found.filter((f) => typeof f.node === 'number').map((f) => f.path.join('.'));
}

/** The `--set` assignments that put parameters at these values (a scale multiplies each of its fields). */
export function parameterAssignments(parameters: readonly CalibrationParameter[], values: readonly number[]): string[] {
  return parameters.flatMap((p, i) => (p.scales ? p.scales.map((f) => `${f.path}=${roundParameter(f.base * values[i])}`) : [`${p.path}=${values[i]}`]));
}

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
  const labels = specParameters.map((p) => p?.path ?? p?.name);
  specParameters.forEach((p, i) => {
    if (p === null) return;
    const here = `parameters.${i}`;
    if ((p.path === undefined) === (p.scale === undefined)) {
      at(here, 'expected either path (one field) or scale (fields multiplied by one factor), not both or neither');
      return;
    }
    if (p.scale !== undefined && p.name === undefined) {
      at(`${here}.name`, 'required field is missing (expected a name for the scale, used in the outputs)');
      return;
    }
    const label = (p.path ?? p.name)!;
    if (labels.indexOf(label) !== i) at(`${here}.${p.path !== undefined ? 'path' : 'name'}`, `expected each parameter once, got ${describeValue(label)} again`);
    if (!(p.min < p.max)) {
      at(`${here}.max`, `expected a value > min (${p.min}), got ${p.max}`);
      return;
    }
    if (p.start !== undefined && (p.start < p.min || p.start > p.max)) at(`${here}.start`, `expected a value within [min, max] = [${p.min}, ${p.max}], got ${p.start}`);
    let scales: { path: string; base: number }[] | undefined;
    if (p.scale !== undefined) {
      scales = [];
      for (const [j, pattern] of p.scale.entries()) {
        const paths = expandPath(scenario, pattern);
        if (paths.length === 0) at(`${here}.scale.${j}`, `expected a path (or a pattern with *) to numbers in scenario ${scenario.name}, got ${describeValue(pattern)}, which matches none`);
        for (const path of paths) if (!scales.some((f) => f.path === path)) scales.push({ path, base: valueAtPath(scenario, path) as number });
      }
      if (scales.length < p.scale.length) return;
    }
    const candidate: CalibrationParameter = { path: label, ...(scales ? { scales } : {}), min: p.min, max: p.max, start: 0 };
    // --set must accept the field(s) across the bounds; a point inside that is no round
    // number catches whole-number fields (periods, seed), which the search would break mid-fit.
    for (const v of [p.min, p.max, roundParameter(p.min + 0.381966 * (p.max - p.min))]) {
      const set = parameterAssignments([candidate], [v]);
      try {
        loadScenario(ref, { ...load, set: [...(load.set ?? []), ...set] });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const why = e.problems.map((q) => (q.path ? `${q.path}: ${q.message}` : q.message)).join('; ');
        at(`${here}.${p.path !== undefined ? 'path' : 'scale'}`, `expected ${p.path !== undefined ? 'a numeric field' : 'numeric fields'} --set accepts from min to max, but --set ${set.join(' --set ')} is refused (${why})`);
        return;
      }
    }
    // A scale starts at 1 (the scenario as it is); a field at its value in the scenario.
    const current = scales ? 1 : valueAtPath(scenario, label);
    const fallback = typeof current === 'number' && current >= p.min && current <= p.max ? current : (p.min + p.max) / 2;
    parameters.push({ ...candidate, start: roundParameter(p.start ?? fallback) });
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
