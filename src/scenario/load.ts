/**
 * Loading a scenario: read YAML/JSON, resolve `extends`, apply `--set` overrides,
 * validate against the schema, then check what one field cannot check alone
 * (segment shares sum to 1, names unique, references resolve, expressions compile).
 *
 * Every problem of a file is reported at once, one line each, as an InputError naming
 * the file (as the user wrote it), the field path, the bad value and what was expected.
 * Nothing here throws anything but InputError for bad input: hostile documents (alias
 * bombs, deep nesting, binary garbage, huge files) are refused with a message too.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, parseDocument } from 'yaml';
import type * as z from 'zod';
import { Scenario, Firm, DEFAULT_FAILURE_KINDS, type Scenario as ScenarioT } from '../model/schema.js';
import { InputError, describeValue, displayPath, joinPath, type InputProblem } from '../errors.js';
import { applyOverrideAt, toPlainJson } from './merge.js';
import { deepMerge, type Json } from '../model/deep-merge.js';
import { compileExpression, EXPRESSION_INPUTS } from '../model/strategy/expression.js';

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
  if (typeof ref !== 'string' || ref.trim() === '' || ref.includes('\0')) {
    throw new InputError({ source: 'scenario', path: '', message: `expected a .yaml/.yml/.json path or a shipped scenario name, got ${describeValue(ref)}` });
  }
  const looksLikePath = ref.includes('/') || ref.includes('\\') || EXTENSIONS.includes(extname(ref).toLowerCase());
  if (looksLikePath) {
    const p = isAbsolute(ref) ? ref : resolve(relativeTo ?? process.cwd(), ref);
    if (!existsSync(p)) throw new InputError({ source: ref, path: '', message: 'file not found (expected a .yaml, .yml or .json scenario file)' });
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
  const shipped = listShippedNames();
  throw new InputError({
    source: ref,
    path: '',
    message: `no such file or shipped scenario (expected a .yaml/.yml/.json path${shipped.length > 0 ? ` or one of: ${shipped.join(', ')}` : ''})`,
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

/** Limits that keep hostile documents (alias bombs, deep nesting, huge files) harmless. */
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 32;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_EXTENDS_CHAIN = 8;

const MAPPING_HINT = 'expected a mapping of scenario fields (segments:, firms:, ...)';

/** What a document is, for messages: scenarios by default; other files (calibration targets) name themselves. */
export interface DocumentKind {
  /** e.g. 'scenario' */
  readonly noun: string;
  /** what the top level should be, e.g. MAPPING_HINT */
  readonly hint: string;
}
const SCENARIO_DOCUMENT: DocumentKind = { noun: 'scenario', hint: MAPPING_HINT };

/** Read one file into plain JSON data (no `extends`, no validation beyond the data shape). */
export function readDocument(file: string, kind: DocumentKind = SCENARIO_DOCUMENT): Json {
  const source = displayPath(file);
  const { noun, hint } = kind;
  const fail = (message: string, path = ''): never => {
    throw new InputError({ source, path, message });
  };
  let buf: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) fail(`is a directory (expected a .yaml, .yml or .json ${noun} file)`);
    if (!stat.isFile()) fail(`is not a regular file (expected a .yaml, .yml or .json ${noun} file)`);
    if (!EXTENSIONS.includes(extname(file).toLowerCase())) fail(`expected a .yaml, .yml or .json file, got ${extname(file) ? `a ${extname(file)} file` : 'a file without extension'}`);
    if (stat.size > MAX_FILE_BYTES) fail(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (expected a ${noun} file of a few KB)`);
    buf = readFileSync(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return fail(`cannot read file (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'file not found' : (code ?? 'error')})`);
  }
  if (buf.length > MAX_FILE_BYTES) fail(`file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (expected a ${noun} file of a few KB)`);
  let text: string;
  try {
    if (buf.includes(0)) throw new Error('NUL byte');
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return fail(`not a text file (binary or not UTF-8); expected a YAML or JSON ${noun}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Old Mac (CR-only) and Windows (CRLF) line ends read as lines, with the right line numbers.
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') fail(`file is empty; ${hint}`);

  let value: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      const m = (e as Error).message.replace(/\s+/g, ' ').trim();
      fail(`invalid JSON (${m.length > 120 ? `${m.slice(0, 117)}...` : m})`);
    }
    refuseDuplicateJsonKeys(text, source);
  } else {
    value = parseYaml(text, source);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (value === null) fail(`file holds no data (only comments or null); ${hint}`);
    fail(`${hint}, got ${typeof value === 'string' ? `the text ${describeValue(value)}` : describeValue(value)}`);
  }
  const problems: InputProblem[] = [];
  const plain = toPlainJson(value, { source, path: [], problems, maxDepth: MAX_DEPTH });
  if (problems.length > 0) throw new InputError(problems);
  return plain;
}

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `line ${line}, column ${offset - last}`;
}

