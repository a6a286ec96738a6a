/**
 * decide: one firm's options against doing nothing. The options and the decision rule in
 * process (default options from the scenario, options that change nothing left out, the
 * best option only when every comparison it rests on is resolved); the command end to end
 * on a tiny population (its files, its words, --precision adding seeds, an unknown firm
 * refused). Shards and merge are the engine's, tested with the other plan kinds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { decidePlan, decisionOf, parseOption, type DecidePlanOptions } from '../../src/experiment/kinds/decide.js';
import { DEFAULT_METRICS } from '../../src/experiment/engine/metric-set.js';
import { cli, cliOk, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { refusal } from '../helpers/refusal.js';

const PLAN: Omit<DecidePlanOptions, 'firm'> = { options: [], load: {}, seedBase: 1, replicates: 2, metrics: DEFAULT_METRICS, sequential: null };
const spec = (plan: ReturnType<typeof decidePlan>) => plan.spec as { options: { name: string; settings: string[] }[]; notes: string[]; leftOut: { name: string; reason: string }[] };

describe('the options', () => {
  it('NAME=path=value[,path=value], split where a comma starts the next path', () => {
    expect(parseOption('cut price=firms.Delta.price=-5%')).toEqual({ name: 'cut price', settings: ['firms.Delta.price=-5%'] });
    expect(parseOption('both=firms.Delta.price=-5%, firms.Delta.program={enabled: true, earnRate: 2}')).toEqual({ name: 'both', settings: ['firms.Delta.price=-5%', 'firms.Delta.program={enabled: true, earnRate: 2}'] });
    expect(refusal(() => parseOption('firms.Delta.price'))).toMatch(/^option --option: expected NAME=path=value/);
    expect(refusal(() => parseOption('x=nonsense'))).toMatch(/^option --option: x: expected path=value after "x="/);
    expect(refusal(() => parseOption('do nothing=firms.Delta.price=9'))).toMatch(/is the scenario as written/);
  });

  it('defaults: a firm that launches a program is offered to drop it (its launch event too); one without, to launch one', () => {
    const boreal = decidePlan('first-mover', { ...PLAN, firm: 'Boreal' });
    expect(boreal.folder).toBe('decide-Boreal');
    expect(boreal.points.map((p) => p.label)).toEqual(['do nothing', 'drop the program', 'cut price 5%', 'quality +0.05', 'complaint recovery +20 points']);
    expect(spec(boreal).options[0].settings).toEqual(['firms.Boreal.program.enabled=false', 'events.0.set.program.enabled=false']);
    expect(spec(boreal).notes[0]).toMatch(/^Boreal already launches one in period 52 in first-mover, so launching a program would change nothing/);
    // the options are what they say, from the scenario's own values
    const [, drop, cut, quality, recovery] = boreal.points.map((p) => p.scenario.firms.find((f) => f.name === 'Boreal')!);
    expect(drop.program?.enabled).toBe(false);
    expect(boreal.points[1].scenario.events.find((e) => e.firm === 'Boreal')!.set).toMatchObject({ program: { enabled: false } });
    expect([cut.price, quality.quality, recovery.recoveryRate]).toEqual([9.5, 0.7, 0.7]);
    const delta = decidePlan('why-customers-leave', { ...PLAN, firm: 'Delta' });
    expect(delta.points[1].label).toBe('launch a program');
    expect(delta.points[1].scenario.firms.find((f) => f.name === 'Delta')!.program?.enabled).toBe(true);
  });

  it('an option that changes nothing is left out with the reason; a firm at the top of a scale gets no step up', () => {
    const top = decidePlan('baseline', { ...PLAN, firm: 'Aurora', load: { set: ['firms.Aurora.quality=1', 'firms.Aurora.recoveryRate=1'] } });
    expect(top.points.map((p) => p.label)).toEqual(['do nothing', 'launch a program', 'cut price 5%']);
    expect(spec(top).leftOut.map((l) => l.reason)).toEqual(["Aurora's quality is already at its maximum (1)", "Aurora's complaint recovery rate is already at its maximum (1)"]);
    const given = decidePlan('baseline', { ...PLAN, firm: 'Aurora', options: ['same=firms.Aurora.price=10.8', 'cheaper=firms.Aurora.price=-2%'] });
    expect(given.points.map((p) => p.label)).toEqual(['do nothing', 'cheaper']);
    expect(spec(given).leftOut).toEqual([{ name: 'same', reason: 'it changes nothing in baseline (firms.Aurora.price=10.8)' }]);
  });

  it('refuses an unknown firm, a bad setting (blamed on its option) and two options with one name', () => {
    expect(refusal(() => decidePlan('baseline', { ...PLAN, firm: 'Nobody' }))).toBe('option --firm: expected a firm of baseline (Aurora, Boreal, Cirrus, Delta), got "Nobody"');
    expect(refusal(() => decidePlan('baseline', { ...PLAN, firm: 'Aurora', options: ['x=firms.Aurora.name=-5%'] }))).toMatch(/^option --option "x": firms\.Aurora\.name: a relative change \(-5%\) needs a number/);
    expect(refusal(() => decidePlan('baseline', { ...PLAN, firm: 'Aurora', options: ['x=firms.Aurora.price=9', 'x=firms.Aurora.price=8'] }))).toMatch(/each option name once/);
  });
});

describe('the decision', () => {
  const NAMES = ['do nothing', 'a', 'b'];
  /** profit per seed of each alternative: doing nothing around 1,000, the options `lift` above it */
  const profits = (lift: number[], noise: number, seeds = 12) => {
    const rng = seedrandom.alea(`decide-${lift.join(',')}-${noise}`);
    const common = Array.from({ length: seeds }, () => 1000 + 200 * (rng() - 0.5));
    return lift.map((l) => common.map((c) => c + l + noise * (rng() - 0.5)));
  };

  it('names the best option only when it is resolvedly above every other alternative', () => {
    const clear = decisionOf(NAMES, profits([0, 50, 150], 10));
    expect(clear).toMatchObject({ best: 'b', doNothing: false, leading: 'b', unresolved: [], comparisons: 3 });
    expect(clear.separation.every((s) => s.resolved && s.ciLow > 0)).toBe(true);
  });

  it('a lead the seeds cannot separate is unresolved, with the seeds it needs; doing nothing can be the answer', () => {
    const close = decisionOf(NAMES, profits([0, 140, 150], 200));
    expect(close.best).toBeNull();
    expect(close.leading).toBe('b');
    expect(close.unresolved.map((u) => u.comparison)).toContain('b against a');
    expect(close.unresolved.every((u) => u.seedsNeeded === null || u.seedsNeeded > 12)).toBe(true);
    const worse = decisionOf(NAMES, profits([0, -80, -120], 10));
    expect(worse).toMatchObject({ best: null, doNothing: true, leading: 'do nothing', unresolved: [] });
  });
});

