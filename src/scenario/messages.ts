/**
 * From zod's issues to messages for people: the field path as the user wrote it, what was
 * expected in words, the value found, and "did you mean" for a misspelt field.
 */
import type * as z from 'zod';
import { describeValue, joinPath, type InputProblem } from '../errors.js';
import { Scenario } from '../model/schema.js';

type AnySchema = z.ZodType;
interface SchemaDef {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  values?: unknown[];
  in?: AnySchema;
}
const defOf = (s: AnySchema): SchemaDef => (s as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** The object schemas that may describe the value at `path` (several for unions). */
function objectSchemasAt(schema: AnySchema, path: readonly PropertyKey[], raw: unknown): SchemaDef[] {
  let current: { schema: AnySchema; value: unknown }[] = [{ schema, value: raw }];
  const unwrap = (s: AnySchema, value: unknown): AnySchema[] => {
    const def = defOf(s);
    if (['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type) && def.innerType) return unwrap(def.innerType, value);
    if (def.type === 'pipe' && def.in) return unwrap(def.in, value);
    if (def.type === 'union' && def.options) {
      // Keep the options whose literal fields agree with the value (discriminators).
      return def.options.flatMap((o) => unwrap(o, value)).filter((o) => {
        const d = defOf(o);
        if (d.type !== 'object' || !d.shape) return d.type !== 'number';
        return Object.entries(d.shape).every(([k, f]) => {
          const fd = defOf(f);
          return fd.type !== 'literal' || (value !== null && typeof value === 'object' && fd.values?.includes((value as Record<string, unknown>)[k]));
        });
      });
    }
    return [s];
  };
  for (const key of path) {
    const next: { schema: AnySchema; value: unknown }[] = [];
    for (const { schema: s, value } of current) {
      for (const u of unwrap(s, value)) {
        const def = defOf(u);
        const child = valueAt(value, [key]);
        if (def.type === 'object' && def.shape && typeof key === 'string' && Object.hasOwn(def.shape, key)) next.push({ schema: def.shape[key], value: child });
        else if (def.type === 'array' && def.element) next.push({ schema: def.element, value: child });
        else if (def.type === 'record' && def.valueType) next.push({ schema: def.valueType, value: child });
      }
    }
    current = next;
  }
  return current.flatMap(({ schema: s, value }) => unwrap(s, value)).map(defOf).filter((d) => d.type === 'object' && d.shape);
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, j) => j);
  for (let i = 1; i <= al.length; i++) {
    const row = [i];
    for (let j = 1; j <= bl.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[bl.length];
}

function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  if (allowed.length === 0) return 'unknown field (check the spelling; see docs/scenario-reference.md)';
  const scored = allowed.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d || x.k.localeCompare(y.k));
  const best = scored[0];
  if (best.d <= Math.max(1, Math.floor(Math.min(key.length, best.k.length) / 3))) return `unknown field (did you mean ${JSON.stringify(best.k)}?)`;
  const list = allowed.length <= 24 ? `; expected one of: ${allowed.join(', ')}` : ' (check the spelling; see docs/scenario-reference.md)';
  return `unknown field${list}`;
}

export function zodProblems(error: z.ZodError, source: string, raw: unknown, root: z.ZodType = Scenario): InputProblem[] {
  const out: InputProblem[] = [];
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]) => {
    const fullPath = [...prefix, ...issue.path];
    const path = joinPath(fullPath);
    if (issue.code === 'unrecognized_keys') {
      const allowed = [...new Set(objectSchemasAt(root, fullPath, raw).flatMap((d) => Object.keys(d.shape ?? {})))];
      for (const key of issue.keys) out.push({ source, path: joinPath([...fullPath, key]), message: unknownKeyMessage(key, allowed) });
      return;
    }
    if (issue.code === 'invalid_union') {
      const got = valueAt(raw, fullPath);
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator !== undefined) {
        // discriminatedUnion: the path already ends at the discriminator field.
        const options = (issue as { options?: unknown[] }).options ?? [];
        const expected = `one of ${options.map((v) => JSON.stringify(v)).join(', ')}`;
        out.push({ source, path, message: got === undefined ? `required field is missing (expected ${expected})` : `expected ${expected}, got ${describeValue(got)}` });
        return;
      }
      const branches = issue.errors ?? [];
      if (got !== null && typeof got === 'object' && !Array.isArray(got)) {
        // Object branches whose literal fields (e.g. dist) match: report that branch's issues.
        const objectBranches = branches.filter((b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0));
        const matching = objectBranches.filter((b) => !b.some((i) => i.code === 'invalid_value' && i.path.length === 1));
        if (matching.length === 1) {
          for (const inner of matching[0]) visit(inner, fullPath);
          return;
        }
        const literal = objectBranches.flatMap((b) => b.filter((i) => i.code === 'invalid_value' && i.path.length === 1));
        if (literal.length > 0 && matching.length === 0) {
          const key = literal[0].path[0];
          const values = literal.filter((i) => i.path[0] === key).flatMap((i) => (i as { values: unknown[] }).values);
          const keyPath = [...fullPath, key];
          out.push({ source, path: joinPath(keyPath), message: `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(valueAt(raw, keyPath))}` });
          return;
        }
      }
      out.push({ source, path, message: `expected a number or a distribution such as { dist: normal, mean: 1, sd: 0.2 }, got ${describeValue(got)}` });
      return;
    }
    const got = valueAt(raw, fullPath);
    if (got === undefined && issue.code === 'invalid_type') {
      out.push({ source, path, message: `required field is missing (expected ${typeName(issue.expected)})` });
      return;
    }
    out.push({ source, path, message: `${expectationOf(issue)}, got ${describeValue(got)}` });
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}

function typeName(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

function expectationOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'expected non-empty text' : `expected text of at least ${issue.minimum} characters`;
      return `expected a value ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} entries`;
      if (issue.origin === 'string') return `expected text of at most ${issue.maximum} characters`;
      return `expected a value ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `expected a multiple of ${issue.divisor}`;
    default:
      return `expected ${issue.message.replace(/^Invalid input: /i, '').replace(/^expected /i, '')}`;
  }
}


/** The value at a path of a parsed document, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

