/**
 * Sensitivity: the Morris design has the shape the method needs, the effects are exact on
 * a known function, and the command ranks what matters on a real scenario: Delta's own
 * price moves Delta's share down, while clutter moves nothing in a market without programs
 * (no cards, nothing to blur).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { morrisDesign, morrisEffects, oatDesign, parseMetricRef, type Factor } from '../../src/experiment/kinds/sensitivity/design.js';
import { parseCsv } from '../../src/io/csv.js';
import type { SensitivitySummary } from '../../src/experiment/kinds/sensitivity/outputs.js';
import { sensitivityFindings, sensitivityReport } from '../../src/experiment/kinds/sensitivity/report.js';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';

const FACTORS: Factor[] = [
  { path: 'a', lo: 0, hi: 2 },
  { path: 'b', lo: 10, hi: 20 },
  { path: 'c', lo: -1, hi: 1 },
];

describe('Morris design and effects', () => {
  it('walks trajectories that move one parameter by Δ per step, inside the bounds, the same for the same seed base', () => {
    const d = morrisDesign(FACTORS, 12, 4, 7);
    expect(d.delta).toBeCloseTo(2 / 3, 12);
    for (const t of d.trajectories) {
      expect(t.points).toHaveLength(FACTORS.length + 1);
      expect([...t.moved].sort()).toEqual([0, 1, 2]);
      for (let s = 1; s < t.points.length; s++) {
        const changed = FACTORS.map((f, i) => Number(t.points[s][i][1]) - Number(t.points[s - 1][i][1]));
        changed.forEach((c, i) => {
          if (i === t.moved[s - 1]) expect(c).toBeCloseTo(d.delta * (FACTORS[i].hi - FACTORS[i].lo), 9);
          else expect(c).toBe(0);
        });
      }
      for (const p of t.points) p.forEach(([, v], i) => expect(Number(v) >= FACTORS[i].lo && Number(v) <= FACTORS[i].hi).toBe(true));
    }
    expect(morrisDesign(FACTORS, 12, 4, 7)).toEqual(d);
    expect(morrisDesign(FACTORS, 12, 4, 8)).not.toEqual(d);
  });

  it('gives μ = μ* = slope per full range and σ = 0 for a linear parameter, σ > 0 for a curved one', () => {
    const d = morrisDesign(FACTORS, 10, 4, 1);
    // y = 3·a − 0.5·b + 4·c²: per full range a → 3·2 = 6, b → −0.5·10 = −5; c is curved (its effect depends on where it starts)
    const y = (t: number, step: number) => {
      const [a, b, c] = d.trajectories[t].points[step].map(([, v]) => Number(v));
      return 3 * a - 0.5 * b + 4 * c * c;
    };
    const effects = morrisEffects(FACTORS, d, [{ firm: 'market', metric: 'x' }], (t, s) => y(t, s));
    const by = Object.fromEntries(effects.map((e) => [e.parameter, e]));
    expect(by.a.mu).toBeCloseTo(6, 9);
    expect(by.a.muStar).toBeCloseTo(6, 9);
    expect(by.a.sigma).toBeCloseTo(0, 9);
    expect(by.b.mu).toBeCloseTo(-5, 9);
    expect(by.b.muStar).toBeCloseTo(5, 9);
    expect(by.c.sigma).toBeGreaterThan(0);
  });

  it('one at a time: each parameter alone at evenly spaced values', () => {
    expect(oatDesign(FACTORS.slice(0, 2), 3).map((a) => a.map(([p, v]) => `${p}=${v}`).join(';'))).toEqual(['a=0', 'a=1', 'a=2', 'b=10', 'b=15', 'b=20']);
  });

  it('reads metric references as --precision does', () => {
    expect(parseMetricRef('share')).toMatchObject({ scope: 'firm', firm: null, metric: 'share' });
    expect(parseMetricRef('Boreal.profit')).toMatchObject({ scope: 'firm', firm: 'Boreal', metric: 'profit' });
    expect(parseMetricRef('market.hhi')).toMatchObject({ scope: 'market', metric: 'hhi' });
    expect(parseMetricRef('priceSalience')).toMatchObject({ scope: 'market', metric: 'priceSalience' });
    expect(() => parseMetricRef('market.share')).toThrow(/expected a market metric/);
    expect(() => parseMetricRef('shar')).toThrow(/expected a firm metric/);
  });
});

describe('loyalty-sim sensitivity', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = tempDir('sensitivity');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const common = ['--vary', 'firms.Delta.price=8.5:10.5', '--vary', 'clutter=0:1', '--metric', 'Delta.share', '--metric', 'market.elasticity',
    '--customers', '1500', '--periods', '80', '--seeds', '3', '--workers', '2', '--quiet', '--json'];

  it('one at a time: own price lowers own share (interval below 0); clutter without programs changes nothing', async () => {
    const out = join(dir, 'oat');
    const r = await cli(['sensitivity', 'baseline', '--method', 'oat', ...common, '--out', out], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(out, 'baseline', 'sensitivity', 'effects.csv'), 'utf8'));
    const col = (name: string) => header.indexOf(name);
    const row = (parameter: string, firm: string) => rows.find((x) => x[0] === parameter && x[col('firm')] === firm)!;
    expect(Number(row('firms.Delta.price', 'Delta')[col('ciHigh')])).toBeLessThan(0);
    expect(Number(row('clutter', 'Delta')[col('swing')])).toBe(0);
    expect(Number(row('clutter', 'market')[col('swing')])).toBe(0);
    expect(JSON.parse(r.stdout).summary.oat).toHaveLength(4);
  });

  it('Morris ranks own price above clutter, and a rerun computes nothing', async () => {
    const out = join(dir, 'morris');
    const args = ['sensitivity', 'baseline', ...common, '--trajectories', '4', '--out', out, '--no-charts'];
    const first = await cli(args, { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(out, 'baseline', 'sensitivity', 'effects.csv'), 'utf8'));
    expect(header).toEqual(['parameter', 'firm', 'metric', 'muStar', 'mu', 'muLow', 'muHigh', 'sigma', 'r']);
    const muStar = (parameter: string) => Number(rows.find((x) => x[0] === parameter && x[1] === 'Delta')![3]);
    expect(muStar('clutter')).toBe(0);
    expect(muStar('firms.Delta.price')).toBeGreaterThan(0);
    // the direction, with its interval: a dearer Delta sells less
    expect(Number(rows.find((x) => x[0] === 'firms.Delta.price' && x[1] === 'Delta')![6])).toBeLessThan(0);
    const before = readFileSync(join(out, 'baseline', 'sensitivity', 'effects.csv'), 'utf8');
    const again = await cli(args, { cwd: dir });
    expect(JSON.parse(again.stdout).computed).toBe(0);
    expect(readFileSync(join(out, 'baseline', 'sensitivity', 'effects.csv'), 'utf8')).toBe(before);
  });

  it('with --reference, explains the difference seed by seed: its swing is the scenario\'s swing minus the reference\'s', async () => {
    const small = ['--method', 'oat', '--vary', 'segments.priceSeekers.priceSensitivity.mean=0.4:0.8', '--metric', 'Boreal.share',
      '--customers', '1000', '--periods', '60', '--seeds', '2', '--workers', '1', '--quiet', '--json', '--no-charts'];
    const swing = async (args: string[], out: string) => {
      const r = await cli(['sensitivity', ...args, ...small, '--out', join(dir, out)], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout).summary.oat[0].swing as number;
    };
    const program = await swing(['first-mover'], 'a');
    const none = await swing(['baseline'], 'b');
    const effect = await swing(['first-mover', '--reference', 'baseline'], 'ab');
    expect(effect).toBeCloseTo(program - none, 12);
    expect(program).not.toBeCloseTo(none, 6); // the program changes the response, so the test can tell
  });

  it('refuses a parameter without a range and a missing metric (exit 2)', async () => {
    const out = join(dir, 'bad');
    const noRange = await cli(['sensitivity', 'baseline', '--vary', 'clutter=0,1', '--metric', 'share', '--out', out], { cwd: dir });
    expect(noRange.code).toBe(2);
    expect(noRange.stderr).toMatch(/option --vary: clutter=0,1: expected path=lo:hi/);
    const noMetric = await cli(['sensitivity', 'baseline', '--vary', 'clutter=0:1', '--out', out], { cwd: dir });
    expect(noMetric.code).toBe(2);
    expect(noMetric.stderr).toMatch(/option --metric: expected at least one --metric/);
  });
});

describe('sensitivity in words: which way, and how sure', () => {
  const base: SensitivitySummary = {
    scenario: 'theatre', reference: null, method: 'morris', command: 'loyalty-sim sensitivity theatre …',
    parameters: [{ path: 'segments.0.priceSensitivity', lo: 0.3, hi: 0.9 }, { path: 'firms.Aurora.quality', lo: 0.5, hi: 0.8 }, { path: 'clutter', lo: 0, hi: 1 }],
    outputs: [{ firm: 'Aurora', metric: 'profit' }], trajectories: 10, levels: 4, seedBase: 1, seeds: [1, 2], points: 40, customers: 2000, periods: 52,
    morris: [
      { parameter: 'segments.0.priceSensitivity', firm: 'Aurora', metric: 'profit', mu: -1899, muLow: -2300, muHigh: -1500, muStar: 1899, sigma: 437, r: 10 },
      { parameter: 'firms.Aurora.quality', firm: 'Aurora', metric: 'profit', mu: 640, muLow: 410, muHigh: 870, muStar: 700, sigma: 300, r: 10 },
      { parameter: 'clutter', firm: 'Aurora', metric: 'profit', mu: 20, muLow: -90, muHigh: 130, muStar: 150, sigma: 180, r: 10 },
    ],
  };

  it('Morris: the mean effect\'s sign and 95% interval, per full range, ranked by μ*; an interval across 0 has no direction', () => {
    const [line] = sensitivityFindings(base);
    expect(line).toBe(
      'Raising price sensitivity (segments.0.priceSensitivity) lowers Aurora profit: −1,899 (95% CI −2,300 to −1,500) per full range over 10 trajectories (μ* 1,899, σ 437); ' +
      'then, by importance: raising quality (firms.Aurora.quality) raises Aurora profit: +640 (95% CI 410–870) per full range over 10 trajectories (μ* 700, σ 300); ' +
      'clutter (clutter) moves Aurora profit in no clear direction: +20 (95% CI −90 to 130) per full range over 10 trajectories, the interval includes 0 (μ* 150, σ 180).',
    );
  });

  it('one at a time: the swing from the lowest to the highest value, with its direction; shares in points', () => {
    const oat: SensitivitySummary = {
      ...base, method: 'oat', outputs: [{ firm: 'Delta', metric: 'share' }], morris: undefined,
      oat: [{ parameter: 'firms.Delta.price', firm: 'Delta', metric: 'share', lo: 9, hi: 11, atLow: 0.31, atHigh: 0.19, swing: -0.12, ciLow: -0.14, ciHigh: -0.1, n: 4 }],
    };
    expect(sensitivityFindings(oat)).toEqual(['Raising price (firms.Delta.price) lowers Delta share: −12.0 points (95% CI −14.0 to −10.0) from 9 to 11.']);
  });

  it('the effects table prints every interval as the rest of the reports do, never [lo, hi]', () => {
    const html = sensitivityReport(base).sections!.map((section) => section.html).join('\n');
    expect(html).toContain('−1,899 (95% CI −2,300 to −1,500)');
    expect(html).not.toMatch(/\[[^\]]*, [^\]]*\]/);
  });
});