/**
 * JSON.parse keeps the last of two equal keys in an object without a word, so
 * `{"customers": 100000, ..., "customers": 50}` would run 50 customers. JSON is YAML, and
 * the yaml parser finds duplicates with their positions: used only for that, after
 * JSON.parse has accepted the text (anything else it reports is left to JSON's rules).
 */
function refuseDuplicateJsonKeys(text: string, source: string): void {
  let errors: ReturnType<typeof parseDocument>['errors'];
  try {
    errors = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: false }).errors;
  } catch {
    return; // e.g. nesting past the parser's stack: the depth limit is checked on the parsed value
  }
  const problems = errors
    .filter((err) => err.code === 'DUPLICATE_KEY')
    .map((err) => ({ source, path: '', message: `invalid JSON at ${lineCol(text, err.pos[0])}: ${yamlMessage(err, text)}` }));
  if (problems.length > 0) throw new InputError(problems);
}

function parseYaml(text: string, source: string): unknown {
  const yamlProblem = (message: string, offset?: number): InputProblem => ({
    source,
    path: '',
    message: `invalid YAML${offset !== undefined ? ` at ${lineCol(text, offset)}` : ''}: ${message}`,
  });
  const deep = (m: string) => /call stack/i.test(m);
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: false });
  } catch (e) {
    const m = (e as Error).message ?? String(e);
    throw new InputError(yamlProblem(deep(m) ? `nested too deeply (the limit is ${MAX_DEPTH} levels)` : m.split('\n')[0]));
  }
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) {
    if (issues.some((err) => deep(err.message))) throw new InputError(yamlProblem(`nested too deeply (the limit is ${MAX_DEPTH} levels)`));
    throw new InputError(dedupe(issues.map((err) => yamlProblem(yamlMessage(err, text), err.pos?.[0]))));
  }
  if (doc.contents && isScalar(doc.contents)) return doc.contents.value;
  try {
    // Maps as Maps: keys are checked (text only) before they become object keys.
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
  } catch (e) {
    const m = (e as Error).message ?? String(e);
    if (/alias/i.test(m)) {
      throw new InputError(yamlProblem(`too many alias expansions (limit ${MAX_ALIAS_COUNT}; anchors and aliases (&a, *a) that multiply data are refused)`));
    }
    throw new InputError(yamlProblem(deep(m) ? `nested too deeply (the limit is ${MAX_DEPTH} levels)` : m.split('\n')[0]));
  }
}

/** The yaml library's message, in the user's terms where it speaks to programmers. */
function yamlMessage(err: { code: string; message: string; pos?: [number, number] }, text: string): string {
  const snippet = err.pos ? text.slice(err.pos[0], Math.min(err.pos[1], err.pos[0] + 40)).trim() : '';
  switch (err.code) {
    case 'MULTIPLE_DOCS':
      return 'expected one document, found a second one (after a --- line)';
    case 'DUPLICATE_KEY': {
      const key = err.pos ? /^\s*["']?([^"':\n]{1,40})["']?\s*:/.exec(text.slice(err.pos[0], err.pos[0] + 60))?.[1] : undefined;
      return `the key ${key ? `${JSON.stringify(key.trim())} ` : ''}appears twice in the same mapping`;
    }
    case 'TAG_RESOLVE_FAILED':
      return `unsupported tag ${snippet ? JSON.stringify(snippet) : ''} (expected plain YAML data)`.replace('  ', ' ');
    default:
      return err.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?$/, '');
  }
}

interface Layer {
  readonly source: string;
  readonly doc: Json;
  /** extended by an absolute path or from outside the child's folder: possibly any file on the machine, so its content is never quoted */
  readonly foreign?: boolean;
}

/**
 * A problem of a file extended by an absolute path or from outside the child's folder
 * (`..`, a link), told by its path without quoting the file: such a path may name any
 * file on the machine (`extends: /etc/shadow`), and messages may end up in logs other
 * people read.
 */
const foreignProblem = (child: string, parentRef: string, count: number): InputProblem => ({
  source: child,
  path: 'extends',
  message: `${describeValue(parentRef)} is not a valid scenario file to extend (${count} problem${count === 1 ? '' : 's'}; run loyalty-sim validate on it to see them)`,
});

/**
 * A parent that may be quoted in messages: a shipped scenario, or a file in the child's own
 * folder or below it, where it really is (links resolved). Anything else, reached through
 * `..` or a link, may be any file on the machine.
 */
