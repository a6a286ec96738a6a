/**
 * A lock on a result folder while a command writes it, so that two commands writing the
 * same result at once do not undo each other's files: the second one stops with exit 2.
 *
 * The lock is a file beside the result folder, `.<result>.lock`, holding the writer's pid
 * and host. It appears whole: its content is written beside it first and hard-linked into
 * place (link fails when a lock is there), so no crash or full disk leaves an empty lock.
 * A lock whose owner is known to be gone (a process that no longer runs on this host), or
 * that names no owner at all (empty or unreadable, left by an older version), is taken
 * over with a note; of two takers at once one wins and the other reports it. The lock is
 * released when the command ends, however it ends (exit, Ctrl-C, an error); after kill -9
 * it is stale and the next command takes it over.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { InputError, printable } from '../errors.js';
import { tempSibling } from './atomic.js';

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

/** What a lock file says: its owner, `gone` (no lock file), or `unknown` (empty, garbled or unreadable). */
type LockState = LockOwner | 'gone' | 'unknown';

function readLock(file: string): { state: LockState; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { state: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unknown', text: '' };
  }
  const [pid, host] = text.split('\n');
  const n = Number(pid);
  return { state: /^\d+$/.test(pid) && n > 0 && host !== undefined ? { pid: n, host } : 'unknown', text };
}

const readOwner = (file: string): LockOwner | null => {
  const { state } = readLock(file);
  return typeof state === 'object' ? state : null;
};

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

/**
 * Why the lock may be taken over, or null while its owner may still be writing. Only a
 * process on this host can be checked; a lock naming no owner cannot be one this version
 * is writing (its locks appear whole), so it is stale too.
 */
function staleReason(state: LockState): string | null {
  if (state === 'gone') return null; // released in between: the retry takes it
  if (state === 'unknown') return 'it names no process (empty or unreadable)';
  if (state.host !== hostname() || state.pid === process.pid) return null;
  try {
    process.kill(state.pid, 0);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH' ? `process ${state.pid} no longer runs` : null;
  }
}

/** Create the lock with its content in one step: written beside it, then linked into place. */
function tryCreate(file: string): boolean {
  const tmp = tempSibling(file, 'tmp');
  try {
    writeFileSync(tmp, `${process.pid}\n${hostname()}\n`, { flag: 'wx' });
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
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
    let taken: boolean;
    try {
      taken = tryCreate(file);
    } catch (e) {
      if (created) removeEmptyUpTo(dirname(file), created); // a full disk leaves nothing behind
      throw e;
    }
    if (taken) {
      held.add(file);
      if (created) createdFor.set(file, created);
      return () => removeIfMine(file);
    }
    const { state, text } = readLock(file);
    if (state === 'gone') continue;
    const stale = staleReason(state);
    if (stale === null) {
      const owner = state as LockOwner; // a lock naming no owner is always stale
      const who = `process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}`;
      throw new InputError({
        source: 'option --out',
        path: '',
        message: `${resultDir} is being written by ${who} (lock ${file}); wait for it to finish or choose another --out (delete the lock file only if no such process runs)`,
      });
    }
    // Stale: move it aside under a name of our own, then retry. Should what was moved turn
    // out to be another lock (another taker won in between), it is put back (link fails
    // when a lock is there again) and the retry reports its owner.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
      if (readLock(aside).text !== text) {
        try {
          linkSync(aside, file);
        } catch {
          // a newer lock is in place: the retry reports it
        }
      } else {
        process.stderr.write(`${printable(`loyalty-sim: took over the stale lock ${file}: ${stale}`)}\n`);
      }
      rmSync(aside, { force: true });
    } catch {
      // someone else took it over first; retry
    }
  }
  throw new InputError({ source: 'option --out', path: '', message: `${resultDir}: could not take the lock ${file}; try again` });
}
