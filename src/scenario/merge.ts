/**
 * Merging scenario documents: `extends` and `--set path=value`.
 *
 * Objects merge key by key. Lists of named entries (firms, segments, failure kinds)
 * merge by `name`: a child entry with a parent's name patches it, new names are
 * appended. Other lists are replaced whole. Paths address list entries by index or by
 * name: `firms.1.price` and `firms.B.price` are the same field. A value ending in `%` is
 * a relative change of the number already there (`price=-5%` multiplies it by 0.95), so
 * one override fits every scenario whatever its price.
 */
import { parseDocument } from 'yaml';
import { InputError, describeValue, joinPath, type InputProblem } from '../errors.js';
import { FORBIDDEN_KEYS, isObject, type Json } from '../model/deep-merge.js';


const SET_SOURCE = 'option --set';

/** Apply one `path=value` override; the value is read as a YAML scalar or flow value. */
export function applyOverride(doc: Json, assignment: string, defaults?: DefaultValue): Json {
  return applyOverrideAt(doc, assignment, defaults).doc;
}

/**
 * The value a field takes when the document does not set it (the schema's default), by
 * its resolved path (`firms.1.recoveryRate`): what a relative change multiplies there.
 */
export type DefaultValue = (path: string) => unknown;

/**
 * Apply one `path=value` override and return the document and the path it set, with list
 * entries addressed by index (`firms.B.price` → `firms.1.price`), so that problems found
 * later at that path can be traced back to the option.
 */
export function applyOverrideAt(doc: Json, assignment: string, defaults: DefaultValue = () => undefined): { doc: Json; path: string } {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new InputError({ source: SET_SOURCE, path: '', message: `expected path=value, e.g. firms.0.price=9.5, got ${describeValue(assignment)}` });
  }
  const pathText = assignment.slice(0, eq).trim();
  const path = pathText.split('.');
  if (path.length > 16 || path.some((k) => k === '' || FORBIDDEN_KEYS.has(k) || /\s/.test(k))) {
    throw new InputError({ source: SET_SOURCE, path: '', message: `expected a dotted field path such as firms.0.program.rewardValue, got ${describeValue(pathText)}` });
  }
  const text = assignment.slice(eq + 1);
  const change: Change = text.trim().endsWith('%')
    ? { relative: relativeFactor(text, pathText), defaults }
    : { value: parseOverrideValue(text, pathText) };
  const resolved: string[] = [];
  const out = setAt(doc, path, change, pathText, resolved);
  return { doc: out, path: resolved.join('.') };
}

/**
 * `value` at a dotted path (list entries by index or name), the rest of the document kept:
 * what `--set` does, and what a game's strategy does to the field it forms.
 */
export function setPath(doc: Json, path: string, value: Json): Json {
  return setAt(doc, path.split('.'), { value }, path, []);
}

/** What an override puts at its path: a value, or a factor for the number already there. */
type Change = { readonly value: Json } | { readonly relative: { readonly factor: number; readonly text: string }; readonly defaults: DefaultValue };

/** `-5%` → 0.95, `+12%` → 1.12, `5%` → 1.05. */
function relativeFactor(text: string, pathText: string): { factor: number; text: string } {
  const shown = text.trim();
  const m = /^([+-−]?)\s*(\d+(?:\.\d+)?|\.\d+)\s*%$/.exec(shown);
  if (!m) {
    throw new InputError({ source: SET_SOURCE, path: pathText, message: `expected a relative change such as -5% or +12% (a value ending in % is always relative), got ${describeValue(shown)}` });
  }
  const sign = m[1] === '-' || m[1] === '−' ? -1 : 1;
  return { factor: 1 + (sign * Number(m[2])) / 100, text: shown };
}

/** The new value of a field under a change: the value, or the current number times the factor (12 significant digits: 10 × 0.95 is 9.5, not 9.499999999999998). */
function changed(change: Change, current: unknown, full: string, resolved: readonly string[]): Json {
  if ('value' in change) return change.value;
  const base = current === undefined ? change.defaults(resolved.join('.')) : current;
  if (typeof base !== 'number' || !Number.isFinite(base)) {
    const what = base === undefined ? 'no value there (and no default)' : describeValue(base);
    throw new InputError({ source: SET_SOURCE, path: full, message: `a relative change (${change.relative.text}) needs a number to change, but the field holds ${what}` });
  }
  return Number((base * change.relative.factor).toPrecision(12));
}

/** The value of `--set path=value`, read as YAML (number, true/false, text, [list], {map}). */
function parseOverrideValue(text: string, pathText: string): Json {
  const expected = 'expected a value readable as YAML (number, true/false, text, [list], {map})';
  if (text.length > 10_000) throw new InputError({ source: SET_SOURCE, path: pathText, message: `${expected}, got ${text.length} characters` });
  let value: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    const issue = doc.errors[0] ?? doc.warnings[0];
    if (issue) throw new Error(issue.message.split('\n')[0]);
    value = doc.toJS({ maxAliasCount: 10 });
  } catch (e) {
    throw new InputError({ source: SET_SOURCE, path: pathText, message: `${expected}; ${(e as Error).message.split('\n')[0]}` });
  }
  const problems: InputProblem[] = [];
  const plain = toPlainJson(value, { source: SET_SOURCE, path: pathText.split('.'), problems, maxDepth: 16 });
  if (problems.length > 0) throw new InputError(problems);
  return plain;
}