describe('decide on the command line', () => {
  const SMALL = ['--customers', '300', '--periods', '60', '--workers', '1', '--quiet'];
  let out: string;
  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('decide');
  });
  afterAll(() => removeDir(out));

  it('writes options.csv, summary.json and a report into decide-<firm>, says the answer in words, and is on the front page', async () => {
    const r = await cli(['decide', 'first-mover', '--firm', 'Boreal', '--seeds', '3', ...SMALL, '--quiet=false', '--out', join(out, 'full')]);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(out, 'full', 'first-mover', 'decide-Boreal');
    const csv = parseCsv(readFileSync(join(dir, 'options.csv'), 'utf8'));
    expect(csv.header).toEqual(['option', 'settings', 'metric', 'meanDiff', 'ciLow', 'ciHigh', 'pHigher', 'seeds']);
    expect(csv.rows).toHaveLength(4 * 4);
    expect(new Set(csv.rows.map((row) => row[2]))).toEqual(new Set(['profit', 'share', 'churn', 'rivalsProfit']));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.firm).toBe('Boreal');
    expect(summary.options.map((o: { name: string }) => o.name)).toEqual(['drop the program', 'cut price 5%', 'quality +0.05', 'complaint recovery +20 points']);
    expect(summary.best === null ? summary.unresolved.length > 0 || summary.doNothing : summary.unresolved.length === 0).toBe(true);
    // the answer first, in words, with intervals; then what the rivals do
    expect(summary.findings.sentences[0]).toMatch(/^(Best for Boreal( so far)?: .+ a week \(95% CI [^)]+\)|Doing nothing is best for Boreal|No option is shown to raise Boreal's profit)/);
    expect(summary.findings.sentences[1]).toMatch(/^Rivals keep the policies the scenario gives them/);
    expect(r.stderr).toContain(summary.findings.sentences[0]);
    expect(existsSync(join(dir, 'charts', 'options.svg'))).toBe(true);
    const index = readFileSync(join(out, 'full', 'index.html'), 'utf8');
    expect(index).toContain('first-mover/decide-Boreal/report.html');
  });

  it('--precision adds seeds until the best option separates or --max-seeds is spent', async () => {
    const args = ['decide', 'first-mover', '--firm', 'Boreal', '--option', 'a=firms.Boreal.price=-1%', '--option', 'b=firms.Boreal.price=-1.5%', '--precision', '--seeds', '2', '--max-seeds', '5', ...SMALL, '--no-charts'];
    await cliOk([...args, '--out', join(out, 'seq')]);
    const summary = JSON.parse(readFileSync(join(out, 'seq', 'first-mover', 'decide-Boreal', 'summary.json'), 'utf8'));
    expect(summary.seeds.length).toBeGreaterThan(2);
    expect(summary.sequential).toEqual({ maxSeeds: 5, resolved: summary.unresolved.length === 0 });
    if (summary.unresolved.length) {
      expect(summary.seeds.length).toBe(5);
      expect(summary.findings.sentences[0]).toMatch(/--precision stopped at --max-seeds 5/);
    }
  });

  it('an unknown firm: exit 2, one message, nothing written', async () => {
    const r = await cli(['decide', 'first-mover', '--firm', 'Nobody', ...SMALL, '--out', join(out, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('option --firm: expected a firm of first-mover (Aurora, Boreal, Cirrus, Delta), got "Nobody"\n');
    expect(existsSync(join(out, 'bad'))).toBe(false);
  });
});
