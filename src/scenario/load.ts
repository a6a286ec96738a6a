/**
 * Loading a scenario: read YAML/JSON, resolve `extends`, apply `--set` overrides,
 * validate against the schema, then check what one field cannot check alone
 * (segment shares sum to 1, names unique, references resolve).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { Scenario, Firm, type Scenario as ScenarioT } from './schema.js';
import { InputError, describeValue, type InputProblem } from './errors.js';
import { applyOverride, deepMerge, type Json } from './merge.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The shipped scenarios folder (works from src/ under vitest and from dist/src/ when built). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'scenarios');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('scenarios');
}

export const DEFAULT_SCENARIO = 'baseline';

/** A path, or the name of a shipped scenario. */
export function resolveScenarioPath(ref: string, relativeTo?: string): string {
  const looksLikePath = ref.includes('/') || ref.includes('\\') || EXTENSIONS.includes(extname(ref));
  if (looksLikePath) {
    const p = isAbsolute(ref) ? ref : resolve(relativeTo ?? process.cwd(), ref);
    if (!existsSync(p)) throw new InputError({ source: ref, path: '', message: 'file not found' });
    return p;
  }
  if (relativeTo) {
    for (const ext of EXTENSIONS) {
      const sibling = join(relativeTo, ref + ext);
      if (existsSync(sibling)) return sibling;
    }
  }
  for (const ext of EXTENSIONS) {
    const shipped = join(scenariosDir(), ref + ext);
    if (existsSync(shipped)) return shipped;
  }
  throw new InputError({
    source: ref,
    path: '',
    message: `no such file or shipped scenario (expected a .yaml/.yml/.json path or one of: ${listShippedNames().join(', ')})`,
  });
}

export function listShippedNames(): string[] {
  const dir = scenariosDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .map((f) => basename(f, extname(f)))
    .sort();
}

/** Limits that keep hostile documents (alias bombs, deep nesting) from exhausting memory. */
const MAX_ALIAS_COUNT = 100;
const MAX_DEPTH = 32;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function readDocument(file: string): Json {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > MAX_FILE_BYTES) throw new InputError({ source: file, path: '', message: `file is larger than ${MAX_FILE_BYTES} bytes` });
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ source: file, path: '', message: `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  let value: unknown;
  if (extname(file) === '.json') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InputError({ source: file, path: '', message: `invalid JSON (${(e as Error).message})` });
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new InputError(doc.errors.map((err) => ({ source: file, path: '', message: `invalid YAML: ${err.message.split('\n')[0]}` })));
    }
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      throw new InputError({ source: file, path: '', message: `invalid YAML: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError({ source: file, path: '', message: `expected a mapping of scenario fields, got ${describeValue(value)}` });
  }
  checkDepthAndNumbers(value, file, '', 0);
  return value as Json;
}

function checkDepthAndNumbers(value: unknown, file: string, path: string, depth: number): void {
  if (depth > MAX_DEPTH) throw new InputError({ source: file, path, message: `nested deeper than ${MAX_DEPTH} levels` });
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InputError({ source: file, path, message: `expected a finite number, got ${value}` });
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkDepthAndNumbers(v, file, path ? `${path}.${k}` : k, depth + 1);
  }
}

/** Read `file` and everything it extends, merged parent-first. */
function readWithExtends(file: string, chain: string[]): Json {
  if (chain.includes(file)) {
    throw new InputError({ source: file, path: 'extends', message: `extends cycle: ${[...chain, file].map((f) => basename(f)).join(' → ')}` });
  }
  const doc = readDocument(file) as Record<string, Json>;
  const parentRef = doc.extends;
  if (parentRef === undefined) return doc;
  if (typeof parentRef !== 'string') {
    throw new InputError({ source: file, path: 'extends', message: `expected a scenario name or path, got ${describeValue(parentRef)}` });
  }
  let parentFile: string;
  try {
    parentFile = resolveScenarioPath(parentRef, dirname(file));
  } catch (e) {
    throw new InputError({ source: file, path: 'extends', message: `parent '${parentRef}' not found` });
  }
  const parent = readWithExtends(parentFile, [...chain, file]) as Record<string, Json>;
  const { extends: _ignored, ...own } = doc;
  const merged = deepMerge(parent, own) as Record<string, Json>;
  // A child without its own name or description is a new scenario, not its parent.
  if (own.name === undefined) merged.name = basename(file, extname(file));
  return merged;
}

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: ScenarioT;
}

export interface LoadOptions {
  /** `path=value` overrides, applied after extends */
  readonly set?: readonly string[];
  readonly customers?: number;
  readonly periods?: number;
}

