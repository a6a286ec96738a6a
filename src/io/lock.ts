/**
 * A lock on a result folder while a command writes it, so that two commands writing the
 * same result at once do not undo each other's files: the second one stops with exit 2.
 *
 * The lock is a file beside the result folder, `.<result>.lock`, created with O_EXCL and
 * holding the writer's pid and host. A lock left by a process that no longer runs (on this
 * host) is taken over; of two takers at once one wins and the other reports it. The lock
 * is released when the command ends, however it ends (exit, Ctrl-C, an error); after
 * kill -9 it is stale and the next command takes it over.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../scenario/errors.js';

export const lockFile = (resultDir: string, tag = ''): string =>
  join(dirname(resultDir), `.${basename(resultDir)}${tag ? `.${tag}` : ''}.lock`);

const held = new Set<string>();
/** Folders made to hold a lock: removed at release when they are empty (a refused command leaves nothing). */
const createdFor = new Map<string, string>();
let exitHookInstalled = false;

function releaseAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' runs on process.exit (the interrupt handlers use it) and on a normal end.
  process.on('exit', () => {
    for (const file of held) removeIfMine(file);
  });
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function readOwner(file: string): LockOwner | null {
  try {
    const [pid, host] = readFileSync(file, 'utf8').split('\n');
    const n = Number(pid);
    return Number.isInteger(n) && n > 0 ? { pid: n, host: host ?? '' } : null;
  } catch {
    return null;
  }
}

function removeIfMine(file: string): void {
  const owner = readOwner(file);
  if (owner && owner.pid === process.pid && owner.host === hostname()) rmSync(file, { force: true });
  held.delete(file);
  const top = createdFor.get(file);
  createdFor.delete(file);
  if (top) removeEmptyUpTo(dirname(file), top);
}

/** rmdir `dir` and its parents up to `top` while they are empty (rmdir refuses a non-empty folder). */
function removeEmptyUpTo(dir: string, top: string): void {
  for (let d = dir; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top || dirname(d) === d) return;
  }
}

/** Is the owner known to be gone? Only a process on this host can be checked. */
function isStale(owner: LockOwner | null): boolean {
  if (owner === null) return false; // being written right now, or not ours to judge
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function tryCreate(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Take the lock of `resultDir` (creating its parent folder) or throw an InputError naming
 * the process that holds it. Returns a release function (also run at exit).
 * `tag` distinguishes locks that may be held at once (the shards of one experiment).
 */
export function lockResultDir(resultDir: string, tag = ''): () => void {
  const file = lockFile(resultDir, tag);
  // The first folder created for the lock, removed again with it when nothing else went in.
  const created = mkdirSync(dirname(file), { recursive: true });
  releaseAllOnExit();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file)) {
      held.add(file);
      if (created) createdFor.set(file, created);
      return () => removeIfMine(file);
    }
    const owner = readOwner(file);
    if (!isStale(owner)) {
      const who = owner ? `process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}` : 'another process';
      throw new InputError({
        source: 'option --out',
        path: '',
        message: `${resultDir} is being written by ${who} (lock ${file}); wait for it to finish or choose another --out (delete the lock file only if no such process runs)`,
      });
    }
    // Stale: move it aside under a name of our own, then retry. Should what was moved turn
    // out to be a fresh lock (another taker won in between), it is put back (link fails
    // when a lock is there again) and the retry reports its owner.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
      const moved = readOwner(aside);
      if (moved && owner && (moved.pid !== owner.pid || moved.host !== owner.host)) {
        try {
          linkSync(aside, file);
        } catch {
          // a newer lock is in place: the retry reports it
        }
      }
      rmSync(aside, { force: true });
    } catch {
      // someone else took it over first; retry
    }
  }
  throw new InputError({ source: 'option --out', path: '', message: `${resultDir}: could not take the lock ${file}; try again` });
}
