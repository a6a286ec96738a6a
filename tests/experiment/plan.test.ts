import { describe as suite, expect, it } from 'vitest';
import fc from 'fast-check';
import { fullFactorial, latinHypercube, parseSample, parseVary } from '../../src/experiment/engine/grid-spec.js';
import { parseShard } from '../../src/experiment/engine/args.js';
import { gridPlan, shardJobs, withReplicates } from '../../src/experiment/engine/plan.js';
import { replicatePlan } from '../../src/experiment/kinds/replicate.js';
import { comparePlan } from '../../src/experiment/kinds/compare.js';
import { DEFAULT_METRICS, parseMetricSet } from '../../src/experiment/engine/metric-set.js';
import { replicateSeed } from '../../src/model/rng.js';
import { InputError } from '../../src/errors.js';
import { decodeRun, encodeRun } from '../../src/experiment/engine/run-record.js';
import { parsePrecision, nextReplicates } from '../../src/experiment/engine/precision.js';

const common = { seedBase: 1, replicates: 3, metrics: DEFAULT_METRICS, load: { customers: 200, periods: 8 } };

suite('--vary and --sample', () => {
  it('lists, ranges with n values, and plain ranges', () => {
    expect(parseVary('firms.0.price=8,9,10')).toEqual({ path: 'firms.0.price', values: ['8', '9', '10'] });
    expect(parseVary('clutter=0:0.3:4').values).toEqual(['0', '0.1', '0.2', '0.3']);
    expect(parseVary('customers=1000:3000:3').values).toEqual(['1000', '2000', '3000']);
    expect(parseVary('clutter=0:0.5')).toEqual({ path: 'clutter', range: { lo: 0, hi: 0.5 } });
    expect(parseVary('firms.A.program=null,{rewardRate: 0.02}').values).toEqual(['null', '{rewardRate: 0.02}']);
  });
  it('refuses malformed specs with an input error', () => {
    for (const bad of ['price', '=1,2', 'a..b=1', 'x=1,,2', 'x=1,1']) expect(() => parseVary(bad)).toThrow(InputError);
    expect(() => parseSample('lhs:0')).toThrow(InputError);
    expect(() => parseSample('random:5')).toThrow(InputError);
    expect(() => fullFactorial([parseVary('x=0:1')])).toThrow(/--sample/);
  });
  it('full factorial: every combination once, the first axis slowest', () => {
    const pts = fullFactorial([parseVary('a=1,2'), parseVary('b=x,y,z')]);
    expect(pts.map((p) => p.map(([, v]) => v).join(''))).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
  });
  it('Latin hypercube: each of the N strata of every axis used exactly once; deterministic', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1000 }), (n, base) => {
      const axes = [parseVary('a=0:1'), parseVary('b=10:20')];
      const pts = latinHypercube(axes, n, base);
      expect(pts).toHaveLength(n);
      for (const [d, [lo, hi]] of [[0, [0, 1]], [1, [10, 20]]] as const) {
        const strata = pts.map((p) => Math.min(n - 1, Math.floor(((Number(p[d][1]) - lo) / (hi - lo)) * n))).sort((x, y) => x - y);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      }
      expect(latinHypercube(axes, n, base)).toEqual(pts);
    }));
  });
});