export function loadScenario(ref: string, options: LoadOptions = {}): LoadedScenario {
  const file = resolveScenarioPath(ref);
  let raw = readWithExtends(file, []) as Record<string, Json>;
  if (raw.name === undefined) raw.name = basename(file, extname(file));
  for (const assignment of options.set ?? []) raw = applyOverride(raw, assignment) as Record<string, Json>;
  if (options.customers !== undefined) raw.customers = options.customers;
  if (options.periods !== undefined) raw.periods = options.periods;
  delete raw.extends;
  return { file, scenario: validateScenario(raw, file) };
}

/** Validate a raw document; all problems at once. */
export function validateScenario(raw: unknown, source: string): ScenarioT {
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) throw new InputError(zodProblems(parsed.error, source, raw));
  const problems = crossFieldProblems(parsed.data, source);
  if (problems.length > 0) throw new InputError(problems);
  return parsed.data;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function zodProblems(error: z.ZodError, source: string, raw: unknown): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ source, path: path ? `${path}.${key}` : key, message: 'unknown field (check the spelling; see docs/scenario-reference.md)' });
      continue;
    }
    const got = valueAt(raw, issue.path);
    out.push({ source, path, message: `${expectationOf(issue)}, got ${describeValue(got)}` });
  }
  return out;
}

function expectationOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} entries`
        : `expected a value ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `expected at most ${issue.maximum} entries`
        : `expected a value ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'expected a number or a distribution such as { dist: normal, mean: 1, sd: 0.2 }';
    default:
      return `expected ${issue.message.replace(/^Invalid input: /i, '').replace(/^expected /i, '')}`;
  }
}

function crossFieldProblems(s: ScenarioT, source: string): InputProblem[] {
  const problems: InputProblem[] = [];
  const shareSum = s.segments.reduce((a, seg) => a + seg.share, 0);
  if (Math.abs(shareSum - 1) > 1e-6) {
    problems.push({ source, path: 'segments', message: `expected segment shares summing to 1, got ${+shareSum.toFixed(6)}` });
  }
  const unique = (names: string[], path: string) => {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name)) problems.push({ source, path: `${path}.${i}.name`, message: `expected a unique name, got duplicate ${JSON.stringify(name)}` });
      seen.add(name);
    });
  };
  unique(s.firms.map((f) => f.name), 'firms');
  unique(s.segments.map((g) => g.name), 'segments');
  unique(s.failureKinds.map((k) => k.name), 'failureKinds');
  const firmNames = new Set(s.firms.map((f) => f.name));
  const segmentNames = new Set(s.segments.map((g) => g.name));
  const kindNames = new Set(s.failureKinds.map((k) => k.name));
  const checkFirm = (f: ScenarioT['firms'][number], path: string) => {
    for (const kind of Object.keys(f.failureMix)) {
      if (!kindNames.has(kind)) problems.push({ source, path: `${path}.failureMix.${kind}`, message: `expected one of the failure kinds (${[...kindNames].join(', ')})` });
    }
    f.program?.targetSegments.forEach((seg, k) => {
      if (!segmentNames.has(seg)) problems.push({ source, path: `${path}.program.targetSegments.${k}`, message: `expected a segment name (${[...segmentNames].join(', ')}), got ${JSON.stringify(seg)}` });
    });
  };
  s.firms.forEach((f, j) => checkFirm(f, `firms.${j}`));
  s.events.forEach((e, k) => {
    const path = `events.${k}`;
    const firm = s.firms.find((f) => f.name === e.firm);
    if (!firm) {
      problems.push({ source, path: `${path}.firm`, message: `expected a firm name (${[...firmNames].join(', ')}), got ${JSON.stringify(e.firm)}` });
      return;
    }
    if (e.period >= s.periods) problems.push({ source, path: `${path}.period`, message: `expected a period < periods (${s.periods}), got ${e.period}` });
    // The firm as the event leaves it must itself be a valid firm.
    const patched = Firm.safeParse(deepMerge(firm as unknown as Json, e.set as Json));
    if (!patched.success) {
      for (const p of zodProblems(patched.error, source, e.set)) problems.push({ ...p, path: `${path}.set${p.path ? `.${p.path}` : ''}` });
    }
  });
  if (s.game) {
    s.game.firms?.forEach((name, k) => {
      if (!firmNames.has(name)) problems.push({ source, path: `game.firms.${k}`, message: `expected a firm name, got ${JSON.stringify(name)}` });
    });
  }
  return problems;
}
