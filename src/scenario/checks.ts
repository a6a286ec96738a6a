/**
 * Checks across fields: what one field cannot check alone (segment shares sum to 1, names
 * unique and usable as folder names, references resolve, events leave a valid firm,
 * expressions compile). They run on the raw document even when the schema check failed, so
 * that a file's problems all show at once; each looks only at values of the right type.
 */
import { InputError, describeValue, joinPath, type InputProblem } from '../errors.js';
import { deepMerge, type Json } from '../model/deep-merge.js';
import { FIRM_METRIC_NAMES, LEAVING_REASONS, MARKET_METRIC_NAMES } from '../model/metrics.js';
import { DEFAULT_FAILURE_KINDS, Firm, Scenario, type Scenario as ScenarioT } from '../model/schema.js';
import { compileExpression, EXPRESSION_INPUTS } from '../model/strategy/expression.js';
import { MAX_DEPTH } from './read.js';
import { toPlainJson } from './merge.js';
import { zodProblems } from './messages.js';

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nameOf = (v: unknown): string | undefined => (isRecord(v) && typeof v.name === 'string' ? v.name : undefined);

/** Each entry of a named list at `path` whose name an earlier entry has, as a problem of `source`. */
export function repeatedNames(list: readonly unknown[], path: string, source: string): InputProblem[] {
  const first = new Map<string, number>();
  const problems: InputProblem[] = [];
  list.forEach((entry, i) => {
    const name = nameOf(entry);
    if (name === undefined) return;
    const j = first.get(name);
    if (j !== undefined) problems.push({ source, path: `${path}.${i}.name`, message: `expected a unique name, got ${JSON.stringify(name)} again (also ${path}.${j}.name)` });
    else first.set(name, i);
  });
  return problems;
}

const quoteList = (names: Iterable<string>): string => [...names].map((n) => JSON.stringify(n)).join(', ');

