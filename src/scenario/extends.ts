/**
 * A scenario's parents: `extends` resolved (with realpath: a parent outside the child's
 * folder, through `..` or a link, is told by its path and never quoted), read parent-first
 * and deep-merged, and which file of the chain set a value (so that a problem is blamed on
 * the file that wrote it).
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative, sep } from 'node:path';
import { InputError, describeValue, displayPath, type InputProblem } from '../errors.js';
import { deepMerge, type Json } from '../model/deep-merge.js';
import { isRecord, listOf, repeatedNames } from './checks.js';
import { listShippedNames, resolveScenarioPath, scenariosDir } from './files.js';
import { MAX_EXTENDS_CHAIN, readDocument } from './read.js';

/** One file of an extends chain, parent first. */
export interface Layer {
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
export const foreignProblem = (child: string, parentRef: string, count: number): InputProblem => ({
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
export function readWithExtends(file: string, chain: string[], layers: Layer[] = [], foreign = false): Json {
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

/**
 * Does a layer (one file of an extends chain) set the value at `path` of the merged
 * document? Named list entries are matched by name, as deepMerge merges them.
 */
export function definesPath(layer: Json, merged: Json, path: readonly string[]): boolean {
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

