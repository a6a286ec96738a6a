/**
 * Nothing the tool did not write is deleted or changed, through the CLI's main().
 *
 * Reproductions: a symlinked runs/ (a cleanup through it would reach its target's files,
 * `.x.tmp-…` ones included), foreign files in result folders, a foreign index.html, a
 * symlink loop or dangling link (a rerun must not remove the complete result's manifest
 * first). Each ends in exit 2 naming the entry, before anything is touched. Then a fuzz
 * test: links, loops and foreign files placed at random in output folders, commands run,
 * and every foreign entry checked. The template results are written by the executable;
 * the commands under test run in process (the checks are on files, not on the process).
 */
import { createHash } from 'node:crypto';
import {
  cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir, treeState } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { pruneRuns, removeTempFiles } from '../../src/experiment/engine/store.js';
import { RUN_LAYOUT, experimentLayout, findForeign } from '../../src/io/ownership.js';

const SMALL = ['--customers', '200', '--periods', '10', '--workers', '1'];
let tmp: string;
/** A complete replicate and run result, copied for each case. */
let template: string;

beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('outputs');
  template = join(tmp, 'template');
  const rep = await cli(['replicate', 'baseline', '--seeds', '2', ...SMALL, '--out', template, '--quiet']);
  expect(rep.code, rep.stderr).toBe(0);
  const run = await cli(['run', 'baseline', '--customers', '200', '--periods', '10', '--out', template, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
}, 180_000);
afterAll(() => removeDir(tmp));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const state = treeState;

function fresh(name: string): string {
  const out = join(tmp, name);
  rmSync(out, { recursive: true, force: true });
  cpSync(template, out, { recursive: true });
  return out;
}

/** A victim folder outside the output, with files a cleanup must never touch. */
function victim(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'thesis.txt'), 'years of work\n');
  writeFileSync(join(dir, '.notes.tmp-1-2'), 'looks like a temp file\n');
  writeFileSync(join(dir, 'other-r0001.bin'), 'looks like a run\n');
  return dir;
}

const REPLICATE = (out: string) => ['replicate', 'baseline', '--seeds', '2', ...SMALL, '--out', out, '--quiet'];
const REPLICATE_MORE = (out: string) => ['replicate', 'baseline', '--seeds', '3', ...SMALL, '--out', out, '--quiet'];
const RUN = (out: string) => ['run', 'baseline', '--customers', '200', '--periods', '10', '--out', out, '--quiet'];

