/**
 * Reading one scenario (or calibration targets) file into plain JSON data, safely:
 * hostile documents (alias bombs, deep nesting, binary garbage, huge files, duplicate keys)
 * are refused with one message each, naming the file, line and column.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import { InputError, describeValue, displayPath, uniqueProblems, type InputProblem } from '../errors.js';
import type { Json } from '../model/deep-merge.js';
import { EXTENSIONS } from './files.js';
import { toPlainJson } from './merge.js';

/** Limits that keep hostile documents (alias bombs, deep nesting, huge files) harmless. */
export const MAX_ALIAS_COUNT = 100;
export const MAX_DEPTH = 32;
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_EXTENDS_CHAIN = 8;

export const MAPPING_HINT = 'expected a mapping of scenario fields (segments:, firms:, ...)';

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
    throw new InputError(uniqueProblems(issues.map((err) => yamlProblem(yamlMessage(err, text), err.pos?.[0]))));
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

