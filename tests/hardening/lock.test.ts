/**
 * A lock on a result folder while a command writes it. Reproduction: two replicates of
 * different sizes into one --out at once both failed with a message about --shard, or one
 * silently replaced the other. Now the second writer stops with exit 2 naming the first,
 * a lock left by a dead process is taken over, and a finished command leaves no lock.
 * Reproduction: a full disk while taking the lock left an empty lock file, and every later
 * command said "being written by another process"; now a lock appears whole or not at all,
 * and an empty one is taken over, saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, cliEnv, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { lockFile, lockResultDir } from '../../src/io/lock.js';
import { InputError } from '../../src/errors.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('lock');
});
afterAll(() => removeDir(tmp));

/** A pid that surely does not run: a child that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('lockResultDir', () => {
  it('a held lock refuses a second writer; release frees it', () => {
    const dir = join(tmp, 'unit', 'baseline', 'replicate');
    const release = lockResultDir(dir);
    expect(existsSync(lockFile(dir))).toBe(true);
    expect(() => lockResultDir(dir)).toThrow(InputError);
    expect(() => lockResultDir(dir)).toThrow(`option --out: ${dir} is being written by process ${process.pid} (lock ${lockFile(dir)})`);
    release();
    expect(existsSync(lockFile(dir))).toBe(false);
    lockResultDir(dir)();
  });

  it('a stale lock of a dead process is taken over', () => {
    const dir = join(tmp, 'stale', 'baseline', 'seed-1');
    mkdirSync(join(tmp, 'stale', 'baseline'), { recursive: true });
    writeFileSync(lockFile(dir), `${deadPid()}\n${hostname()}\n`);
    const release = lockResultDir(dir);
    release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('a lock of another host is not judged stale', () => {
    const dir = join(tmp, 'host', 'baseline', 'replicate');
    mkdirSync(join(tmp, 'host', 'baseline'), { recursive: true });
    writeFileSync(lockFile(dir), `${deadPid()}\nsome-other-host\n`);
    expect(() => lockResultDir(dir)).toThrow(/being written by process \d+ on some-other-host/);
  });

  it('a lock holds its owner from the moment it exists; an empty or garbled one is taken over', () => {
    const dir = join(tmp, 'whole', 'baseline', 'replicate');
    const release = lockResultDir(dir);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    release();
    mkdirSync(join(tmp, 'whole', 'baseline'), { recursive: true });
    for (const content of ['', 'not a pid\n', `${process.pid}`]) {
      writeFileSync(lockFile(dir), content);
      lockResultDir(dir)();
      expect(existsSync(lockFile(dir)), JSON.stringify(content)).toBe(false);
    }
  });

  it('a refused command leaves no folder made for its lock', () => {
    const dir = join(tmp, 'made', 'baseline', 'replicate');
    lockResultDir(dir)();
    expect(existsSync(join(tmp, 'made'))).toBe(false);
  });
});

describe('through the CLI', () => {
  const args = (out: string, seeds: string) => ['replicate', 'baseline', '--seeds', seeds, '--customers', '200', '--periods', '10', '--workers', '1', '--no-charts', '--quiet', '--out', out];

  it('a second writer of the same result exits 2 and changes nothing', async () => {
    const out = join(tmp, 'cli');
    const first = await cli(args(out, '2'));
    expect(first.code, first.stderr).toBe(0);
    const dir = join(out, 'baseline', 'replicate');
    const release = lockResultDir(dir); // this test process is the writer now
    try {
      const before = readdirSync(join(dir, 'runs')).sort();
      const second = await cli(args(out, '4'));
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(`option --out: ${dir} is being written by process ${process.pid} (lock ${lockFile(dir)}); wait for it to finish or choose another --out (delete the lock file only if no such process runs)\n`);
      expect(readdirSync(join(dir, 'runs')).sort()).toEqual(before);
    } finally {
      release();
    }
    const third = await cli(args(out, '4'));
    expect(third.code, third.stderr).toBe(0);
    expect(existsSync(lockFile(dir)), 'the lock outlived the command').toBe(false);
  });

  it('a disk that fills while the lock is taken leaves no lock; an empty lock of a crash is taken over, saying so', async () => {
    const out = join(tmp, 'full');
    // a file size limit of 0 fails the first write the way a full disk does
    const full = spawnSync('sh', ['-c', 'ulimit -f 0; exec "$0" "$@"', process.execPath, CLI, ...args(out, '2')], { encoding: 'utf8', env: cliEnv() });
    expect(full.status, full.stderr).toBe(1);
    expect(full.stderr).toBe('loyalty-sim: the file size limit (ulimit -f) was reached while writing the output; earlier results are intact\n');
    expect(existsSync(out), 'a folder or lock was left behind').toBe(false);
    // what a crash of an older version left: an empty lock
    mkdirSync(join(out, 'baseline'), { recursive: true });
    writeFileSync(join(out, 'baseline', '.replicate.lock'), '');
    const again = await cli(args(out, '2'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(`loyalty-sim: took over the stale lock ${join(out, 'baseline', '.replicate.lock')}: it names no process (empty or unreadable)\n`);
    expect(JSON.parse(readFileSync(join(out, 'baseline', 'replicate', 'manifest.json'), 'utf8')).complete).toBe(true);
    expect(existsSync(join(out, 'baseline', '.replicate.lock'))).toBe(false);
  });

  it('two replicates of different sizes at once: one finishes, the other exits 2 or waits its turn', async () => {
    const out = join(tmp, 'race');
    const [a, b] = await Promise.all([cli(args(out, '3')), cli(args(out, '5'))]);
    const codes = [a.code, b.code].sort();
    expect(codes[0], `${a.stderr}\n${b.stderr}`).toBe(0);
    expect([0, 2]).toContain(codes[1]);
    for (const r of [a, b]) if (r.code === 2) expect(r.stderr).toMatch(/is being written by process \d+/);
    expect(readdirSync(join(out, 'baseline')).filter((n) => n.endsWith('.lock'))).toEqual([]);
  });
});
