/**
 * Merging scenario documents: `extends` and `--set path=value`.
 *
 * Objects merge key by key. Lists of named entries (firms, segments, failure kinds)
 * merge by `name`: a child entry with a parent's name patches it, new names are
 * appended. Other lists are replaced whole. Paths address list entries by index or by
 * name: `firms.1.price` and `firms.B.price` are the same field.
 */
import { parse as parseYamlScalar } from 'yaml';
import { InputError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNamedList = (v: unknown): v is { name: string }[] =>
  Array.isArray(v) && v.length > 0 && v.every((e) => isObject(e) && typeof e.name === 'string');

export function deepMerge(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: { [key: string]: Json } = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  if (isNamedList(base) && isNamedList(patch)) {
    const out = base.map((e) => e as Json);
    for (const entry of patch) {
      const i = base.findIndex((e) => e.name === entry.name);
      if (i >= 0) out[i] = deepMerge(out[i], entry as Json);
      else out.push(entry as Json);
    }
    return out;
  }
  return patch;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Apply one `path=value` override; the value is read as a YAML scalar or flow value. */
export function applyOverride(doc: Json, assignment: string): Json {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new InputError({ source: '--set', path: assignment, message: 'expected path=value, e.g. firms.0.price=9.5' });
  const path = assignment.slice(0, eq).trim().split('.');
  let value: Json;
  try {
    value = parseYamlScalar(assignment.slice(eq + 1)) as Json;
  } catch {
    throw new InputError({ source: '--set', path: path.join('.'), message: 'expected a value readable as YAML (number, true/false, text, [list], {map})' });
  }
  return setAt(doc, path, value, path.join('.'));
}

function setAt(node: Json, path: string[], value: Json, full: string): Json {
  const [head, ...rest] = path;
  if (head === undefined || head === '' || FORBIDDEN_KEYS.has(head)) {
    throw new InputError({ source: '--set', path: full, message: 'expected a dotted field path such as firms.0.program.rewardValue' });
  }
  if (Array.isArray(node)) {
    let index = /^\d+$/.test(head) ? Number(head) : node.findIndex((e) => isObject(e) && e.name === head);
    if (index < 0 || index > node.length) {
      throw new InputError({ source: '--set', path: full, message: `no list entry '${head}' (expected an index < ${node.length} or an entry name)` });
    }
    const out = [...node];
    out[index] = rest.length === 0 ? value : setAt(node[index] ?? {}, rest, value, full);
    return out;
  }
  const obj: { [key: string]: Json } = isObject(node) ? { ...node } : {};
  obj[head] = rest.length === 0 ? value : setAt(obj[head] ?? {}, rest, value, full);
  return obj;
}
