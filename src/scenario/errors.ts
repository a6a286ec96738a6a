/**
 * Errors for people: every problem with user input names the file (or option), the
 * field path, what was expected and what was found. The CLI prints them and exits 2.
 */
export interface InputProblem {
  /** file path, or a pseudo-source such as `--set` or `option --seeds` */
  readonly source: string;
  /** dotted field path, e.g. `firms.1.price`; empty for the whole document */
  readonly path: string;
  readonly message: string;
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(problems: InputProblem | readonly InputProblem[]) {
    const list = Array.isArray(problems) ? problems : [problems as InputProblem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

export function formatProblem(p: InputProblem): string {
  return p.path ? `${p.source}: ${p.path}: ${p.message}` : `${p.source}: ${p.message}`;
}

/** A short, printable rendering of a bad value for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'an object';
}