describe('reproductions', () => {
  it('a symlinked runs/ is refused and its target keeps every file', async () => {
    const out = fresh('symlink-runs');
    const target = victim('victim-runs');
    const before = state(target);
    const runs = join(out, 'baseline/replicate/runs');
    rmSync(runs, { recursive: true });
    symlinkSync(target, runs);
    const manifest = sha(join(out, 'baseline/replicate/manifest.json'));
    for (const args of [REPLICATE(out), REPLICATE_MORE(out)]) {
      const r = await cliInProcess(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(`option --out: ${runs} is a symbolic link that loyalty-sim did not write, inside its result folder ${join(out, 'baseline/replicate')}; results there are replaced and cleaned, so move it away or choose another --out\n`);
    }
    expect(state(target)).toEqual(before);
    // The complete result's manifest was not removed.
    expect(sha(join(out, 'baseline/replicate/manifest.json'))).toBe(manifest);
  });

  it('foreign files in a result folder are refused by name, and kept', async () => {
    for (const [where, args] of [
      ['baseline/seed-1/mydata.txt', RUN],
      ['baseline/replicate/mine.txt', REPLICATE],
      ['baseline/replicate/runs/mine.txt', REPLICATE],
      ['baseline/replicate/charts/mine.txt', REPLICATE],
      ['baseline/seed-1/charts/notes.md', RUN],
    ] as const) {
      const out = fresh('foreign');
      writeFileSync(join(out, where), 'mine\n');
      const before = state(out);
      const r = await cliInProcess(args(out));
      expect(r.code, `${where}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`option --out: ${join(out, where)} is a file that loyalty-sim did not write`);
      expect(state(out), where).toEqual(before);
    }
  });

  it('a foreign index.html is not overwritten; the output root may hold other things', async () => {
    const out = join(tmp, 'precious');
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, 'photos'), { recursive: true });
    writeFileSync(join(out, 'photos/cat.jpg'), 'jpeg\n');
    writeFileSync(join(out, 'index.html'), '<html>my homepage</html>\n');
    const r = await cliInProcess(RUN(out));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`option --out: ${join(out, 'index.html')} exists and was not written by loyalty-sim; it would be replaced by the results index (move it away, choose another --out, or use --no-charts)\n`);
    expect(existsSync(join(out, 'baseline'))).toBe(false);
    // Without charts the index is not written: the run goes ahead beside the user's things.
    const ok = await cliInProcess([...RUN(out), '--no-charts']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<html>my homepage</html>\n');
    expect(readFileSync(join(out, 'photos/cat.jpg'), 'utf8')).toBe('jpeg\n');
    // The tool's own index is replaced as before.
    rmSync(join(out, 'index.html'));
    expect((await cliInProcess(RUN(out))).code).toBe(0);
    expect((await cliInProcess(RUN(out))).code).toBe(0);
  });

  it('a symlink loop or a dangling link: exit 2 before the complete result is touched', async () => {
    for (const make of [
      (dir: string) => symlinkSync(join(dir, 'loop'), join(dir, 'loop')),
      (dir: string) => symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.csv')),
      (dir: string) => symlinkSync(join(dir, 'runs'), join(dir, 'runs', 'self')),
    ]) {
      const out = fresh('loop');
      const dir = join(out, 'baseline/replicate');
      make(dir);
      const before = state(out);
      const r = await cliInProcess(REPLICATE_MORE(out));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^option --out: .* is a symbolic link that loyalty-sim did not write/);
      expect(state(out)).toEqual(before);
      expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).complete).toBe(true);
    }
  });

  it('a result folder that is itself a link is refused', async () => {
    const out = fresh('linked-result');
    const target = victim('victim-result');
    const before = state(target);
    rmSync(join(out, 'baseline/seed-1'), { recursive: true });
    symlinkSync(target, join(out, 'baseline/seed-1'));
    const r = await cliInProcess(RUN(out));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link; loyalty-sim writes result folders only where it created them');
    expect(state(target)).toEqual(before);
  });

  it('interrupted-write leftovers and runs outside the plan are cleaned in the tool\'s own folders only', async () => {
    const out = fresh('cleanup');
    const dir = join(out, 'baseline/replicate');
    writeFileSync(join(dir, '.aggregate.csv.tmp-99999-1.loyalty-sim'), 'half a file');
    writeFileSync(join(dir, 'runs', 'baseline-r0099.bin'), 'a run of another plan');
    const r = await cliInProcess(REPLICATE(out));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, '.aggregate.csv.tmp-99999-1.loyalty-sim'))).toBe(false);
    expect(existsSync(join(dir, 'runs', 'baseline-r0099.bin'))).toBe(false);
    expect(existsSync(join(dir, '.loyalty-sim'))).toBe(true);
  });
});

describe('cleanup on its own never follows a link', () => {
  it('removeTempFiles and pruneRuns leave a linked folder\'s files alone', () => {
    const dir = join(tmp, 'unit-clean');
    mkdirSync(join(dir, 'runs'), { recursive: true });
    const target = victim('unit-victim');
    const before = state(target);
    symlinkSync(target, join(dir, 'linked'));
    symlinkSync(join(target, 'other-r0001.bin'), join(dir, 'runs', 'linked-r0002.bin'));
    writeFileSync(join(dir, 'runs', 'mine.txt'), 'not a run\n');
    writeFileSync(join(dir, 'runs', 'old-r0003.bin'), 'a run of another plan\n');
    writeFileSync(join(dir, '.x.tmp-1-2.loyalty-sim'), 'a leftover\n');
    writeFileSync(join(dir, '.notes.tmp-1-2'), 'a file of the user\'s, named like a temporary file\n');
    removeTempFiles(dir);
    pruneRuns(dir, new Set());
    expect(state(target)).toEqual(before);
    expect(existsSync(join(dir, '.x.tmp-1-2.loyalty-sim'))).toBe(false);
    expect(existsSync(join(dir, '.notes.tmp-1-2'))).toBe(true);
    expect(existsSync(join(dir, 'runs', 'old-r0003.bin'))).toBe(false);
    expect(existsSync(join(dir, 'runs', 'mine.txt'))).toBe(true);
    expect(lstatExists(join(dir, 'runs', 'linked-r0002.bin'))).toBe(true);
    // A linked runs/ is not pruned at all.
    const linkedRuns = join(tmp, 'unit-clean-2');
    mkdirSync(linkedRuns);
    symlinkSync(target, join(linkedRuns, 'runs'));
    pruneRuns(linkedRuns, new Set());
    removeTempFiles(linkedRuns);
    expect(state(target)).toEqual(before);
  });

  it('findForeign names the first entry that is not the tool\'s', () => {
    expect(findForeign(join(template, 'baseline/replicate'), experimentLayout([]))).toBeNull();
    expect(findForeign(join(template, 'baseline/seed-1'), RUN_LAYOUT)).toBeNull();
    // A run folder's names are not an experiment's, and the other way round.
    expect(findForeign(join(template, 'baseline/seed-1'), experimentLayout([]))).not.toBeNull();
    expect(findForeign(join(template, 'baseline/replicate'), RUN_LAYOUT)).not.toBeNull();
  });
});

/** A random change to an output tree: something the tool did not write. */
type Plant = { where: string; kind: 'file' | 'link-victim' | 'loop' | 'dangling' | 'index' };
const SPOTS = [
  '', 'baseline', 'baseline/replicate', 'baseline/replicate/runs', 'baseline/replicate/charts',
  'baseline/seed-1', 'baseline/seed-1/charts', 'other-folder',
];

describe('fuzz: links, loops and foreign files in output folders', () => {
  it('no command removes or changes an entry the tool did not write', async () => {
    const plant = fc.record({
      where: fc.constantFrom(...SPOTS),
      kind: fc.constantFrom<Plant['kind']>('file', 'link-victim', 'loop', 'dangling', 'index'),
      name: fc.constantFrom('mine.txt', 'runs', 'charts', 'x-r0000.bin', '.x.tmp-1-2', 'report.html', 'summary.json', 'seed-1', 'notes'),
    });
    const commands = fc.constantFrom('replicate', 'replicate-more', 'run', 'grid', 'merge');
    let case_ = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(plant, { minLength: 1, maxLength: 3 }), commands, async (plants, command) => {
        const out = fresh(`fuzz-${case_}`);
        const target = victim(`fuzz-victim-${case_++}`);
        const foreign: string[] = [];
        for (const p of plants) {
          const dir = join(out, p.where);
          mkdirSync(dir, { recursive: true });
          const path = join(dir, p.kind === 'index' ? 'index.html' : p.name);
          if (existsSync(path) || lstatExists(path)) continue; // a tool's own file of that name is already there
          if (p.kind === 'file' || p.kind === 'index') writeFileSync(path, `planted ${p.name}\n`);
          else if (p.kind === 'link-victim') symlinkSync(target, path);
          else if (p.kind === 'loop') symlinkSync(path, path);
          else symlinkSync(join(dir, 'no-such-target'), path);
          foreign.push(relative(out, path));
        }
        const victimBefore = state(target);
        const before = state(out);
        const args = command === 'replicate' ? REPLICATE(out)
          : command === 'replicate-more' ? REPLICATE_MORE(out)
          : command === 'run' ? RUN(out)
          : command === 'grid' ? ['grid', 'baseline', '--vary', 'clutter=0,0.5', '--seeds', '2', ...SMALL, '--out', out, '--quiet']
          : ['merge', join(out, 'baseline/replicate'), '--out', out, '--quiet'];
        const r = await cliInProcess(args);
        expect([0, 2], `${command} ${JSON.stringify(plants)}: ${r.stderr}`).toContain(r.code);
        if (r.code === 2) expect(r.stderr.trim().split('\n')).toHaveLength(1);
        const after = state(out);
        for (const f of foreign) expect(after[f], `${f} after ${command}`).toBe(before[f]);
        expect(state(target)).toEqual(victimBefore);
      }),
      { numRuns: Number(process.env.OUTPUT_FUZZ_RUNS ?? 10), seed: Number(process.env.FUZZ_SEED ?? 18), endOnFailure: true },
    );
  }, 600_000);
});

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
