/**
 * evidence: the judging rule, the plan (patterns share their runs; the κ grid runs only the
 * κ-sensitive patterns, at each κ), and the quick battery end to end in process (its
 * files, the front page's line, exit 0 whatever the statuses, a rerun from the cache giving
 * the same bytes). One quick battery serves every end-to-end check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { InputError } from '../../src/errors.js';
import { judge, ratioOf, statusOf } from '../../src/experiment/kinds/evidence/judge.js';
import { evidencePlan, parseClutter, QUICK } from '../../src/experiment/kinds/evidence/kind.js';
import { rangesWhere, SCORECARD_COLUMNS, type Scored } from '../../src/experiment/kinds/evidence/outputs.js';
import { battery } from '../../src/experiment/kinds/evidence/patterns.js';
import { ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import type { CliResult } from '../helpers/cli.js';

const d = (mean: number, ciLow: number, ciHigh: number, n = 4) => ({ mean, sd: 1, ciLow, ciHigh, n });

describe('judging a pattern by its interval', () => {
  it('holds when the whole interval is in the band, fails when it is all outside, else unresolved', () => {
    expect(statusOf(d(0.7, 0.65, 0.75), { low: 0.6, high: 0.8 })).toBe('holds');
    expect(statusOf(d(0.5, 0.45, 0.55), { low: 0.6, high: 0.8 })).toBe('fails');
    expect(statusOf(d(0.9, 0.85, 0.95), { low: 0.6, high: 0.8 })).toBe('fails');
    expect(statusOf(d(0.62, 0.55, 0.69), { low: 0.6, high: 0.8 })).toBe('unresolved');
    expect(statusOf(d(1, 0.5, 1.5), { low: 0 })).toBe('holds');
    expect(statusOf(d(1, -0.5, 2.5), { low: 0 })).toBe('unresolved');
    expect(statusOf(d(-1, -2, -0.5), { low: 0 })).toBe('fails');
    expect(statusOf(d(1, NaN, NaN, 1), { low: 0 })).toBe('unresolved');
  });

  it('a ratio of means: exact when every seed has the same ratio, wider as the seeds disagree', () => {
    const same = ratioOf([[1, 2], [2, 4], [3, 6]]);
    expect(same.mean).toBeCloseTo(0.5, 12);
    expect(same.ciHigh - same.ciLow).toBeCloseTo(0, 12);
    const noisy = ratioOf([[1, 2], [3, 4], [2, 6]]);
    expect(noisy.mean).toBeCloseTo(6 / 12, 12);
    expect(noisy.ciLow).toBeLessThan(noisy.mean);
    expect(noisy.ciHigh).toBeGreaterThan(noisy.mean);
    expect(judge(noisy, { high: 10 }).seeds).toBe(3);
  });
});

describe('the battery and its plan', () => {
  const patterns = battery();
  const size = { ...QUICK, customers: 300, quick: true };
  const { plan, entries } = evidencePlan(patterns, [0, 0.2], size, 1, {});

  it('declares at least 15 patterns, each with a source, a band and runs', () => {
    expect(patterns.length).toBeGreaterThanOrEqual(15);
    expect(new Set(patterns.map((p) => p.id)).size).toBe(patterns.length);
    for (const p of patterns) {
      expect(p.source.length, p.id).toBeGreaterThan(3);
      expect(p.band.low !== undefined || p.band.high !== undefined, p.id).toBe(true);
      expect(Object.keys(p.runs).length, p.id).toBeGreaterThan(0);
    }
  });

  it('runs each distinct run once: patterns comparing the same runs share them', () => {
    const ids = plan.points.map((p) => p.label);
    expect(new Set(ids).size).toBe(ids.length);
    const shipped = entries.filter((e) => e.kappa === null);
    const used = new Set(shipped.flatMap((e) => Object.values(e.points)));
    const named = shipped.reduce((n, e) => n + Object.keys(e.points).length, 0);
    expect(used.size).toBeLessThan(named);
  });

  it('--clutter runs only the κ-sensitive patterns, at each κ, on scenarios with that κ', () => {
    const graded = entries.filter((e) => e.kappa !== null);
    expect(graded.length).toBe(2 * patterns.filter((p) => p.clutter).length);
    for (const e of graded) {
      expect(e.pattern.clutter).toBe(true);
      for (const i of Object.values(e.points)) expect(plan.points[i].scenario.clutter).toBe(e.kappa);
    }
    expect(parseClutter('0.2, 0,0.1')).toEqual([0, 0.1, 0.2]);
    expect(() => parseClutter('0,x')).toThrow(InputError);
    expect(() => parseClutter('1.5')).toThrow(/between 0 and 1/);
  });

  it('the κ range: grid values where every κ-sensitive pattern holds, as contiguous ranges', () => {
    const at = (kappa: number, status: Scored['status']) => ({ kappa, status }) as Scored;
    const rows = [at(0, 'fails'), at(0.1, 'holds'), at(0.1, 'holds'), at(0.2, 'holds'), at(0.3, 'unresolved'), at(0.4, 'holds')];
    expect(rangesWhere([0, 0.1, 0.2, 0.3, 0.4], rows, (s) => s === 'holds')).toEqual([[0.1, 0.2], [0.4, 0.4]]);
    expect(rangesWhere([0, 0.1, 0.2, 0.3, 0.4], rows, (s) => s !== 'fails')).toEqual([[0.1, 0.4]]);
  });
});

describe('evidence --quick, end to end', () => {
  let out: string;
  let first: CliResult;
  let scorecard: string;
  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('evidence');
    first = await cliInProcess(['evidence', '--quick', '--out', out, '--workers', '2'], { cwd: out });
    scorecard = readFileSync(join(out, 'evidence', 'scorecard.csv'), 'utf8');
  }, 240_000);
  afterAll(() => removeDir(out));

  it('exits 0 whatever the statuses, with one scorecard row per pattern', () => {
    expect(first.code, first.stderr).toBe(0);
    const { header, rows } = parseCsv(scorecard);
    expect(header).toEqual([...SCORECARD_COLUMNS]);
    expect(rows.length).toBe(battery().length);
    const statuses = rows.map((r) => r[8]);
    for (const s of statuses) expect(['holds', 'fails', 'unresolved']).toContain(s);
    for (const r of rows) expect(Number.isFinite(Number(r[4])), r[0]).toBe(true);
    expect(rows.every((r) => Number(r[7]) === QUICK.seeds)).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'evidence', 'summary.json'), 'utf8'));
    expect(summary.holds).toBe(statuses.filter((s) => s === 'holds').length);
    expect(summary.holds + summary.fails + summary.unresolved).toBe(rows.length);
    expect(existsSync(join(out, 'evidence', 'report.html'))).toBe(true);
  });

  it('the front page says how many published patterns hold and links to the scorecard', () => {
    const summary = JSON.parse(readFileSync(join(out, 'evidence', 'summary.json'), 'utf8'));
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain(`${summary.holds} of ${summary.patterns} published patterns hold`);
    expect(index).toContain('href="evidence/report.html"');
  });

  it('a rerun reuses every run from the cache and writes the same scorecard', async () => {
    const again = await cliInProcess(['evidence', '--quick', '--out', out, '--workers', '2'], { cwd: out });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/evidence/);
    expect(readFileSync(join(out, 'evidence', 'scorecard.csv'), 'utf8')).toBe(scorecard);
    const manifest = JSON.parse(readFileSync(join(out, 'evidence', 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toMatch(/"computed":0/);
  });
});