suite('plans', () => {
  it('replicate k uses replicateSeed(base, k) in every point (common random numbers)', () => {
    const plan = comparePlan(['baseline', 'first-mover'], { ...common, load: { periods: 60 } });
    for (const job of plan.jobs) expect(job.seed).toBe(replicateSeed(1, job.replicate));
    expect(new Set(plan.jobs.map((j) => j.key)).size).toBe(plan.jobs.length);
    expect(plan.name).toBe('baseline-vs-first-mover');
    expect(plan.reference).toBe(0);
  });
  it('grid: seeds do not depend on the point, and keys survive reordering the --vary options', () => {
    const a = gridPlan('baseline', fullFactorial([parseVary('clutter=0,0.2'), parseVary('firms.0.price=9,10')]), { ...common, parameters: ['clutter', 'firms.0.price'], sample: null });
    const b = gridPlan('baseline', fullFactorial([parseVary('firms.0.price=10,9'), parseVary('clutter=0.2,0')]), { ...common, parameters: ['firms.0.price', 'clutter'], sample: null });
    const index = (p: typeof a) => new Map(p.jobs.map((j) => [j.key, `${j.seed}/${j.hash}`]));
    expect(index(b)).toEqual(index(a));
    expect(a.points).toHaveLength(4);
    expect(a.points[0].params).toEqual({ clutter: 0, 'firms.0.price': 9 });
  });
  it('a bad grid value is an input error naming the point', () => {
    expect(() => gridPlan('baseline', fullFactorial([parseVary('customers=-5')]), { ...common, load: { periods: 8 }, parameters: ['customers'], sample: null }))
      .toThrow(/grid point customers=-5/);
  });
  it('adding replicates appends jobs and keeps the existing ones', () => {
    const plan = replicatePlan('baseline', common);
    const more = withReplicates(plan, 5);
    expect(more.jobs.slice(0, plan.jobs.length)).toEqual(plan.jobs);
    expect(more.jobs.map((j) => j.replicate)).toEqual([0, 1, 2, 3, 4]);
  });
  it('shards partition the jobs: every job in exactly one shard (property)', () => {
    const plan = comparePlan(['baseline', 'first-mover'], { ...common, replicates: 7, load: { periods: 60 } });
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), (n) => {
      const keys = Array.from({ length: n }, (_, i) => shardJobs(plan, { index: i, count: n }).map((j) => j.key)).flat();
      expect(keys.sort()).toEqual(plan.jobs.map((j) => j.key).sort());
    }));
  });
  it('--shard parsing', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    for (const bad of ['3/3', '1', '-1/2', 'a/b', '0/0']) expect(() => parseShard(bad)).toThrow(InputError);
  });
  it('--metrics parsing', () => {
    expect(parseMetricSet('share,hhi')).toEqual({ firm: ['share'], market: ['hhi'] });
    expect(parseMetricSet('profit')).toEqual({ firm: ['profit'], market: ['profit'] });
    expect(parseMetricSet('market.profit')).toEqual({ firm: [], market: ['profit'] });
    expect(parseMetricSet('all').firm.length).toBeGreaterThan(20);
    expect(() => parseMetricSet('shaer')).toThrow(InputError);
  });
  it('--precision parsing and the next seed count', () => {
    expect(parsePrecision(['share=0.01', 'Aurora.profit=50', 'hhi=0.002'])).toMatchObject([
      { scope: 'firm', firm: null, metric: 'share', halfWidth: 0.01 },
      { scope: 'firm', firm: 'Aurora', metric: 'profit', halfWidth: 50 },
      { scope: 'market', metric: 'hhi', halfWidth: 0.002 },
    ]);
    expect(() => parsePrecision(['share=0'])).toThrow(InputError);
    expect(() => parsePrecision(['nonsense=1'])).toThrow(InputError);
    const status = (worst: number) => [{ target: 't', halfWidth: 1, worst, where: '', met: worst <= 1 }];
    expect(nextReplicates(8, status(1.5), 256)).toBe(16); // wants 18, at most doubles
    expect(nextReplicates(8, status(1.1), 256)).toBe(10);
    expect(nextReplicates(200, status(3), 256)).toBe(256);
  });
});

suite('run records', () => {
  it('round-trip exactly, NaN and infinities included', () => {
    const series = new Float64Array([0.1, -0, NaN, Infinity, 1 / 3, 1e-300, 42]);
    const record = {
      key: 'x-r0001', hash: 'h', seed: 7, periods: 1, firms: ['A', 'B'], metrics: { firm: ['share', 'price'], market: ['hhi', 'meanPrice', 'buyRate'] },
      summary: { scenario: 's', seed: 7, periods: 1, customers: 1, window: { from: 0, to: 1 }, firms: [{ name: 'A', totalProfit: NaN, totalRevenue: 1 / 7 }], market: { hhi: -Infinity }, churnCauses: {}, churnCausesByFirm: {}, churnCausesBySegment: {} },
      series,
    };
    const back = decodeRun(encodeRun(record));
    expect(Array.from(back.series).map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(Array.from(series).map((x) => Object.is(x, -0) ? '-0' : String(x)));
    expect(back.summary.firms[0].totalProfit).toBeNaN();
    expect(back.summary.firms[0].totalRevenue).toBe(1 / 7);
    expect(back.summary.market.hhi).toBe(-Infinity);
    expect(encodeRun(back)).toEqual(encodeRun(record));
  });
});
