/**
 * Every command that writes is a writer: `report` and `explore` claim what they write like
 * the other commands (the lock, only the tool's files, index.html only when the tool wrote
 * it), and a user's entry named like a temporary file is not taken for one.
 *
 * Reproductions: `report` deleted a user's charts/mine.txt (it rebuilt the run folder with
 * no ownership check), overwrote a user's <out>/index.html, and ran while a run wrote the
 * same folder (the run was silently lost); `explore` overwrote a user's explore.html and
 * wrote a page for 10⁸ customers without a memory check; a user folder `.notes.tmp-1-1/`
 * in a result folder was deleted as a leftover. Each now ends in exit 0 or 2 with nothing
 * foreign touched.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir, treeState } from '../helpers/cli.js';
import { lockFile, lockResultDir } from '../../src/io/lock.js';
import { INDEX_PAGE, indexRootOfRun } from '../../src/io/ownership.js';
import { writeFrontPage } from '../../src/cli/front-page.js';
import { cliInProcess } from '../helpers/in-process.js';

let tmp: string;
/** `run baseline --seed 3`: a run folder, and the tool's own index beside it. */
let template: string;

beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('writers');
  template = join(tmp, 'template');
  const run = await cli(['run', 'baseline', '--seed', '3', '--customers', '200', '--periods', '12', '--out', template, '--no-charts', '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  writeFrontPage(template);
}, 120_000);
afterAll(() => removeDir(tmp));

function fresh(name: string): { out: string; dir: string } {
  const out = join(tmp, name);
  rmSync(out, { recursive: true, force: true });
  cpSync(template, out, { recursive: true });
  const dir = join(out, 'baseline', 'seed-3');
  mkdirSync(join(dir, 'charts')); // as a run with charts leaves it
  return { out, dir };
}

/** A folder outside the output that a link points to. */
function victim(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'thesis.txt'), 'years of work\n');
  return dir;
}

