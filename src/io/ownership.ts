/**
 * What the tool may delete or replace: only entries it wrote itself, in result folders it
 * created. An output root (`--out`) can be a user's own folder holding other things; the
 * tool only ever replaces `<out>/index.html` (when it wrote it) and the result folders
 * `<out>/<scenario>/<seed-N | replicate | compare | grid | game>/`. Those must hold nothing
 * but the tool's own names, so that cleaning them (temporary files, pruned runs, redrawn
 * charts, a replaced run directory) can never take a user's file with it.
 *
 * Symbolic links are never followed: a link inside a result folder (to a folder, a loop,
 * a dangling target) is a foreign entry and the command stops before touching anything.
 * A result folder carries a marker file written when the tool creates it.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../scenario/errors.js';
import { TEMP_NAME, writeFileAtomic } from './atomic.js';

/** The marker of a folder the tool created (content: a line for people who find it). */
export const MARKER = '.loyalty-sim';
const MARKER_TEXT = 'This folder was written by loyalty-sim; it may replace or delete any file in it.\n';

/** Names the tool writes in one kind of result folder: plain files, and sub-folders with the file names they hold. */
export interface Layout {
  readonly files: readonly (string | RegExp)[];
  readonly folders: Readonly<Record<string, RegExp>>;
  /** sub-folders that are result folders of their own (a theatre map's cells), checked when they are written */
  readonly results?: RegExp;
}

/** A chart file: the compiled spec, its SVG and its PNG. */
const CHART = /\.(svg|png|vl\.json)$/;

/** What every result folder may hold: its summary, report (report.html, its text as report.json) and manifest. */
const RESULT_FILES = ['summary.json', 'report.html', 'report.json', 'manifest.json', MARKER];

/** `<out>/<scenario>/seed-<n>/`. */
export const RUN_LAYOUT: Layout = {
  files: ['timeseries.csv', 'market.csv', 'scenario.json', 'events.json', ...RESULT_FILES],
  folders: { charts: CHART },
};

/**
 * `<out>/<scenario>/<kind>/` of an experiment kind (src/experiment/kinds/): the plan, the
 * tables every plan kind writes, shard manifests, and the kind's own files.
 */
export const experimentLayout = (files: readonly (string | RegExp)[], results?: RegExp): Layout => ({
  files: ['experiment.json', 'runs.csv', 'runs-tidy.csv', 'aggregate.csv', /^manifest-shard-\d+-of-\d+\.json$/, ...RESULT_FILES, ...files],
  folders: { charts: CHART, runs: /^[A-Za-z0-9._-]+\.bin$/ },
  ...(results ? { results } : {}),
});

const matches = (name: string, patterns: readonly (string | RegExp)[]): boolean =>
  patterns.some((p) => (typeof p === 'string' ? p === name : p.test(name)));

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Why an entry is not the tool's, or null when it is. */
function foreignReason(stat: Stats, name: string, allowed: readonly (string | RegExp)[], asFolder: boolean): string | null {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (TEMP_NAME.test(name)) return null; // a leftover of an interrupted write (io/atomic.ts)
  if (asFolder) return stat.isDirectory() ? null : 'not a folder';
  if (!stat.isFile()) return stat.isDirectory() ? 'a folder' : 'not a regular file';
  return matches(name, allowed) ? null : 'a file';
}

/**
 * The first entry under `dir` that the tool did not write (depth first, sorted), with why,
 * or null when every entry carries one of the layout's names. Never follows a link.
 */
export function findForeign(dir: string, layout: Layout): { path: string; why: string } | null {
  const names = readdirSync(dir).sort();
  for (const name of names) {
    const path = join(dir, name);
    const stat = lstatOrNull(path);
    if (!stat) return { path, why: 'unreadable' };
    if (layout.results?.test(name) && stat.isDirectory() && !stat.isSymbolicLink()) continue;
    const folderPattern = Object.hasOwn(layout.folders, name) ? layout.folders[name] : undefined;
    const why = foreignReason(stat, name, layout.files, folderPattern !== undefined);
    if (why) return { path, why };
    if (folderPattern && stat.isDirectory()) {
      for (const inner of readdirSync(path).sort()) {
        const innerPath = join(path, inner);
        const innerStat = lstatOrNull(innerPath);
        if (!innerStat) return { path: innerPath, why: 'unreadable' };
        const innerWhy = foreignReason(innerStat, inner, [folderPattern], false);
        if (innerWhy) return { path: innerPath, why: innerWhy };
      }
    }
  }
  return null;
}

const outProblem = (message: string): InputError => new InputError({ source: 'option --out', path: '', message });

/**
 * Before writing a result folder: it is absent, or a real folder (not a link) that holds
 * only the tool's names. Otherwise an InputError naming the first foreign entry. A folder
 * of an older version (no marker, only the tool's names) is accepted.
 */
export function checkResultDir(dir: string, layout: Layout): void {
  const stat = lstatOrNull(dir);
  if (!stat) return;
  if (stat.isSymbolicLink()) throw outProblem(`${dir} is a symbolic link; loyalty-sim writes result folders only where it created them (remove the link or choose another --out)`);
  if (!stat.isDirectory()) throw outProblem(`${dir} is a file where loyalty-sim writes a result folder (move it away or choose another --out)`);
  const foreign = findForeign(dir, layout);
  if (foreign) {
    throw outProblem(
      `${foreign.path} is ${foreign.why} that loyalty-sim did not write, inside its result folder ${dir}; ` +
      'results there are replaced and cleaned, so move it away or choose another --out',
    );
  }
}

/** Create a result folder (and its parents) with its marker. */
export function createResultDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeMarker(dir);
}

export function writeMarker(dir: string): void {
  const file = join(dir, MARKER);
  if (!existsSync(file)) writeFileAtomic(file, MARKER_TEXT);
}

/** The output index the tool writes; its title is its mark. */
export const INDEX_FILE = 'index.html';
const INDEX_MARK = '<title>loyalty-sim results</title>';

/**
 * `<out>/index.html` is replaced only when the tool wrote it: an absent file, or a regular
 * file carrying the index's title. A user's own index.html is refused before any work.
 */
export function checkOutputIndex(out: string): void {
  const file = join(out, INDEX_FILE);
  const stat = lstatOrNull(file);
  if (!stat) return;
  let ours = false;
  if (stat.isFile() && stat.size < 64 * 1024 * 1024) {
    try {
      ours = readFileSync(file, 'utf8').slice(0, 4096).includes(INDEX_MARK);
    } catch {
      ours = false;
    }
  }
  if (!ours) {
    throw outProblem(`${file} exists and was not written by loyalty-sim; it would be replaced by the results index (move it away, choose another --out, or use --no-charts)`);
  }
}

