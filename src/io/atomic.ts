/**
 * Atomic writes: a file is written beside its target and renamed into place; a result
 * directory is built beside its target and swapped in, so a reader never sees a
 * half-written file or directory, and an interrupted run leaves earlier results intact.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;
/** What ends every temporary name the tool gives, so that a user's `.notes.tmp-1-1` is never taken for one. */
const TEMP_MARK = 'loyalty-sim';
/**
 * The temporary files writeFileAtomic leaves when it is killed, `.name.tmp-<pid>-<n>.loyalty-sim`:
 * cleanup removes exactly these, and only when they are regular files.
 */
export const TEMP_FILE = /^\..+\.tmp-\d+-\d+\.loyalty-sim$/;

/** A unique sibling name from the pid and a counter (deterministic, no time source). */
export const tempSibling = (target: string, tag: string): string =>
  join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${counter++}.${TEMP_MARK}`);

export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempSibling(target, 'tmp');
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Build a directory with `fill(tempDir)` and swap it in for `target`.
 * The old directory, if any, is moved aside first and removed only after the swap.
 */
export function replaceDirAtomic(target: string, fill: (tempDir: string) => void): void {
  mkdirSync(dirname(target), { recursive: true });
  const building = tempSibling(target, 'building');
  mkdirSync(building, { recursive: true });
  try {
    fill(building);
  } catch (e) {
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
  const old = existsSync(target) ? tempSibling(target, 'old') : null;
  if (old) renameSync(target, old);
  try {
    renameSync(building, target);
  } catch (e) {
    if (old) renameSync(old, target);
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}