function setAt(node: Json, path: readonly string[], change: Change, full: string, resolved: string[]): Json {
  const [head, ...rest] = path;
  if (Array.isArray(node)) {
    const index = /^\d+$/.test(head) ? Number(head) : node.findIndex((e) => isObject(e) && e.name === head);
    // One past the end appends an entry, but only one that starts whole or with its name:
    // `firms.4.price=9.5` on four firms is a wrong index, not a nameless fifth firm.
    const appends = index === node.length && (rest.length === 0 || (rest.length === 1 && rest[0] === 'name'));
    if (index < 0 || index > node.length || (index === node.length && !appends)) throw noEntry(node, head, full, resolved.join('.'));
    resolved.push(String(index));
    const out = [...node];
    out[index] = rest.length === 0 ? changed(change, node[index], full, resolved) : setAt(node[index] ?? {}, rest, change, full, resolved);
    return out;
  }
  resolved.push(head);
  const obj: { [key: string]: Json } = isObject(node) ? { ...node } : {};
  const current = Object.hasOwn(obj, head) ? obj[head] : undefined;
  obj[head] = rest.length === 0 ? changed(change, current, full, resolved) : setAt(current ?? {}, rest, change, full, resolved);
  return obj;
}

/** A list entry that is not there: the indexes and names there are, and how to add one. */
function noEntry(list: readonly Json[], head: string, full: string, listPath: string): InputError {
  const names = list.filter(isObject).map((e) => e.name).filter((n): n is string => typeof n === 'string');
  const range = list.length === 0 ? 'the list is empty' : `expected an index from 0 to ${list.length - 1}${names.length > 0 ? ` or one of the names ${names.map((n) => JSON.stringify(n)).join(', ')}` : ''}`;
  const add = names.length > 0 || list.length === 0 ? `; a new entry at ${list.length} starts with its name: ${listPath}.${list.length}.name=...` : '';
  return new InputError({ source: SET_SOURCE, path: full, message: `no list entry ${JSON.stringify(head)} (${range}${add})` });
}

export interface PlainCheck {
  /** who the value came from, for messages */
  readonly source: string;
  /** where the value sits */
  readonly path: readonly PropertyKey[];
  /** problems are appended here (at most 100) */
  readonly problems: InputProblem[];
  readonly maxDepth: number;
}

/**
 * Turn parsed YAML/JSON into plain JSON data, checking what a schema cannot: nesting
 * depth, finite numbers, text keys, no prototype-reaching keys, and no exotic values
 * (binary, sets, dates, Maps with collection keys). YAML maps may arrive as Maps
 * (`mapAsMap`), so keys are checked before they become object keys.
 */
export function toPlainJson(value: unknown, check: PlainCheck, depth = 0): Json {
  const at = (path: readonly PropertyKey[], message: string): null => {
    if (check.problems.length < 100) check.problems.push({ source: check.source, path: joinPath(path), message });
    return null;
  };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return at(check.path, `expected a finite number, got ${value}`);
    return value;
  }
  if (typeof value === 'bigint') return at(check.path, `expected a number of at most 15 digits, got ${value}`);
  if (value === undefined) return null;
  if (depth >= check.maxDepth) return at(check.path, `nested deeper than ${check.maxDepth} levels`);
  if (Array.isArray(value)) {
    return value.map((v, i) => toPlainJson(v, { ...check, path: [...check.path, i] }, depth + 1));
  }
  if (!(value instanceof Map) && Object.getPrototypeOf(value) !== Object.prototype) {
    const kind = value instanceof Uint8Array ? 'binary data' : value instanceof Set ? 'a set' : value instanceof Date ? 'a date' : 'an unsupported YAML value';
    return at(check.path, `expected plain data (numbers, text, true/false, lists, mappings), got ${kind}`);
  }
  const entries: [unknown, unknown][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const out: { [key: string]: Json } = {};
  for (const [rawKey, v] of entries) {
    if (typeof rawKey !== 'string' && typeof rawKey !== 'number' && typeof rawKey !== 'boolean') {
      at(check.path, `expected text keys, got a ${rawKey === null ? 'null' : Array.isArray(rawKey) ? 'list' : typeof rawKey === 'object' ? 'mapping' : typeof rawKey} key`);
      continue;
    }
    const key = String(rawKey);
    if (FORBIDDEN_KEYS.has(key)) {
      at([...check.path, key], 'reserved key, not a scenario field');
      continue;
    }
    Object.defineProperty(out, key, { value: toPlainJson(v, { ...check, path: [...check.path, key] }, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
