/**
 * Interruption and awkward output locations, through the real CLI.
 *
 * - `run` and `replicate` killed with SIGKILL at several moments never leave a result
 *   directory that looks complete but is not: every non-hidden `<out>/<scenario>/seed-<n>/`
 *   or `<out>/<scenario>/replicate/` either has a manifest.json with `"complete": true`
 *   whose listed outputs all exist with the listed hashes, or (replicate only, which
 *   resumes) no manifest at all. An earlier complete result is never damaged.
 * - `--out` outside the working tree, with spaces and non-ASCII characters, works.
 * - An output directory that cannot be written is refused with one clear line and exit 2,
 *   and earlier results stay intact.
 */
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, listTree, removeDir, ROOT, spawnCli, STACK_LINE, tempDir } from '../helpers/cli.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('interrupt');
  chmodSync(tmp, 0o755);
});
afterAll(() => removeDir(tmp));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Result directories under `out` that a reader would take for results (not hidden). */
function resultDirs(out: string): string[] {
  const dirs: string[] = [];
  if (!existsSync(out)) return dirs;
  for (const scenario of readdirSync(out)) {
    const sdir = join(out, scenario);
    if (scenario.startsWith('.') || !statSync(sdir).isDirectory()) continue;
    for (const name of readdirSync(sdir)) {
      if (!name.startsWith('.') && (/^seed-\d+$/.test(name) || name === 'replicate')) dirs.push(join(sdir, name));
    }
  }
  return dirs.sort();
}

type DirState = 'complete' | 'resumable';

/**
 * A result directory is either complete (manifest with complete: true, every file listed
 * with its hash and nothing else but the manifest) or, for resumable experiments, has no
 * manifest yet. Anything else fails the test.
 */
function checkResultDir(dir: string): DirState {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    expect(dir.endsWith('replicate'), `${dir} has no manifest.json`).toBe(true);
    return 'resumable';
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { complete?: boolean; outputs?: Record<string, string> };
  expect(manifest.complete, `${dir}/manifest.json is not complete`).toBe(true);
  const outputs = manifest.outputs ?? {};
  for (const [file, hash] of Object.entries(outputs)) {
    expect(existsSync(join(dir, file)), `${dir}: ${file} listed in the manifest is missing`).toBe(true);
    expect(sha256(join(dir, file)), `${dir}: ${file} differs from its manifest hash`).toBe(hash);
  }
  // Caches of resumable experiments (runs/) may grow beside a finished result.
  const unlisted = listTree(dir).filter((f) => f !== 'manifest.json' && !(f in outputs) && !f.startsWith('runs/') && !f.includes('/.') && !f.startsWith('.'));
  expect(unlisted, `${dir}: files not in the manifest`).toEqual([]);
  return 'complete';
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listTree(dir).map((f) => [f, sha256(join(dir, f))]));
}

