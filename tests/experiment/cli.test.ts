/**
 * The experiment commands end to end, through the built CLI: determinism across worker
 * counts and shard splits, merge, resumption after SIGKILL, compare and grid outputs,
 * adaptive replication, and refusals of bad input.
 */
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/io/csv.js';
import { cli, cliOk, ensureBuilt, readJson, removeDir, spawnCli, tempDir, treeHashes } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

const SMALL = ['--customers', '600', '--periods', '26', '--no-charts', '--quiet'];

let root: string;
beforeAll(async () => {
  await ensureBuilt();
  root = tempDir('experiment');
});
afterAll(() => removeDir(root));
/**
 * The output files are the point here, so most commands run main() in process; the
 * executable runs the worker-count comparison, the processes that are killed, and the
 * first refusal.
 */
const ok = (args: readonly string[]): Promise<string> => cliOk(args, {}, cliInProcess);

/** A folder of its own for each test, below the file's temporary directory. */
const scratch = (tag: string): string => mkdirSync(join(root, tag), { recursive: true })!;

suite('replicate: the same bytes whatever the worker count or shard split', () => {
  it('--workers 1 and --workers 2 write identical trees', async () => {
    const o = scratch('workers');
    await cliOk(['replicate', 'baseline', '--seeds', '6', '--workers', '1', '--out', join(o, 'w1'), ...SMALL]);
    await cliOk(['replicate', 'baseline', '--seeds', '6', '--workers', '2', '--out', join(o, 'w2'), ...SMALL]);
    const w1 = treeHashes(join(o, 'w1'));
    expect(Object.keys(w1)).toEqual(expect.arrayContaining(['baseline/replicate/aggregate.csv', 'baseline/replicate/runs.csv', 'baseline/replicate/summary.json', 'baseline/replicate/runs/baseline-r0005.bin']));
    expect(treeHashes(join(o, 'w2'))).toEqual(w1);
  });

  it('3 shards merged equal the unsharded output byte for byte (separate outputs, and one shared output)', async () => {
    const o = scratch('shards');
    const args = ['replicate', 'baseline', '--seeds', '7', ...SMALL];
    await ok([...args, '--workers', '1', '--out', join(o, 'full')]);
    for (let i = 0; i < 3; i++) await ok([...args, '--shard', `${i}/3`, '--out', join(o, `s${i}`)]);
    // a shard alone is not a result: it holds its runs and the plan
    expect(existsSync(join(o, 's0/baseline/replicate/aggregate.csv'))).toBe(false);
    expect(readdirSync(join(o, 's0/baseline/replicate/runs'))).toHaveLength(3);
    await ok(['merge', join(o, 's0'), join(o, 's1'), join(o, 's2'), '--out', join(o, 'merged'), '--no-charts', '--quiet']);
    expect(treeHashes(join(o, 'merged'))).toEqual(treeHashes(join(o, 'full')));
    // cluster style: every shard writes to one shared directory, merged in place
    for (let i = 0; i < 3; i++) await ok([...args, '--shard', `${i}/3`, '--out', join(o, 'shared')]);
    await ok(['merge', join(o, 'shared'), '--out', join(o, 'shared'), '--no-charts', '--quiet']);
    const shared = treeHashes(join(o, 'shared'));
    for (const k of Object.keys(shared)) if (/manifest-shard/.test(k)) delete shared[k];
    expect(shared).toEqual(treeHashes(join(o, 'full')));
  });

  it('merge refuses incomplete or mismatched shards (exit 2, clear message)', async () => {
    const o = scratch('merge-bad');
    await ok(['replicate', 'baseline', '--seeds', '4', '--shard', '0/2', '--out', join(o, 's0'), ...SMALL]);
    let r = await cliInProcess(['merge', join(o, 's0'), '--out', join(o, 'm'), '--no-charts', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 of 4 runs missing/);
    await ok(['replicate', 'baseline', '--seeds', '5', '--shard', '1/2', '--out', join(o, 's1'), ...SMALL]);
    r = await cliInProcess(['merge', join(o, 's0'), join(o, 's1'), '--out', join(o, 'm2'), '--no-charts', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different experiment/);
  });
});

suite('resume', () => {
  it('a replicate killed with SIGKILL and re-run ends with identical output, computing no run twice', async () => {
    const o = scratch('resume');
    const args = ['replicate', 'baseline', '--seeds', '10', '--workers', '1', '--customers', '3000', '--periods', '52', '--no-charts', '--quiet'];
    const runs = join(o, 'killed/baseline/replicate/runs');
    const child = spawnCli([...args, '--out', join(o, 'killed')]);
    const finished = () => (existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.bin')).length : 0);
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (finished() >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', (code) => { clearInterval(poll); if (finished() < 3) reject(new Error(`exited (${code}) before it could be killed`)); });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const before = finished();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(10);
    const out = JSON.parse(await ok([...args, '--out', join(o, 'killed'), '--json']));
    expect(out.reused).toBe(before);
    expect(out.computed).toBe(10 - before);
    await ok([...args, '--out', join(o, 'fresh')]);
    expect(treeHashes(join(o, 'killed'))).toEqual(treeHashes(join(o, 'fresh')));
    // a third run computes nothing
    const again = JSON.parse(await ok([...args, '--out', join(o, 'killed'), '--json']));
    expect(again).toMatchObject({ computed: 0, reused: 10 });
  });

  it('Ctrl-C (SIGINT) stops with exit 130 and a hint; the rerun resumes', async () => {
    const o = scratch('sigint');
    const args = ['replicate', 'baseline', '--seeds', '8', '--workers', '2', '--customers', '3000', '--periods', '52', '--no-charts', '--out', o];
    const runs = join(o, 'baseline/replicate/runs');
    const child = spawnCli(args);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const finished = () => (existsSync(runs) ? readdirSync(runs).filter((n) => n.endsWith('.bin')).length : 0);
    const code = await new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        if (finished() >= 2) { clearInterval(poll); child.kill('SIGINT'); }
      }, 20);
      child.on('exit', (c) => { clearInterval(poll); resolve(c); });
    });
    const before = finished();
    if (before < 8) {
      expect(code).toBe(130);
      expect(stderr).toMatch(/run the same command again to resume/);
    }
    const out = JSON.parse(await ok([...args, '--quiet', '--json']));
    expect(out).toMatchObject({ reused: before, computed: 8 - before });
  });

  it('changed inputs are recomputed, and runs no longer in the plan are removed', async () => {
    const o = scratch('stale');
    await ok(['replicate', 'baseline', '--seeds', '4', ...SMALL, '--out', o]);
    const r = JSON.parse(await ok(['replicate', 'baseline', '--seeds', '3', '--customers', '700', '--periods', '26', '--no-charts', '--quiet', '--out', o, '--json']));
    expect(r).toMatchObject({ computed: 3, reused: 0 });
    expect(readdirSync(join(o, 'baseline/replicate/runs')).sort()).toEqual(['baseline-r0000.bin', 'baseline-r0001.bin', 'baseline-r0002.bin']);
  });
});

