/**
 * Loading a scenario, pass by pass: read the file (read.ts), resolve `extends`
 * (extends.ts), apply `--set` overrides (merge.ts), validate against the schema (zod's
 * issues in words: messages.ts), then check what one field cannot check alone
 * (checks.ts).
 *
 * Every problem of a file is reported at once, one line each, as an InputError naming
 * the file (as the user wrote it), the field path, the bad value and what was expected.
 * Nothing here throws anything but InputError for bad input: hostile documents (alias
 * bombs, deep nesting, binary garbage, huge files) are refused with a message too.
 */
import { basename, extname } from 'node:path';
import { InputError, describeValue, displayPath, uniqueProblems, type InputProblem } from '../errors.js';
import type { Json } from '../model/deep-merge.js';
import { Scenario, type Scenario as ScenarioT } from '../model/schema.js';
import { crossFieldProblems, parsedProblems } from './checks.js';
import { definesPath, foreignProblem, readWithExtends, type Layer } from './extends.js';
import { resolveScenarioPath } from './files.js';
import { applyOverrideAt } from './merge.js';
import { valueAt, zodProblems } from './messages.js';
import { MAPPING_HINT, readDocument } from './read.js';

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
    throw new InputError(uniqueProblems([...optionProblems, ...told]));
  }
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
  if (problems.length > 0) throw new InputError(uniqueProblems(problems));
  return parsed.data as ScenarioT;
}

/** A field's value once the schema's defaults fill the document in (undefined when the document does not parse). */
function defaultAt(raw: unknown, path: string): unknown {
  const parsed = Scenario.safeParse(raw);
  return parsed.success ? valueAt(parsed.data, path.split('.')) : undefined;
}