describe('report <dir> claims the run folder', () => {
  it('a file of the user\'s in charts/ is refused by name and kept (it was deleted)', async () => {
    const { out, dir } = fresh('foreign-chart');
    writeFileSync(join(dir, 'charts', 'mine.txt'), 'mine\n');
    const before = treeState(out);
    const r = await cli(['report', dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`${dir}: ${join(dir, 'charts', 'mine.txt')} is a file that loyalty-sim did not write; report rebuilds the run folder without it, so move it away first\n`);
    expect(treeState(out)).toEqual(before);
  });

  it('a link inside the run folder, or a run folder that is a link, is refused and its target untouched', async () => {
    const target = victim('victim');
    const { out, dir } = fresh('links');
    symlinkSync(target, join(dir, 'charts', 'share.svg.d'));
    const inside = await cliInProcess(['report', dir], { cwd: tmp });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain(`${join(dir, 'charts', 'share.svg.d')} is a symbolic link that loyalty-sim did not write`);
    const linked = join(out, 'baseline', 'seed-9');
    symlinkSync(dir, linked);
    const before = treeState(out);
    const whole = await cliInProcess(['report', linked], { cwd: tmp });
    expect(whole.code).toBe(2);
    expect(whole.stderr).toBe(`${linked}: is a symbolic link; report redraws only run folders where loyalty-sim wrote them, so name the folder itself\n`);
    expect(treeState(out)).toEqual(before);
    expect(readFileSync(join(target, 'thesis.txt'), 'utf8')).toBe('years of work\n');
  });

  it('a folder that is not <out>/<scenario>/seed-<n> is not rewritten', async () => {
    const { out, dir } = fresh('not-a-run');
    const other = join(out, 'baseline', 'my-copy');
    cpSync(dir, other, { recursive: true });
    const before = treeState(out);
    const r = await cliInProcess(['report', other], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${other}: expected a run directory named seed-<n> (<out>/<scenario>/seed-<n>), got a folder named "my-copy"\n`);
    expect(treeState(out)).toEqual(before);
  });

  it('while another process writes the run folder, report exits 2 and changes nothing (the run was lost)', async () => {
    const { out, dir } = fresh('locked');
    const release = lockResultDir(dir); // this test process is the run writing it
    try {
      const before = treeState(out);
      const r = await cli(['report', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`option --out: ${dir} is being written by process ${process.pid} (lock ${lockFile(dir)}); wait for it to finish or choose another --out (delete the lock file only if no such process runs)\n`);
      expect(treeState(out)).toEqual(before);
    } finally {
      release();
    }
  });

  it('a user\'s own <out>/index.html is left alone, and said so; the tool\'s own is rewritten', async () => {
    const { out, dir } = fresh('user-index');
    writeFileSync(join(out, 'index.html'), '<html>my homepage</html>\n');
    const r = await cli(['report', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`redrew ${dir}\nleft the results index alone: ${join(out, 'index.html')} was not written by loyalty-sim\n`);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<html>my homepage</html>\n');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).complete).toBe(true);

    const own = fresh('own-index');
    const inode = statSync(join(own.out, 'index.html')).ino;
    const again = await cliInProcess(['report', own.dir, '--quiet'], { cwd: tmp });
    expect(again.code, again.stderr).toBe(0);
    expect(statSync(join(own.out, 'index.html')).ino, 'the index was not rewritten').not.toBe(inode);
  }, 120_000);

  it('the index is the tool\'s to rewrite only two levels up from a run in a folder named after its scenario', () => {
    const { out, dir } = fresh('index-root');
    expect(indexRootOfRun(dir, 'baseline')).toEqual({ root: out });
    // a run folder copied somewhere else: the index two levels up is not its --out's
    const elsewhere = join(tmp, 'elsewhere', 'notes', 'seed-3');
    cpSync(dir, elsewhere, { recursive: true });
    cpSync(join(out, 'index.html'), join(tmp, 'elsewhere', 'index.html'));
    expect(indexRootOfRun(elsewhere, 'baseline')).toEqual({ why: `${elsewhere} is not in a folder named after its scenario "baseline", so ${join(tmp, 'elsewhere', 'index.html')} may not be the results index of its --out` });
    rmSync(join(out, 'index.html'));
    expect(indexRootOfRun(dir, 'baseline')).toEqual({ why: `${out} holds no results index of loyalty-sim` });
  });
});

describe('explore writes only its own page', () => {
  const EXPLORE = (out: string, customers = '200', ...more: string[]) => ['explore', 'baseline', '--customers', customers, '--out', out, '--quiet', ...more];

  it('a user\'s explore.html, a link or a folder of that name is refused and kept (it was overwritten)', async () => {
    const target = victim('explore-victim');
    for (const [name, plant] of [
      ['file', (page: string) => writeFileSync(page, '<html>my notes</html>\n')],
      ['link', (page: string) => symlinkSync(join(target, 'thesis.txt'), page)],
      ['folder', (page: string) => mkdirSync(page)],
    ] as const) {
      const out = join(tmp, `explore-${name}`);
      mkdirSync(join(out, 'baseline'), { recursive: true });
      const page = join(out, 'baseline', 'explore.html');
      plant(page);
      const before = treeState(out);
      const r = name === 'file' ? await cli(EXPLORE(out)) : await cliInProcess(EXPLORE(out), { cwd: tmp });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toBe(`option --out: ${page} exists and was not written by loyalty-sim; it would be replaced by the explorer page (move it away, choose another --out)\n`);
      expect(treeState(out), name).toEqual(before);
    }
    expect(readFileSync(join(target, 'thesis.txt'), 'utf8')).toBe('years of work\n');
  });

  it('10⁸ customers over the memory budget: exit 2 before anything is written', async () => {
    const out = join(tmp, 'explore-memory');
    const r = await cli(EXPLORE(out, '100000000', '--max-memory', '2000'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^scenario baseline: customers: the run needs about \d+ GB of memory \(100000000 customers × 4 firms, 260 periods\), more than the limit of 2\.0 GB; use --customers \d+ or fewer/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('names like temporary files', () => {
  it('a user folder .notes.tmp-1-1/ or file .draft.tmp-2-2 in a result folder is refused, not deleted as a leftover', async () => {
    const RUN = (out: string) => ['run', 'baseline', '--seed', '3', '--customers', '200', '--periods', '12', '--out', out, '--no-charts', '--quiet'];
    for (const [name, plant, what] of [
      ['.notes.tmp-1-1', (path: string) => { mkdirSync(path); writeFileSync(join(path, 'plan.txt'), 'mine\n'); }, 'a folder'],
      ['.draft.tmp-2-2', (path: string) => writeFileSync(path, 'mine too\n'), 'a file'],
    ] as const) {
      const { out, dir } = fresh('temp-named');
      plant(join(dir, name));
      const before = treeState(out);
      const r = await cliInProcess(RUN(out), { cwd: tmp });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toBe(`option --out: ${join(dir, name)} is ${what} that loyalty-sim did not write, inside its result folder ${dir}; results there are replaced and cleaned, so move it away or choose another --out\n`);
      expect(treeState(out), name).toEqual(before);
    }
  });

  it('the results index page carries the mark the tool recognises it by', () => {
    expect(readFileSync(join(template, 'index.html'), 'utf8').slice(0, 4096)).toContain(INDEX_PAGE.mark);
  });
});