suite('compare and grid', () => {
  it('compare: aggregates for both scenarios, paired differences, summary with intervals', async () => {
    const o = scratch('compare');
    await ok(['compare', 'baseline', 'first-mover', '--seeds', '6', '--customers', '1500', '--periods', '78', '--no-charts', '--quiet', '--out', o]);
    const dir = join(o, 'baseline-vs-first-mover/compare');
    const diff = parseCsv(readFileSync(join(dir, 'differences.csv'), 'utf8'));
    expect(diff.header).toEqual(['scenario', 'reference', 'period', 'firm', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'n', 'pBetter', 'pHigher']);
    const agg = parseCsv(readFileSync(join(dir, 'aggregate.csv'), 'utf8'));
    expect(agg.header.slice(0, 9)).toEqual(['scenario', 'period', 'firm', 'metric', 'mean', 'sd', 'ciLow', 'ciHigh', 'n']);
    expect(new Set(agg.rows.map((r) => r[0]))).toEqual(new Set(['baseline', 'first-mover']));
    // before the launch (period 52) the two scenarios are the same market on the same seeds
    const early = diff.rows.filter((r) => r[2] === '10' && r[3] === 'Boreal' && r[4] === 'share');
    expect(early).toHaveLength(1);
    expect(Number(early[0][5])).toBe(0);
    const summary = readJson(join(dir, 'summary.json'));
    expect(summary.reference).toBe('baseline');
    const boreal = summary.differences[0].firms.find((f: any) => f.name === 'Boreal');
    expect(boreal.share).toMatchObject({ n: 6 });
    expect(boreal.share.ci95[0]).toBeGreaterThan(0); // the launcher gains share, beyond noise
    expect(boreal.share.pBetter).toBe(1);
  });

  it('grid --vary: one aggregate block per point with the coordinates as columns; tidy runs', async () => {
    const o = scratch('grid');
    await ok(['grid', 'baseline', '--vary', 'clutter=0,0.3', '--vary', 'firms.0.price=9:11:3', '--seeds', '2', '--workers', '2', ...SMALL, '--out', o]);
    const dir = join(o, 'baseline/grid');
    const agg = parseCsv(readFileSync(join(dir, 'aggregate.csv'), 'utf8'));
    expect(agg.header.slice(9)).toEqual(['clutter', 'firms.0.price']);
    expect(new Set(agg.rows.map((r) => r[0])).size).toBe(6);
    const tidy = parseCsv(readFileSync(join(dir, 'runs-tidy.csv'), 'utf8'));
    expect(tidy.header).toEqual(['scenario', 'clutter', 'firms.0.price', 'replicate', 'seed', 'firm', 'metric', 'value']);
    const runs = parseCsv(readFileSync(join(dir, 'runs.csv'), 'utf8'));
    expect(runs.rows).toHaveLength(12);
    // common random numbers: replicate k has one seed across all points
    const seeds = new Map<string, Set<string>>();
    for (const r of runs.rows) (seeds.get(r[3]) ?? seeds.set(r[3], new Set()).get(r[3])!).add(r[4]);
    for (const s of seeds.values()) expect(s.size).toBe(1);
    expect(readJson(join(dir, 'summary.json')).points).toHaveLength(6);
  });

  it('grid --sample lhs:N: N points, reproducible', async () => {
    const o = scratch('lhs');
    const args = ['grid', 'baseline', '--vary', 'clutter=0:0.4', '--vary', 'firms.0.price=9:11', '--sample', 'lhs:5', '--seeds', '2', ...SMALL];
    await ok([...args, '--out', join(o, 'a')]);
    await ok([...args, '--out', join(o, 'b'), '--workers', '1']);
    expect(readJson(join(o, 'a/baseline/grid/summary.json')).points).toHaveLength(5);
    expect(treeHashes(join(o, 'b'))).toEqual(treeHashes(join(o, 'a')));
  });

  it('--precision adds seeds until the half-width is reached and says how many it took', async () => {
    const o = scratch('precision');
    const r = await cliInProcess(['replicate', 'baseline', '--seeds', '3', '--precision', 'share=0.01', '--max-seeds', '40', '--customers', '600', '--periods', '26', '--no-charts', '--out', o]);
    expect(r.code).toBe(0);
    const summary = readJson(join(o, 'baseline/replicate/summary.json'));
    expect(summary.precision[0]).toMatchObject({ target: 'share=0.01', met: true });
    expect(summary.replicates).toBeGreaterThan(3);
    for (const f of summary.firms) expect((f.share.ci95[1] - f.share.ci95[0]) / 2).toBeLessThanOrEqual(0.01);
    expect(r.stderr).toMatch(new RegExp(`reached with ${summary.replicates} seeds`));
  });

  it('bad experiment options are input errors (exit 2, one clear line, no stack)', async () => {
    const o = scratch('bad');
    for (const [k, args] of [
      ['grid', 'baseline', '--vary', 'clutter'],
      ['grid', 'baseline'],
      ['replicate', 'baseline', '--shard', '2/2'],
      ['replicate', 'baseline', '--workers', 'many'],
      ['replicate', 'baseline', '--metrics', 'shaer'],
      ['replicate', 'baseline', '--shard', '0/2', '--precision', 'share=0.01'],
      ['compare', 'baseline'],
      ['merge', join(o, 'nothing-here')],
    ].entries()) {
      const r = await (k === 0 ? cli : cliInProcess)([...args, '--out', join(o, 'out'), '--quiet']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