/** Names that become folder names: no separators, no control characters, no leading dot. */
const SAFE_FOLDER_NAME = /^(?![.\s])[^/\\:*?"<>|\u0000-\u001f\u007f]{1,100}(?<![.\s])$/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
export const MAX_NAME_LENGTH = 64;

export function crossFieldProblems(raw: Record<string, unknown>, source: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (path: string, message: string) => problems.push({ source, path, message });

  if (typeof raw.name === 'string' && raw.name !== '' && !SAFE_FOLDER_NAME.test(raw.name)) {
    add('name', `expected a name usable as a folder name (at most 100 characters; no / \\ : * ? " < > | or control characters; not starting or ending with a dot or space), got ${describeValue(raw.name)}`);
  }

  const segments = listOf(raw.segments);
  const shares = segments.map((s) => (isRecord(s) ? s.share : undefined));
  if (shares.length > 0 && shares.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) {
    const sum = (shares as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) {
      const terms = shares.length <= 6 ? ` (${shares.join(' + ')})` : '';
      add('segments', `expected segment shares summing to 1, got ${+sum.toFixed(6)}${terms}`);
    }
  }

  const firms = listOf(raw.firms);
  const kinds = raw.failureKinds === undefined ? DEFAULT_FAILURE_KINDS : listOf(raw.failureKinds);
  const checkNames = (list: unknown[], path: string) => {
    list.forEach((entry, i) => {
      const name = nameOf(entry);
      if (name !== undefined && (CONTROL.test(name) || name.length > MAX_NAME_LENGTH)) {
        add(`${path}.${i}.name`, `expected a name of at most ${MAX_NAME_LENGTH} characters without control characters, got ${describeValue(name)}`);
      }
    });
    for (const p of repeatedNames(list, path, source)) add(p.path, p.message);
  };
  checkNames(firms, 'firms');
  checkNames(segments, 'segments');
  if (raw.failureKinds !== undefined) checkNames(kinds, 'failureKinds');
  // A switch is counted under a failure kind or a leaving reason by name (summary.json, churn-causes.csv).
  kinds.forEach((entry, i) => {
    const name = nameOf(entry);
    if (name !== undefined && (LEAVING_REASONS as readonly string[]).includes(name)) {
      add(`failureKinds.${i}.name`, `expected a name other than the leaving reasons ${LEAVING_REASONS.join(', ')}, got ${describeValue(name)}`);
    }
  });

  const firmNames = new Set(firms.map(nameOf).filter((n): n is string => n !== undefined));
  const segmentNames = new Set(segments.map(nameOf).filter((n): n is string => n !== undefined));
  const kindNames = new Set(kinds.map(nameOf).filter((n): n is string => n !== undefined));

  const checkFirmRefs = (f: unknown, path: string) => {
    if (!isRecord(f)) return;
    if (isRecord(f.failureMix)) {
      for (const kind of Object.keys(f.failureMix)) {
        if (!kindNames.has(kind)) add(`${path}.failureMix.${joinPath([kind])}`, `expected one of the failure kinds (${quoteList(kindNames)}), got ${JSON.stringify(kind)}`);
      }
    }
    if (isRecord(f.program)) {
      listOf(f.program.targetSegments).forEach((seg, k) => {
        if (typeof seg === 'string' && !segmentNames.has(seg)) {
          add(`${path}.program.targetSegments.${k}`, `expected a segment name (${quoteList(segmentNames)}), got ${JSON.stringify(seg)}`);
        }
      });
    }
  };
  firms.forEach((f, j) => checkFirmRefs(f, `firms.${j}`));

  listOf(raw.events).forEach((e, k) => {
    if (!isRecord(e)) return;
    const path = `events.${k}`;
    if (typeof e.firm === 'string' && e.firm !== '' && !firmNames.has(e.firm)) {
      add(`${path}.firm`, `expected a firm name (${quoteList(firmNames)}), got ${JSON.stringify(e.firm)}`);
      return;
    }
    const periods = raw.periods === undefined ? Scenario.shape.periods.parse(undefined) : raw.periods;
    if (typeof e.period === 'number' && Number.isInteger(e.period) && typeof periods === 'number' && e.period >= periods) {
      add(`${path}.period`, `expected a period < periods (${periods}), got ${e.period}`);
    }
    if (isRecord(e.set)) checkFirmRefs(e.set, `${path}.set`);
  });

  if (isRecord(raw.lead)) {
    listOf(raw.lead.firms).forEach((name, k) => {
      if (typeof name === 'string' && !firmNames.has(name)) add(`lead.firms.${k}`, `expected a firm name (${quoteList(firmNames)}), got ${JSON.stringify(name)}`);
    });
  }

  if (isRecord(raw.game)) {
    listOf(raw.game.firms).forEach((name, k) => {
      if (typeof name === 'string' && !firmNames.has(name)) add(`game.firms.${k}`, `expected a firm name (${quoteList(firmNames)}), got ${JSON.stringify(name)}`);
    });
  }
  return problems;
}

/** Checks that need the validated scenario (defaults filled in). */
export function parsedProblems(s: ScenarioT, source: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (path: string, message: string) => problems.push({ source, path, message });

  // Distributions: a range must not be empty.
  s.segments.forEach((seg, i) => {
    // β_i turns money into utility and divides utility back into money: every draw must be > 0.
    const beta = seg.priceSensitivity;
    const lowest = typeof beta === 'number' ? beta : beta.dist === 'normal' ? beta.min ?? -Infinity : beta.dist === 'uniform' ? beta.min : 1;
    if (!(lowest > 0)) {
      add(`segments.${i}.priceSensitivity${typeof beta === 'number' ? '' : beta.dist === 'normal' ? '.min' : '.min'}`,
        `expected price sensitivity draws > 0 (a number > 0, a normal with min > 0, a uniform with min > 0, a lognormal or a beta), got ${typeof beta === 'number' ? beta : beta.dist === 'normal' && beta.min === undefined ? 'a normal without min' : lowest}`);
    }
    for (const [field, d] of Object.entries(seg)) {
      if (!isRecord(d) || typeof d.dist !== 'string') continue;
      const { min, max } = d as { min?: number; max?: number };
      if (typeof min === 'number' && typeof max === 'number' && min > max) add(`segments.${i}.${field}.max`, `expected max ≥ min (${min}), got ${max}`);
    }
  });

  const checkFirm = (f: ScenarioT['firms'][number], path: string) => {
    const price = f.strategy.price;
    if ('minPrice' in price && price.minPrice > price.maxPrice) add(`${path}.strategy.price.maxPrice`, `expected maxPrice ≥ minPrice (${price.minPrice}), got ${price.maxPrice}`);
    const quality = f.strategy.quality;
    if (quality.policy === 'expression' && quality.min > quality.max) add(`${path}.strategy.quality.max`, `expected max ≥ min (${quality.min}), got ${quality.max}`);
    const expressions: [string, string][] = [];
    if (price.policy === 'expression') expressions.push(['strategy.price.expression', price.expression]);
    if (quality.policy === 'expression') expressions.push(['strategy.quality.expression', quality.expression]);
    for (const [field, expression] of expressions) {
      try {
        compileExpression(expression, EXPRESSION_INPUTS, { firm: f.name, field });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const p of e.problems) add(`${path}.${field}`, p.message);
      }
    }
  };
  s.firms.forEach((f, j) => checkFirm(f, `firms.${j}`));

  s.events.forEach((e, k) => {
    const path = `events.${k}`;
    const firm = s.firms.find((f) => f.name === e.firm);
    if (!firm) return;
    // The firm as the event leaves it must itself be a valid firm.
    const patchProblems: InputProblem[] = [];
    toPlainJson(e.set, { source, path: [...path.split('.'), 'set'], problems: patchProblems, maxDepth: MAX_DEPTH });
    if (patchProblems.length > 0) {
      problems.push(...patchProblems);
      return;
    }
    const patched = Firm.safeParse(deepMerge(firm as unknown as Json, e.set as Json));
    if (!patched.success) {
      for (const p of zodProblems(patched.error, source, e.set, Firm)) {
        problems.push({ ...p, path: `${path}.set${p.path ? `.${p.path}` : ''}` });
      }
      return;
    }
    if (patched.data.name !== firm.name) add(`${path}.set.name`, `expected the event to keep the firm's name ${JSON.stringify(firm.name)}, got ${describeValue(patched.data.name)}`);
    checkFirm(patched.data, `${path}.set`);
  });
  return problems;
}
