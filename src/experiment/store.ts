/**
 * The per-run cache that makes experiments resumable: each finished run is written
 * atomically to `<experiment dir>/runs/<key>.bin` as soon as it arrives. A rerun of the
 * same command reuses every file whose hash matches its job and computes only the rest.
 * The files are part of the output (shard outputs carry them to `merge`), so they hold
 * nothing that depends on the machine, the clock or the worker count.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic.js';
import { TOOL_VERSION } from '../version.js';
import type { Scenario } from '../scenario/schema.js';
import type { MetricSet } from './metric-set.js';
import { decodeRun, decodeRunHeader, type RunHeader, type RunRecord } from './run-record.js';

/** Bump when the record layout or the reduction changes: old caches are then recomputed. */
export const RECORD_VERSION = 1;

export const runsDir = (dir: string): string => join(dir, 'runs');
export const runFile = (dir: string, key: string): string => join(dir, 'runs', `${key}.bin`);

/** Everything that determines a run's record: tool version, resolved scenario, seed, metrics. */
export function jobHash(scenario: Scenario, seed: number, metrics: MetricSet): string {
  return createHash('sha256')
    .update(JSON.stringify({ record: RECORD_VERSION, tool: TOOL_VERSION, seed, metrics, scenario }))
    .digest('hex')
    .slice(0, 32);
}

/** The header of a cached run if its file exists, reads, and belongs to this job; else null. */
export function readCachedHeader(dir: string, key: string, hash: string): RunHeader | null {
  return readCached(runFile(dir, key), key, hash, decodeRunHeader);
}

/** A whole cached run from a run file anywhere (runMany's store), read once; null as for readCachedHeader. */
export function readCachedRun(file: string, key: string, hash: string): RunRecord | null {
  return readCached(file, key, hash, decodeRun);
}

function readCached<T extends RunHeader>(file: string, key: string, hash: string, decode: (bytes: Uint8Array) => T): T | null {
  if (!existsSync(file)) return null;
  try {
    const run = decode(readFileSync(file));
    return run.key === key && run.hash === hash ? run : null;
  } catch {
    return null; // damaged or foreign: recompute
  }
}

export function readRecord(dir: string, key: string): RunRecord {
  return decodeRun(readFileSync(runFile(dir, key)));
}

export function saveRun(dir: string, key: string, bytes: Uint8Array): void {
  writeFileAtomic(runFile(dir, key), bytes);
}

/** Leftovers of writes interrupted by a kill: `.name.tmp-<pid>-<n>` and the like (io/atomic.ts). */
const TEMP_NAME = /^\..+\.(tmp|building|old)-\d+-\d+$/;

export function removeTempFiles(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (TEMP_NAME.test(name)) rmSync(path, { recursive: true, force: true });
    else if (statSync(path).isDirectory()) removeTempFiles(path);
  }
}

/** Remove cached runs that are not part of the experiment (so the output is a function of the inputs). */
export function pruneRuns(dir: string, keep: ReadonlySet<string>): void {
  const runs = runsDir(dir);
  if (!existsSync(runs)) return;
  for (const name of readdirSync(runs)) {
    if (!name.endsWith('.bin') || !keep.has(name.slice(0, -4))) rmSync(join(runs, name), { recursive: true, force: true });
  }
}
