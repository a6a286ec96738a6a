/**
 * Parameter recovery: simulate baseline with known values of two parameters at once (the
 * price seekers' price sensitivity and the habitual segment's habit weight), take the
 * achieved moments as targets with narrow bands, start the search elsewhere, and check
 * that calibrate recovers both. The moments are market price salience (rises with price
 * sensitivity, falls with habit), market switches (fall with both) and one firm's churn:
 * their responses to the two parameters are not proportional, so the two are identified.
 *
 * Stated tolerance: each recovered value within 5% of the true one (the start is 30% or
 * more away). The second case fits two scales of the whole segment structure (every
 * segment's price sensitivity by one factor, habit weights and switching costs by
 * another) to the reference market's own moments, elasticity and inertia premium. The fit runs on the seeds the moments were measured on, so the truth has
 * objective zero; what is tested is the search and the identification, not the noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun } from '../../src/model/summary.js';
import { replicateSeed } from '../../src/model/rng.js';
import { describe as describeValues } from '../../src/stats/index.js';
import { valueAtPath } from '../../src/experiment/kinds/calibrate/targets.js';
import { parseCsv } from '../../src/io/csv.js';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';

// Recovered at 1,000 customers: price sensitivity −0.06 %, habit weight +0.23 %, the scales
// 1.2986 and 0.6001 (at 1,500: −0.04 %, −0.03 %, the same scales): far inside the tolerance.
const SIZE = { customers: 1000, periods: 80 };
const SEEDS = 4;
const TRUTH = { 'segments.priceSeekers.priceSensitivity.mean': 0.9, 'segments.habitual.habitWeight.mean': 2.6 };
const START = { 'segments.priceSeekers.priceSensitivity.mean': 0.6, 'segments.habitual.habitWeight.mean': 4.2 };
const BOUNDS = { 'segments.priceSeekers.priceSensitivity.mean': [0.4, 1.4], 'segments.habitual.habitWeight.mean': [1, 5] };
const TOLERANCE = 0.05;

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = tempDir('recovery');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The moments at the true values, on the seeds calibrate uses (seed base 1). */
function trueMoments() {
  const scenario = loadScenario('baseline', { ...SIZE, set: Object.entries(TRUTH).map(([p, v]) => `${p}=${v}`) }).scenario;
  const salience: number[] = [];
  const switches: number[] = [];
  const churn: number[] = [];
  for (let k = 0; k < SEEDS; k++) {
    const s = summarizeRun(simulate(scenario, replicateSeed(1, k)));
    salience.push(s.market.priceSalience);
    switches.push(s.market.switches);
    churn.push(Number(s.firms.find((f) => f.name === 'Boreal')!.churn));
  }
  return { salience: describeValues(salience).mean, switches: describeValues(switches).mean, churn: describeValues(churn).mean };
}

