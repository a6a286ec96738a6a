/**
 * The per-run cache that makes experiments resumable: each finished run is written
 * atomically to `<experiment dir>/runs/<key>.bin` as soon as it arrives. A rerun of the
 * same command reuses every file whose hash matches its job and computes only the rest.
 * The files are part of the output (shard outputs carry them to `merge`), so they hold
 * nothing that depends on the machine, the clock or the worker count.
 */
import { lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { contentId } from '../../io/hash.js';
import { TEMP_FILE, writeFileAtomic } from '../../io/atomic.js';
import { TOOL_VERSION } from '../../version.js';
import type { Scenario } from '../../model/schema.js';
import type { MetricSet } from './metric-set.js';
import { ChecksumError, decodeRun, decodeRunHeader, type RunHeader, type RunRecord } from './run-record.js';

/** Bump when the record layout or the reduction changes: old caches are then recomputed. */
export const RECORD_VERSION = 2;

export const runsDir = (dir: string): string => join(dir, 'runs');
export const runFile = (dir: string, key: string): string => join(dir, 'runs', `${key}.bin`);

/** Everything that determines a run's record: tool version, resolved scenario, seed, metrics. */
export function jobHash(scenario: Scenario, seed: number, metrics: MetricSet): string {
  return contentId({ record: RECORD_VERSION, tool: TOOL_VERSION, seed, metrics, scenario }, '', 32);
}

/**
 * Counts cache entries that failed their checksum (damaged on disk): they are recomputed,
 * and the command says so.
 */
export interface CacheDamage {
  damaged: number;
}

/** The header of a cached run if its file exists, reads, passes its checksum and belongs to this job; else null. */
export function readCachedHeader(dir: string, key: string, hash: string, damage?: CacheDamage): RunHeader | null {
  return readCached(runFile(dir, key), key, hash, decodeRunHeader, damage);
}

/** A whole cached run from a run file anywhere (runMany's store), read once; null as for readCachedHeader. */
export function readCachedRun(file: string, key: string, hash: string, damage?: CacheDamage): RunRecord | null {
  return readCached(file, key, hash, decodeRun, damage);
}

function readCached<T extends RunHeader>(file: string, key: string, hash: string, decode: (bytes: Uint8Array) => T, damage?: CacheDamage): T | null {
  // Only a regular file counts: a link in runs/ is never followed.
  let isFile = false;
  try {
    isFile = lstatSync(file).isFile();
  } catch {
    return null;
  }
  if (!isFile) return null;
  try {
    const run = decode(readFileSync(file));
    return run.key === key && run.hash === hash ? run : null;
  } catch (e) {
    if (e instanceof ChecksumError && damage) damage.damaged++;
    return null; // damaged or foreign: recompute
  }
}

/** The line a command prints when damaged cache entries were recomputed. */
export const damageNote = (damage: CacheDamage): string | null =>
  damage.damaged === 0 ? null : `${damage.damaged} cached run${damage.damaged === 1 ? '' : 's'} failed ${damage.damaged === 1 ? 'its' : 'their'} checksum; recomputed`;

export function readRecord(dir: string, key: string): RunRecord {
  return decodeRun(readFileSync(runFile(dir, key)));
}

export function saveRun(dir: string, key: string, bytes: Uint8Array): void {
  writeFileAtomic(runFile(dir, key), bytes);
}

/** A folder that exists and is not a link (cleanup never follows links). */
function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Remove leftovers of writes interrupted by a kill (`.name.tmp-<pid>-<n>.loyalty-sim`,
 * io/atomic.ts) in `dir` and its real sub-folders. Links are never followed, and nothing
 * but regular files of exactly those names is touched.
 */
export function removeTempFiles(dir: string): void {
  if (!isRealFolder(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (TEMP_FILE.test(name) && stat.isFile()) rmSync(path, { force: true });
    else if (stat.isDirectory()) removeTempFiles(path);
  }
}

/** A run file's name: the job key and `.bin` (keys are [A-Za-z0-9._-]). */
const RUN_FILE = /^[A-Za-z0-9._-]+\.bin$/;

/**
 * Remove cached runs that are not part of the experiment (so the output is a function of
 * the inputs): regular files named like run files only; a linked runs/ is left alone.
 */
export function pruneRuns(dir: string, keep: ReadonlySet<string>): void {
  const runs = runsDir(dir);
  if (!isRealFolder(runs)) return;
  for (const name of readdirSync(runs)) {
    if (!RUN_FILE.test(name) || keep.has(name.slice(0, -4))) continue;
    const path = join(runs, name);
    if (lstatSync(path).isFile()) rmSync(path, { force: true });
  }
}
