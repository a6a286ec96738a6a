/**
 * Errors for people: every problem with user input names the file (or option), the
 * field path, what was expected and what was found. The CLI prints them, one line a
 * problem, and exits 2.
 */
import { isAbsolute, relative } from 'node:path';

export interface InputProblem {
  /** file path, or a pseudo-source such as `option --set` or `option --seeds` */
  readonly source: string;
  /** dotted field path, e.g. `firms.1.price`; empty for the whole document */
  readonly path: string;
  readonly message: string;
}

/** At most this many problems are listed; the rest are counted in a last line. */
export const MAX_LISTED_PROBLEMS = 30;

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: InputProblem | readonly InputProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems as InputProblem];
    super(formatProblems(list));
    this.name = 'InputError';
    this.problems = list;
  }
}

/** One line per problem (at most MAX_LISTED_PROBLEMS, then a count of the rest). */
export function formatProblems(list: readonly InputProblem[]): string {
  const lines = list.slice(0, MAX_LISTED_PROBLEMS).map(formatProblem);
  if (list.length > MAX_LISTED_PROBLEMS) {
    const rest = list.length - MAX_LISTED_PROBLEMS;
    lines.push(`${printable(list[MAX_LISTED_PROBLEMS].source)}: … and ${rest} more problem${rest === 1 ? '' : 's'}`);
  }
  return lines.join('\n');
}

export function formatProblem(p: InputProblem): string {
  const line = p.path ? `${p.source}: ${p.path}: ${p.message}` : `${p.source}: ${p.message}`;
  return printable(line);
}

/**
 * Make text safe to print on one terminal line: control characters (newlines, escape
 * sequences), C1 controls and bidirectional overrides are shown as \uXXXX escapes.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A short, printable rendering of a bad value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a mapping';
}

/** One path segment for messages: long or odd keys are shortened and quoted. */
export function pathSegment(key: PropertyKey): string {
  const s = String(key);
  if (/^[A-Za-z0-9_$-]{1,40}$/.test(s)) return s;
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

export const joinPath = (path: readonly PropertyKey[]): string => path.map(pathSegment).join('.');

/** A file path as the user would write it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Each problem once (the same file, path and message reported twice is one problem). */
export function uniqueProblems(problems: readonly InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.source}\0${p.path}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