describe('calibrate recovers known parameters', () => {
  it('recovers price sensitivity and habit weight together from a wrong start', () => {
    const m = trueMoments();
    const band = (x: number) => `value: ${x}, low: ${x * 0.97}, high: ${x * 1.03}`;
    const file = join(dir, 'targets.yaml');
    writeFileSync(file, `parameters:
${Object.keys(TRUTH).map((p) => `  - { path: ${p}, min: ${BOUNDS[p as keyof typeof BOUNDS][0]}, max: ${BOUNDS[p as keyof typeof BOUNDS][1]}, start: ${START[p as keyof typeof START]} }`).join('\n')}
targets:
  - { name: salience, metric: priceSalience, firm: market, ${band(m.salience)}, source: simulated at the true values }
  - { name: switches, metric: switches, ${band(m.switches)}, source: simulated at the true values }
  - { name: churn, metric: churn, firm: Boreal, ${band(m.churn)}, source: simulated at the true values }
`);
    const out = join(dir, 'out');
    const r = cli(['calibrate', 'baseline', '--targets', file, '--seeds', String(SEEDS), '--customers', String(SIZE.customers), '--periods', String(SIZE.periods),
      '--max-evals', '70', '--workers', '2', '--out', out, '--no-charts', '--quiet', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cal = join(out, 'baseline', 'calibrate');

    const { header, rows } = parseCsv(readFileSync(join(cal, 'parameters.csv'), 'utf8'));
    expect(header).toEqual(['path', 'start', 'fitted', 'min', 'max']);
    for (const [path, truth] of Object.entries(TRUTH)) {
      const row = rows.find((x) => x[0] === path)!;
      expect(Math.abs(Number(row[1]) - truth) / truth).toBeGreaterThan(0.3);
      expect(Math.abs(Number(row[2]) - truth) / truth, `${path}: fitted ${row[2]}, true ${truth}`).toBeLessThanOrEqual(TOLERANCE);
    }

    // Every target's mean is inside its band at the fitted values (its interval over four
    // seeds may be wider than a ±3% band: that is noise, which the search does not see).
    const fit = parseCsv(readFileSync(join(cal, 'fit.csv'), 'utf8'));
    const z = fit.header.indexOf('z');
    for (const row of fit.rows) expect(Math.abs(Number(row[z])), row[0]).toBeLessThanOrEqual(1);
    const summary = JSON.parse(r.stdout).summary;
    expect(summary.objective.fitted).toBeLessThan(summary.objective.start / 100);

    // calibrated.yaml names every target with its band and source, carries the fitted values and loads as a scenario.
    const text = readFileSync(join(cal, 'calibrated.yaml'), 'utf8');
    for (const name of ['salience', 'switches', 'churn']) expect(text).toMatch(new RegExp(`^#   ${name}: .* band .*; source: simulated at the true values$`, 'm'));
    expect(text).toMatch(/^# Command: loyalty-sim calibrate baseline --targets \S+ --seeds 4 --seed-base 1 --customers 1000 --periods 80 --max-evals 70 --tolerance 0\.005$/m);
    const calibrated = loadScenario(join(cal, 'calibrated.yaml')).scenario;
    for (const row of rows) expect(valueAtPath(calibrated, row[0])).toBe(Number(row[2]));
    expect(cli(['validate', join(cal, 'calibrated.yaml')], dir).code).toBe(0);
    const run = cli(['run', join(cal, 'calibrated.yaml'), '--customers', '300', '--periods', '12', '--out', join(dir, 'run'), '--no-charts', '--quiet'], dir);
    expect(run.code, run.stderr).toBe(0);
  });

  it('recovers two scales of the segment structure from the reference targets\' moments (elasticity and inertia premium)', () => {
    // Truth: every segment's price sensitivity ×1.3, every habit weight and switching cost ×0.6.
    const base = loadScenario('baseline', SIZE).scenario;
    const scaled = (field: 'priceSensitivity' | 'habitWeight' | 'switchingCost', k: number) => base.segments.flatMap((seg) => {
      const d = seg[field] as { mean: number; sd: number };
      return [`segments.${seg.name}.${field}.mean=${d.mean * k}`, `segments.${seg.name}.${field}.sd=${d.sd * k}`];
    });
    const truth = loadScenario('baseline', { ...SIZE, set: [...scaled('priceSensitivity', 1.3), ...scaled('habitWeight', 0.6), ...scaled('switchingCost', 0.6)] }).scenario;
    const elasticity: number[] = [];
    const inertia: number[] = [];
    for (let k = 0; k < SEEDS; k++) {
      const s = summarizeRun(simulate(truth, replicateSeed(1, k)));
      elasticity.push(s.market.elasticity);
      inertia.push(s.market.inertiaPremium);
    }
    const band = (x: number) => `value: ${x}, low: ${x * 0.97}, high: ${x * 1.03}`;
    const file = join(dir, 'scales.yaml');
    writeFileSync(file, `parameters:
  - { name: price scale, scale: [segments.*.priceSensitivity.mean, segments.*.priceSensitivity.sd], min: 0.5, max: 2, start: 0.8 }
  - { name: inertia scale, scale: [segments.*.habitWeight.mean, segments.*.habitWeight.sd, segments.*.switchingCost.mean, segments.*.switchingCost.sd], min: 0.25, max: 2, start: 1.2 }
targets:
  - { name: elasticity, metric: elasticity, ${band(describeValues(elasticity).mean)}, source: simulated at the true scales }
  - { name: inertia premium, metric: inertiaPremium, ${band(describeValues(inertia).mean)}, source: simulated at the true scales }
`);
    const out = join(dir, 'out-scales');
    const r = cli(['calibrate', 'baseline', '--targets', file, '--seeds', String(SEEDS), '--customers', String(SIZE.customers), '--periods', String(SIZE.periods),
      '--max-evals', '60', '--workers', '2', '--out', out, '--no-charts', '--quiet', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const fitted = Object.fromEntries((JSON.parse(r.stdout).summary.parameters as { path: string; fitted: number }[]).map((p) => [p.path, p.fitted]));
    expect(Math.abs(fitted['price scale'] - 1.3) / 1.3, `price scale ${fitted['price scale']}`).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(fitted['inertia scale'] - 0.6) / 0.6, `inertia scale ${fitted['inertia scale']}`).toBeLessThanOrEqual(TOLERANCE);
  });
});
