/**
 * An interrupted calibration resumes from its cached runs: kill -9 a fit part-way (in the
 * search, then in the Jacobian's runs after it), run the same command again, and it
 * computes only what is missing and ends with the same bytes
 * as a fit that was never interrupted (run with another worker count); a third run
 * computes nothing. Also: the report and the output index are written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashOutputs } from '../../src/io/manifest.js';
import { cli, ensureBuilt, spawnCli, tempDir } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = tempDir('calibrate-resume');
  writeFileSync(join(dir, 'targets.yaml'), `parameters:
  - { path: segments.priceSeekers.priceSensitivity.mean, min: 0.4, max: 1.4 }
  - { path: firms.Delta.price, min: 8.5, max: 10.5 }
targets:
  - { name: salience, metric: priceSalience, value: 2.6, low: 2.0, high: 3.2, source: a meta-analysis }
  - { name: value share, metric: share, firm: Delta, value: 0.2, low: 0.15, high: 0.25, source: a panel, kind: soft }
`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (out: string, workers: string) => ['calibrate', 'baseline', '--targets', 'targets.yaml', '--seeds', '3', '--customers', '1000', '--periods', '104',
  '--max-evals', '16', '--workers', workers, '--out', out, '--json'];

const runFiles = (out: string): number => {
  const runs = join(out, 'baseline', 'calibrate', 'runs');
  return existsSync(runs) ? readdirSync(runs).filter((f) => f.endsWith('.bin')).length : 0;
};

const outputs = (out: string) => {
  const all = hashOutputs(join(out, 'baseline', 'calibrate'));
  return all;
};

/** Start the fit in `out` and kill -9 it once `files` runs are saved there; how many were. */
async function killedAt(out: string, files: number): Promise<number> {
  const child = spawnCli(args(out, '2'), { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  for (let i = 0; i < 4800 && runFiles(out) < files; i++) await new Promise((r) => setTimeout(r, 25));
  child.kill('SIGKILL');
  expect(await exited).toBe(null); // killed, not finished
  const saved = runFiles(out);
  expect(saved).toBeGreaterThanOrEqual(files);
  return saved;
}

describe('calibrate resumes', () => {
  it('after kill -9, recomputes nothing it had and ends with the same bytes', async () => {
    const whole = join(dir, 'whole');
    const first = await cli(args(whole, '1'), { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const total = JSON.parse(first.stdout).computed as number;
    expect(total).toBeGreaterThan(12);
    for (const f of ['fit.csv', 'parameters.csv', 'jacobian.csv', 'evaluations.csv', 'calibrated.yaml', 'summary.json', 'report.html', 'charts/convergence.svg', 'charts/fit.png', 'charts/jacobian.svg']) {
      expect(existsSync(join(whole, 'baseline', 'calibrate', f)), f).toBe(true);
    }
    expect(readFileSync(join(whole, 'index.html'), 'utf8')).toContain('baseline/calibrate/report.html');
    // the fit table in words: band, achieved ± half-interval, within or not
    expect(first.stderr).toMatch(/salience \(market priceSalience, hard\): band 2\.00–3\.20 \(value 2\.60\), achieved \d\.\d\d ± \d\.\d\d \(95% CI \d\.\d\d–\d\.\d\d\): (within|NOT within|OUTSIDE)/);
    expect(first.stderr).toMatch(/value share \(Delta share, soft\): band/);

    // Interrupted twice: killed in the search once a few runs are saved, then again in the
    // Jacobian's runs (the last 2 parameters × 2 steps × 3 seeds = 12 of the fit).
    const cut = join(dir, 'cut');
    const saved = await killedAt(cut, 6);
    expect(saved).toBeLessThan(total - 12);
    const savedLate = await killedAt(cut, total - 6);
    expect(savedLate).toBeLessThan(total);

    const resumed = await cli(args(cut, '2'), { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = JSON.parse(resumed.stdout);
    expect(r.reused).toBeGreaterThanOrEqual(savedLate);
    expect(r.computed).toBe(total - r.reused);
    const a = outputs(whole);
    const b = outputs(cut);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);

    // Once more: everything from the cache.
    const again = await cli(args(cut, '1'), { cwd: dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).computed).toBe(0);
    expect(again.stderr).toContain(`0 runs computed, ${total} reused`);
    expect(outputs(cut)).toEqual(a);
  });
});