function isOwnParent(child: string, parent: string): boolean {
  try {
    const real = realpathSync(parent);
    const within = (folder: string) => {
      const rel = relative(realpathSync(folder), real);
      return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
    };
    return within(dirname(realpathSync(child))) || within(scenariosDir());
  } catch {
    return false; // a path that cannot be resolved is not known to be the child's
  }
}

/** The lists whose entries deepMerge merges by name. */
const NAMED_LISTS = ['firms', 'segments', 'failureKinds'];

/** Read `file` and everything it extends, merged parent-first; `layers` gets each file, parent first. */
function readWithExtends(file: string, chain: string[], layers: Layer[] = [], foreign = false): Json {
  const source = displayPath(file);
  if (chain.includes(file)) {
    throw new InputError({ source, path: 'extends', message: `expected a chain of parents without cycles, got ${[...chain, file].map((f) => basename(f)).join(' → ')}` });
  }
  if (chain.length >= MAX_EXTENDS_CHAIN) {
    throw new InputError({ source, path: 'extends', message: `expected at most ${MAX_EXTENDS_CHAIN} levels of extends, got a longer chain` });
  }
  const doc = readDocument(file) as Record<string, Json>;
  const parentRef = doc.extends;
  if (parentRef === undefined) {
    layers.push({ source, doc, foreign });
    return doc;
  }
  if (typeof parentRef !== 'string' || parentRef.trim() === '') {
    throw new InputError({ source, path: 'extends', message: `expected a shipped scenario name or a path, got ${describeValue(parentRef)}` });
  }
  let parentFile: string;
  try {
    parentFile = resolveScenarioPath(parentRef, dirname(file));
  } catch {
    const shipped = listShippedNames();
    throw new InputError({
      source,
      path: 'extends',
      message: `expected a shipped scenario name${shipped.length > 0 ? ` (${shipped.join(', ')})` : ''} or a path relative to this file, got ${describeValue(parentRef)} (not found)`,
    });
  }
  // The lists of a file with a parent merge onto the parent's by name: a repeated name would vanish into the first.
  const repeats = NAMED_LISTS.flatMap((list) => repeatedNames(listOf(doc[list]), list, source));
  if (repeats.length > 0) throw new InputError(repeats);
  const parentForeign = foreign || isAbsolute(parentRef) || !isOwnParent(file, parentFile);
  let parent: Record<string, Json>;
  try {
    parent = readWithExtends(parentFile, [...chain, file], layers, parentForeign) as Record<string, Json>;
  } catch (e) {
    if (!(e instanceof InputError) || !parentForeign || foreign) throw e;
    throw new InputError(foreignProblem(source, parentRef, e.problems.length));
  }
  layers.push({ source, doc, foreign });
  const { extends: _ignored, ...own } = doc;
  const merged = deepMerge(parent, own) as Record<string, Json>;
  // A child without its own name is a new scenario, not its parent.
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
  const source = displayPath(file);
  const layers: Layer[] = [];
  let raw = readWithExtends(file, [], layers) as Record<string, Json>;
  if (raw.name === undefined) raw.name = basename(file, extname(file));
  // Options: every problem at once, and problems at a path an option set are blamed on it.
  const optionProblems: InputProblem[] = [];
  const blame: { path: string; source: string }[] = [];
  for (const assignment of options.set ?? []) {
    try {
      const applied = applyOverrideAt(raw, assignment, (path) => defaultAt(raw, path));
      if (applied.path.split('.')[0] === 'extends') {
        optionProblems.push({ source: 'option --set', path: 'extends', message: `expected a field an option can change (a file's parent is read before options apply; write extends in the scenario file), got ${describeValue(assignment)}` });
        continue;
      }
      raw = applied.doc as Record<string, Json>;
      blame.push({ path: applied.path, source: 'option --set' });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      optionProblems.push(...e.problems);
    }
  }
  if (options.customers !== undefined) {
    raw.customers = options.customers;
    blame.push({ path: 'customers', source: 'option --customers' });
  }
  if (options.periods !== undefined) {
    raw.periods = options.periods;
    blame.push({ path: 'periods', source: 'option --periods' });
  }
  delete raw.extends;
  // The problems of the file without the options (computed only when needed for blame).
  let alone: Set<string> | null = null;
  const fileAlone = (): Set<string> => {
    if (alone) return alone;
    alone = new Set();
    try {
      const own = readWithExtends(file, []) as Record<string, Json>;
      if (own.name === undefined) own.name = basename(file, extname(file));
      delete own.extends;
      validateScenario(own, source);
    } catch (e) {
      if (e instanceof InputError) for (const p of e.problems) alone.add(`${p.path}\u0000${p.message.replace(/, got .*$/, '')}`);
    }
    return alone;
  };
  try {
    const scenario = validateScenario(raw, source);
    if (optionProblems.length > 0) throw new InputError(optionProblems);
    return { file, scenario };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const blamed = e.problems.map((p) => {
      if (p.source !== source) return p;
      const culprit = [...blame].reverse().find(
        (b) => p.path === b.path || p.path.startsWith(`${b.path}.`) || (b.path.startsWith(`${p.path}.`) && p.message.startsWith('unknown field')),
      );
      if (culprit) return { ...p, source: culprit.source };
      if (options.periods !== undefined && /^events\.\d+\.period$/.test(p.path) && p.message.includes('< periods')) {
        return { ...p, message: `${p.message} (periods ${options.periods} comes from option --periods)` };
      }
      // A problem above a field an option set (segment shares after --set segments.0.share)
      // that the file alone does not have is the option's.
      const below = [...blame].reverse().find((b) => p.path === '' || b.path.startsWith(`${p.path}.`));
      if (below && !fileAlone().has(`${p.path}\u0000${p.message.replace(/, got .*$/, '')}`)) return { ...p, source: below.source };
      // A value that came from a parent file (extends) is blamed on that file.
      const definer = p.path === '' ? undefined : [...layers].reverse().find((l) => definesPath(l.doc, raw, p.path.split('.')));
      return definer ? { ...p, source: definer.source, foreign: definer.foreign } : p;
    });
    // Problems in files extended by an absolute path are counted, not quoted.
    const foreignCount = blamed.filter((p) => (p as { foreign?: boolean }).foreign).length;
    const told = blamed.filter((p) => !(p as { foreign?: boolean }).foreign).map(({ source: s, path, message }) => ({ source: s, path, message }));
    const extendsRef = layers.length > 0 ? (readDocument(file) as Record<string, Json>).extends : undefined;
    if (foreignCount > 0) told.push(foreignProblem(source, String(extendsRef ?? ''), foreignCount));
    throw new InputError(dedupe([...optionProblems, ...told]));
  }
}

