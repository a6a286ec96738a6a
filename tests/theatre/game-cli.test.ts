/**
 * `loyalty-sim game` through the CLI, with tiny populations: every shipped scenario with a
 * game block and the option forms that reshape a game (--players, --symmetric, --labels)
 * run with charts; a game is an experiment plan, so shard/merge, resume and worker counts
 * give byte-identical results; --precision adds seeds until the verdict is resolved or
 * the budget is spent; --vary writes the theatre map.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAME_VERDICTS } from '../../src/experiment/types.js';
import { cli, ensureBuilt, tempDir, type CliResult } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { hashOutputs } from '../../src/io/manifest.js';

/**
 * Tiny games: one worker, since starting a second costs more than its share of 32 small
 * runs; 150 customers, since the charts, options and layout checked here do not depend on size.
 */
const TINY = ['--customers', '150', '--periods', '60', '--seeds', '2', '--workers', '1', '--quiet'];
const VERDICTS: readonly string[] = GAME_VERDICTS;

let work: string;
beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('game-cli');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * `loyalty-sim <args>` in the work folder, which must succeed. In process: what is checked
 * here is the game's files, not the executable; the first game with charts and one refusal
 * run the executable.
 */
async function ok(args: string[], run: typeof cli = cliInProcess): Promise<CliResult> {
  const r = await run(args, { cwd: work });
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

const readJson = (file: string) => JSON.parse(readFileSync(join(work, file), 'utf8'));

describe('game runs with charts', () => {
  // [scenario, options, result folder]: a game other than the scenario's own has a folder of its own
  const cases: [string, string[], string][] = [
    // theatre itself draws in every variant below; each other shipped game once
    ['theatre-lookalike', [], 'game'], ['price-fighter', [], 'game'], ['soft-competition', [], 'game'],
    ['theatre', ['--symmetric'], 'game-symmetric'], ['theatre', ['--players', 'Boreal'], 'game-players-Boreal'], ['theatre', ['--labels', 'off,on'], 'game'],
    ['theatre', ['--players', 'Aurora,Delta', '--labels', `O'Brien,x[0]."q"\\z`], 'game-players-Aurora-Delta'],
  ];
  cases.forEach(([scenario, extra, folder], k) => {
    it(`game ${scenario} ${extra.join(' ')}`, async () => {
      const out = `charts-${k}`;
      await ok(['game', scenario, ...TINY, ...extra, '--out', out], k === 0 ? cli : cliInProcess);
      const dir = join(out, scenario, folder);
      const summary = readJson(join(dir, 'summary.json'));
      expect(VERDICTS).toContain(summary.verdict);
      expect(summary.evidence.length).toBeGreaterThan(0);
      if (summary.verdict === 'inconclusive') expect(summary.unresolved.length).toBeGreaterThan(0);
      else expect(summary.unresolved).toEqual([]);
      const charts = readdirSync(join(work, dir, 'charts'));
      expect(charts).toEqual(expect.arrayContaining(['payoffs.svg', 'theatre.svg']));
      expect(existsSync(join(work, dir, 'report.html'))).toBe(true);
    }, 120_000);
  });
});

describe('game variants', () => {
  it('a subset of players or another strategy writes its own folder, never over the full game, and says which firms play', async () => {
    const args = ['game', 'price-fighter', ...TINY, '--no-charts'];
    await ok([...args, '--out', 'variants']);
    const full = hashOutputs(join(work, 'variants', 'price-fighter', 'game'));
    const subset = await ok([...args, '--players', 'Frugo', '--out', 'variants', '--quiet=false']);
    await ok([...args, '--field', 'price', '--values', '9,10', '--out', 'variants']);
    expect(hashOutputs(join(work, 'variants', 'price-fighter', 'game'))).toEqual(full);
    expect(readJson(join('variants', 'price-fighter', 'game-players-Frugo', 'summary.json')).profiles).toHaveLength(2);
    expect(readJson(join('variants', 'price-fighter', 'game-price-9-10', 'summary.json')).profiles).toHaveLength(4);
    // the words name the one player and the firms that keep the scenario's settings
    expect(subset.stderr).not.toMatch(/every firm/);
    expect(subset.stderr).toMatch(/players: Frugo only; Premio keeps the scenario's settings/);
  }, 120_000);
});

describe('game as an experiment plan', () => {
  // byte equality across shards, resumes and worker counts does not depend on size
  const ARGS = ['game', 'price-fighter', '--customers', '150', '--periods', '60', '--seeds', '3', '--no-charts', '--quiet'];

  it('two shards merged, a resumed run and another worker count give the same bytes', async () => {
    await ok([...ARGS, '--workers', '2', '--out', 'full']);
    await ok([...ARGS, '--shard', '0/2', '--out', 's0']);
    await ok([...ARGS, '--shard', '1/2', '--out', 's1']);
    expect(existsSync(join(work, 's0', 'price-fighter', 'game', 'summary.json'))).toBe(false); // a shard is not a result
    await ok(['merge', 's0', 's1', '--out', 'merged', '--no-charts', '--quiet']);
    const full = hashOutputs(join(work, 'full', 'price-fighter', 'game'));
    expect(Object.keys(full)).toEqual(expect.arrayContaining(['summary.json', 'payoffs.csv', 'runs.csv', 'aggregate.csv']));
    expect(hashOutputs(join(work, 'merged', 'price-fighter', 'game'))).toEqual(full);
    // resume: lose some runs, run again with one worker
    const runs = join(work, 'full', 'price-fighter', 'game', 'runs');
    const files = readdirSync(runs).sort();
    for (const f of files.slice(0, 5)) rmSync(join(runs, f));
    const again = await ok([...ARGS, '--workers', '1', '--out', 'full', '--json']);
    expect(JSON.parse(again.stdout).computed).toBe(5);
    expect(hashOutputs(join(work, 'full', 'price-fighter', 'game'))).toEqual(full);
  }, 240_000);

  it('--precision adds seeds until the verdict is resolved or --max-seeds is spent, and says how many it took', async () => {
    const args = ['game', 'price-fighter', '--customers', '300', '--periods', '60', '--seeds', '2', '--precision', '--max-seeds', '6', '--no-charts', '--quiet'];
    await ok([...args, '--out', 'seq']);
    const summary = readJson(join('seq', 'price-fighter', 'game', 'summary.json'));
    expect(summary.sequential.maxSeeds).toBe(6);
    expect(summary.sequential.seeds).toBe(summary.seeds.length);
    expect(summary.seeds.length).toBeGreaterThanOrEqual(2);
    expect(summary.seeds.length).toBeLessThanOrEqual(6);
    expect(summary.sequential.resolved).toBe(summary.verdict !== 'inconclusive');
    if (summary.verdict === 'inconclusive') expect(summary.seeds.length).toBe(6);
    // the same command again (everything cached) decides the same
    const first = hashOutputs(join(work, 'seq', 'price-fighter', 'game'));
    await ok([...args, '--workers', '1', '--out', 'seq']);
    expect(hashOutputs(join(work, 'seq', 'price-fighter', 'game'))).toEqual(first);
    // sequential seeds cannot be split into shards
    const r = await cliInProcess([...args, '--shard', '0/2', '--out', 'seq-shard'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--precision/);
  }, 240_000);
});

describe('the theatre map', () => {
  it('game --vary writes map.csv (one row per cell and firm), summary.json, charts, a report and a game per cell', async () => {
    await ok(['game', 'price-fighter', ...TINY, '--vary', 'clutter=0,0.5', '--vary', 'firms.Frugo.price=8.5,9', '--out', 'map']);
    const dir = join(work, 'map', 'price-fighter', 'game-map');
    const csv = readFileSync(join(dir, 'map.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('cell,clutter,firms.Frugo.price,verdict,firm,outcome,meanDiff,ciLow,ciHigh,seeds');
    expect(csv).toHaveLength(1 + 4 * 2);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.cells.map((c: { cell: string }) => c.cell)).toEqual(['cell-1', 'cell-2', 'cell-3', 'cell-4']);
    expect(summary.cells[3].params).toEqual({ clutter: 0.5, 'firms.Frugo.price': 9 });
    for (const c of summary.cells) {
      expect(VERDICTS).toContain(c.verdict);
      const game = JSON.parse(readFileSync(join(dir, c.cell, 'game', 'summary.json'), 'utf8'));
      expect(game.verdict).toBe(c.verdict);
    }
    expect(readdirSync(join(dir, 'charts'))).toEqual(expect.arrayContaining(['verdict-map.svg', 'winners-losers.svg', 'theatre-curves.svg']));
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
  }, 240_000);

  it('a map run in two shards, merged and drawn, equals the unsharded map', async () => {
    const args = ['game', 'price-fighter', ...TINY, '--no-charts', '--vary', 'clutter=0,0.5'];
    await ok([...args, '--out', 'map-full']);
    await ok([...args, '--shard', '0/2', '--out', 'map-s0']);
    await ok([...args, '--shard', '1/2', '--out', 'map-s1']);
    await ok(['merge', 'map-s0', 'map-s1', '--out', 'map-merged', '--no-charts', '--quiet']);
    await ok([...args, '--out', 'map-merged']);
    const full = hashOutputs(join(work, 'map-full', 'price-fighter', 'game-map'));
    expect(Object.keys(full)).toEqual(expect.arrayContaining(['map.csv', 'summary.json', 'cell-1/game/summary.json']));
    expect(hashOutputs(join(work, 'map-merged', 'price-fighter', 'game-map'))).toEqual(full);
  }, 240_000);
});

describe('bad game options', () => {
  const cases: [string[], RegExp][] = [
    [['--players', 'Aurora,Nobody'], /--players.*expected firm names/],
    [['--players', 'Aurora,Aurora'], /--players.*each firm once/],
    [['--labels', 'only-one'], /--labels.*expected 2 labels/],
    [['--values', 'true'], /--values.*at least two/],
    [['--precision', '--seeds', '8', '--max-seeds', '4'], /--max-seeds.*at least --seeds/],
    [['--vary', 'clutter=0,0', '--seeds', '2'], /--vary.*distinct/],
    [['--vary', 'clutter=abc', '--seeds', '2'], /map cell clutter=abc.*clutter: expected a number/],
  ];
  cases.forEach(([extra, message], k) => {
    it(`game theatre ${extra.join(' ')} → exit 2, one clear message, no output`, async () => {
      const out = `bad-${extra.join('-').replace(/\W+/g, '_')}`;
      const r = await (k === 0 ? cli : cliInProcess)(['game', 'theatre', '--customers', '300', '--periods', '60', '--quiet', '--out', out, ...extra], { cwd: work });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(work, out, 'theatre'))).toBe(false);
    });
  });
});
