/**
 * Deep merge of scenario documents (`extends`, scheduled events): objects key by key,
 * lists of named entries by name, anything else replaced. Apart from merge.ts (which
 * parses `--set` values as YAML) so that the simulation can apply events without loading
 * a YAML parser into every worker thread.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const isObject = (v: unknown): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNamedList = (v: unknown): v is { name: string }[] =>
  Array.isArray(v) && v.length > 0 && v.every((e) => isObject(e) && typeof e.name === 'string');

export function deepMerge(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: { [key: string]: Json } = { ...base };
    for (const [k, v] of Object.entries(patch)) {
      if (FORBIDDEN_KEYS.has(k)) continue;
      out[k] = Object.hasOwn(base, k) ? deepMerge(base[k], v) : v;
    }
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

/** Keys that would reach an object's prototype when assigned; never valid scenario fields. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);