/**
 * Does a layer (one file of an extends chain) set the value at `path` of the merged
 * document? Named list entries are matched by name, as deepMerge merges them.
 */
function definesPath(layer: Json, merged: Json, path: readonly string[]): boolean {
  let l: unknown = layer;
  let m: unknown = merged;
  for (const key of path) {
    if (Array.isArray(m) && Array.isArray(l) && /^\d+$/.test(key)) {
      const entry = m[Number(key)];
      const name = isRecord(entry) && typeof entry.name === 'string' ? entry.name : undefined;
      l = name !== undefined ? l.find((e) => isRecord(e) && e.name === name) : l[Number(key)];
      m = entry;
    } else if (isRecord(m) && isRecord(l) && Object.hasOwn(l, key) && Object.hasOwn(m, key)) {
      l = l[key];
      m = m[key];
    } else {
      return false;
    }
    if (l === undefined) return false;
  }
  return true;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.source}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Validate a raw document; all problems at once. */
export function validateScenario(raw: unknown, source: string): ScenarioT {
  const problems: InputProblem[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError({ source, path: '', message: `${MAPPING_HINT}, got ${describeValue(raw)}` });
  }
  const parsed = Scenario.safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(parsed.error, source, raw));
  problems.push(...crossFieldProblems(raw as Record<string, unknown>, source));
  if (parsed.success) problems.push(...parsedProblems(parsed.data, source));
  if (problems.length > 0) throw new InputError(dedupe(problems));
  return parsed.data as ScenarioT;
}

/** A field's value once the schema's defaults fill the document in (undefined when the document does not parse). */
function defaultAt(raw: unknown, path: string): unknown {
  const parsed = Scenario.safeParse(raw);
  return parsed.success ? valueAt(parsed.data, path.split('.')) : undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

// ---------------------------------------------------------------------------------------
// From zod issues to messages for people

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

// ---------------------------------------------------------------------------------------
// Checks across fields. These run on the raw document even when the schema check failed,
// so that a file's problems all show at once; each looks only at values of the right type.

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nameOf = (v: unknown): string | undefined => (isRecord(v) && typeof v.name === 'string' ? v.name : undefined);

/** Each entry of a named list at `path` whose name an earlier entry has, as a problem of `source`. */
function repeatedNames(list: readonly unknown[], path: string, source: string): InputProblem[] {
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

function crossFieldProblems(raw: Record<string, unknown>, source: string): InputProblem[] {
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
function parsedProblems(s: ScenarioT, source: string): InputProblem[] {
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
