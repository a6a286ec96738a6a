/**
 * What the tool may delete or replace: only entries it wrote itself, in result folders it
 * created. An output root (`--out`) can be a user's own folder holding other things; the
 * tool only ever replaces `<out>/index.html` and `<out>/<scenario>/explore.html` (when it
 * wrote them) and the result folders `<out>/<scenario>/<seed-N | replicate | compare |
 * grid | game | …>/`. Those must hold nothing but the tool's own names, so that cleaning
 * them (temporary files, pruned runs, redrawn charts, a replaced run directory) can never
 * take a user's file with it. Every command that writes them, `report` and `explore`
 * included, takes the lock first (io/lock.ts) and checks with the functions below.
 *
 * Symbolic links are never followed: a link inside a result folder (to a folder, a loop,
 * a dangling target) is a foreign entry and the command stops before touching anything.
 * A result folder carries a marker file written when the tool creates it.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { TEMP_FILE, writeFileAtomic } from './atomic.js';
import { lockResultDir } from './lock.js';

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
  files: ['timeseries.csv', 'market.csv', 'churn-causes.csv', 'scenario.json', 'events.json', 'panel.parquet', ...RESULT_FILES],
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
  if (TEMP_FILE.test(name) && stat.isFile()) return null; // a leftover of an interrupted write (io/atomic.ts)
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

/**
 * For `report <dir>`, which redraws a run folder it did not just write: take its lock and
 * check that it is a real run folder, `<out>/<scenario>/seed-<n>/` holding only the
 * tool's names (a foreign file or link is refused before anything is touched). Returns
 * the release of the lock (also run at exit).
 */
export function claimRunDir(dir: string): () => void {
  const refuse = (message: string) => new InputError({ source: dir, path: '', message });
  if (!/^seed-\d+$/.test(basename(dir))) throw refuse(`expected a run directory named seed-<n> (<out>/<scenario>/seed-<n>), got a folder named ${JSON.stringify(basename(dir))}`);
  if (lstatOrNull(dir)?.isSymbolicLink()) throw refuse('is a symbolic link; report redraws only run folders where loyalty-sim wrote them, so name the folder itself');
  const release = lockResultDir(dir);
  const foreign = findForeign(dir, RUN_LAYOUT);
  if (foreign) {
    release();
    throw refuse(`${foreign.path} is ${foreign.why} that loyalty-sim did not write; report rebuilds the run folder without it, so move it away first`);
  }
  return release;
}

/** A page the tool writes outside result folders (the results index, an explorer page); its title is its mark. */
export interface Page {
  readonly name: string;
  readonly mark: string;
  /** what would replace a user's file of that name, for the message */
  readonly what: string;
  /** another way out than moving it or another --out, if there is one */
  readonly instead?: string;
}

export const INDEX_FILE = 'index.html';
export const INDEX_PAGE: Page = { name: INDEX_FILE, mark: '<title>loyalty-sim results</title>', what: 'the results index', instead: 'use --no-charts' };
export const EXPLORE_PAGE: Page = { name: 'explore.html', mark: '<title>loyalty-sim explorer: ', what: 'the explorer page' };

/** Where the mark must be: the head of the page. */
const MARK_BYTES = 4096;

function head(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MARK_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, MARK_BYTES, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `absent`, `ours` (a regular file, not a link, whose head carries the page's mark) or `foreign`. */
export function pageOwner(file: string, page: Page): 'absent' | 'ours' | 'foreign' {
  const stat = lstatOrNull(file);
  if (!stat) return 'absent';
  if (!stat.isFile()) return 'foreign';
  try {
    return head(file).includes(page.mark) ? 'ours' : 'foreign';
  } catch {
    return 'foreign';
  }
}

/** A page in `dir` is replaced only when the tool wrote it; a user's own file of that name is refused before any work. */
export function checkOwnPage(dir: string, page: Page): void {
  const file = join(dir, page.name);
  if (pageOwner(file, page) === 'foreign') {
    throw outProblem(`${file} exists and was not written by loyalty-sim; it would be replaced by ${page.what} (move it away, choose another --out${page.instead ? `, or ${page.instead}` : ''})`);
  }
}

/**
 * `<out>/index.html` is replaced only when the tool wrote it: an absent file, or a regular
 * file carrying the index's title. A user's own index.html is refused before any work.
 */
export const checkOutputIndex = (out: string): void => checkOwnPage(out, INDEX_PAGE);

/** Before writing a page in `dir`: take its lock (`.<page>.lock`) and check that it is absent or the tool's. Returns the release. */
export function claimPage(dir: string, page: Page): () => void {
  const release = lockResultDir(join(dir, page.name));
  try {
    checkOwnPage(dir, page);
  } catch (e) {
    release();
    throw e;
  }
  return release;
}

/**
 * The output root whose index `report <dir>` may rewrite: two levels above the run folder,
 * when the folder between is named after the run's scenario (so the root is the --out the
 * run was written to) and the root holds the tool's own index. Otherwise the reason the
 * index is left alone.
 */
export function indexRootOfRun(runDir: string, scenarioName: string): { root: string } | { why: string } {
  const root = dirname(dirname(runDir));
  const index = join(root, INDEX_FILE);
  if (basename(dirname(runDir)) !== scenarioName) return { why: `${runDir} is not in a folder named after its scenario "${scenarioName}", so ${index} may not be the results index of its --out` };
  const owner = pageOwner(index, INDEX_PAGE);
  if (owner === 'absent') return { why: `${root} holds no results index of loyalty-sim` };
  if (owner === 'foreign') return { why: `${index} was not written by loyalty-sim` };
  return { root };
}