/** Start the CLI, SIGKILL it after `ms` (unless it ended), return whether it was killed. */
function killAfter(args: string[], ms: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

/**
 * When to kill, as fractions of an uninterrupted run: start-up, simulation, writing, the
 * final renames. The runs are only as large as it takes for every phase to last long enough
 * to be hit: the kills are timed from the uninterrupted run's own duration.
 */
const FRACTIONS = [0.03, 0.15, 0.35, 0.6, 0.97];

describe('run killed with SIGKILL', () => {
  it('never leaves a result directory that looks complete but is not, and keeps the earlier result', async () => {
    const out = join(tmp, 'run-kill');
    // An earlier, small, complete result for the same scenario and seed.
    const earlier = await cli(['run', 'baseline', '--customers', '500', '--periods', '20', '--out', out, '--no-charts', '--quiet']);
    expect(earlier.code, earlier.stderr).toBe(0);
    const seedDir = join(out, 'baseline', 'seed-1');
    expect(checkResultDir(seedDir)).toBe('complete');
    const before = snapshot(seedDir);

    const args = ['run', 'baseline', '--customers', '1500', '--periods', '120', '--out', out, '--quiet'];
    const started = performance.now();
    const full = await cli(args, { cwd: ROOT, timeoutMs: 120_000 });
    expect(full.code, full.stderr).toBe(0);
    const duration = performance.now() - started;
    // Back to the earlier result, then interrupt the bigger run at several moments.
    const again = await cli(['run', 'baseline', '--customers', '500', '--periods', '20', '--out', out, '--no-charts', '--quiet']);
    expect(again.code).toBe(0);

    let killed = 0;
    for (const f of FRACTIONS) {
      const r = await killAfter(args, Math.round(duration * f));
      if (r.killed) killed++;
      for (const dir of resultDirs(out)) expect(checkResultDir(dir)).toBe('complete');
      if (existsSync(seedDir)) {
        // Either the earlier result, untouched, or the new one, complete.
        const summary = JSON.parse(readFileSync(join(seedDir, 'summary.json'), 'utf8')) as { customers: number };
        if (summary.customers === 500) expect(snapshot(seedDir)).toEqual(before);
        else expect(summary.customers).toBe(1500);
      } else {
        // Killed between moving the old directory aside and moving the new one in: the
        // earlier result must still be there, complete, in the hidden sibling.
        const aside = readdirSync(join(out, 'baseline')).filter((n) => n.startsWith('.seed-1.old-'));
        expect(aside.length, 'seed-1 vanished without a copy aside').toBeGreaterThan(0);
        expect(checkResultDir(join(out, 'baseline', aside[0]).replace(/$/, ''))).toBe('complete');
      }
    }
    expect(killed, 'no kill landed while the run was working').toBeGreaterThanOrEqual(3);

    // A fresh run afterwards completes normally despite the leftovers.
    const after = await cli(args, { cwd: ROOT, timeoutMs: 120_000 });
    expect(after.code, after.stderr).toBe(0);
    expect(checkResultDir(seedDir)).toBe('complete');
  }, 300_000);
});

describe('replicate killed with SIGKILL', () => {
  // Replicate resumes: an interrupted directory holds finished runs and no manifest. It
  // must not keep the manifest of an earlier, different experiment while its other files
  // change (executePlan should remove manifest.json before it writes the new plan).
  it('never leaves a replicate directory that looks complete but is not', async () => {
    const help = await cli(['replicate', '--help']);
    expect(help.code, help.stderr).toBe(0);
    const out = join(tmp, 'replicate-kill');
    const small = ['replicate', 'baseline', '--seeds', '2', '--customers', '400', '--periods', '20', '--out', out, '--no-charts', '--quiet', '--workers', '1'];
    const earlier = await cli(small, { timeoutMs: 120_000 });
    expect(earlier.code, earlier.stderr).toBe(0);
    const repDir = join(out, 'baseline', 'replicate');
    expect(checkResultDir(repDir)).toBe('complete');

    const args = ['replicate', 'baseline', '--seeds', '6', '--customers', '1000', '--periods', '60', '--out', out, '--quiet', '--workers', '2'];
    const started = performance.now();
    const full = await cli(args, { timeoutMs: 180_000 });
    expect(full.code, full.stderr).toBe(0);
    const duration = performance.now() - started;

    let killed = 0;
    for (const f of FRACTIONS) {
      // Start each time from the earlier, different, complete result.
      const reset = await cli(small, { timeoutMs: 120_000 });
      expect(reset.code, reset.stderr).toBe(0);
      const r = await killAfter(args, Math.round(duration * f));
      if (r.killed) killed++;
      for (const dir of resultDirs(out)) checkResultDir(dir);
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    // Resuming the interrupted command finishes it.
    const resumed = await cli(args, { timeoutMs: 180_000 });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(checkResultDir(repDir)).toBe('complete');
  }, 600_000);
});

describe('output locations', () => {
  it('--out outside the working tree, with spaces and non-ASCII characters in every path', async () => {
    const base = join(tmp, 'dir with spaces', 'ünïcødé 結果');
    mkdirSync(join(base, 'scenarios ä'), { recursive: true });
    const file = join(base, 'scenarios ä', 'my scenario ü.yaml');
    writeFileSync(file, 'extends: baseline\nname: café ünïcode\ncustomers: 500\nperiods: 20\n');
    const out = join(base, 'out put ø');
    const r = await cli(['run', file, '--out', out, '--no-charts', '--quiet'], { cwd: base });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(checkResultDir(join(out, 'café ünïcode', 'seed-1'))).toBe('complete');
    // And a relative --out from a working directory elsewhere.
    const r2 = await cli(['run', join('scenarios ä', 'my scenario ü.yaml'), '--out', 'relative out', '--no-charts', '--quiet'], { cwd: base });
    expect(r2.code, r2.stderr).toBe(0);
    expect(checkResultDir(join(base, 'relative out', 'café ünïcode', 'seed-1'))).toBe('complete');
  }, 120_000);

  it('--out that is a file: exit 2 before any work', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['run', 'baseline', '--customers', '500', '--periods', '20', '--out', file, '--no-charts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`option --out: expected a directory, but ${file} is a file (choose another --out)\n`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  }, 60_000);

  // Root may write anywhere: run the CLI as an unprivileged user then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const readOnly = (dir: string) => {
    if (process.getuid?.() !== 0) chmodSync(dir, 0o555);
  };

  it('a read-only --out: exit 2 with one clear line, earlier results intact', async () => {
    const out = join(tmp, 'read-only');
    const first = await cli(['run', 'baseline', '--customers', '500', '--periods', '20', '--out', out, '--no-charts', '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    for (const d of [out, join(out, 'baseline')]) chmodSync(d, 0o755);
    const before = snapshot(out);
    readOnly(out);
    readOnly(join(out, 'baseline'));
    const r = await cli(['run', 'baseline', '--customers', '600', '--periods', '20', '--out', out, '--no-charts'], { ...asUser, cwd: tmp });
    expect(r.stderr).toBe(`option --out: expected a writable directory, but ${out} is not writable (permission denied)\n`);
    expect(r.code).toBe(2);
    expect(snapshot(out)).toEqual(before);
  }, 60_000);

  it('a writable --out whose scenario folder is read-only: exit 2 with one clear line, earlier results intact', async () => {
    const out = join(tmp, 'read-only-inside');
    const first = await cli(['run', 'baseline', '--customers', '500', '--periods', '20', '--out', out, '--no-charts', '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    chmodSync(out, 0o777);
    chmodSync(join(out, 'baseline'), 0o755);
    const before = snapshot(join(out, 'baseline'));
    readOnly(join(out, 'baseline'));
    const r = await cli(['run', 'baseline', '--customers', '600', '--periods', '20', '--out', out, '--no-charts', '--quiet'], { ...asUser, cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^option --out: (cannot write .*: permission denied \(choose a writable --out directory\)|expected a writable directory, but .* is not writable \(permission denied\))\n$/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(snapshot(join(out, 'baseline'))).toEqual(before);
  }, 60_000);

  it('copies of the shipped scenarios run from any directory', async () => {
    const dir = join(tmp, 'copied');
    cpSync(join(ROOT, 'scenarios'), dir, { recursive: true });
    const r = await cli(['validate', join(dir, 'baseline.yaml')], { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});
