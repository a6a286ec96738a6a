/** Reports of replicate, compare, grid and game: the charts of each kind and findings with intervals. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { experimentCharts, experimentFindings, renderExperimentReport } from '../helpers/experiment-report.js';
import { pairedDifferences, summaryIntervals } from '../../src/report/experiment-data.js';
import { stopRenderWorker } from '../../src/report/render.js';
import { describe as describeValues } from '../../src/stats/index.js';
import { fixtureExperiment } from './experiment-fixture.js';

const out = mkdtempSync(join(tmpdir(), 'loyalty-experiment-report-'));
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await stopRenderWorker();
});

describe('experiment charts', () => {
  test.each([
    ['replicate', ['mean-share', 'mean-profit', 'mean-price', 'mean-priceSalience', 'summary-intervals']],
    ['compare', ['mean-share', 'mean-profit', 'mean-price', 'mean-priceSalience', 'differences-share', 'differences-profit', 'paired-differences', 'summary-intervals']],
    ['grid', ['response-firms_1_program_rewardRate', 'response-clutter', 'heatmap-profit', 'heatmap-share']],
    ['game', ['payoffs', 'payoff-shares', 'vs-restraint', 'theatre']],
  ] as const)('%s draws %j', (kind, names) => {
    expect(experimentCharts(fixtureExperiment(kind)).map((c) => c.name)).toEqual(names);
  });

  test.each(['replicate', 'compare', 'grid', 'game'] as const)('the %s report renders every chart and a report', (kind) => {
    const dir = join(out, kind);
    renderExperimentReport(dir, fixtureExperiment(kind));
    const files = readdirSync(join(dir, 'charts'));
    const charts = experimentCharts(fixtureExperiment(kind)).length;
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(charts);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(charts);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain(fixtureExperiment(kind).description.replace(/'/g, '&#39;'));
  });
});

describe('experiment findings', () => {
  test('replicate: each firm\'s share and profit with a 95% interval', () => {
    const { sentences: findings, basis } = experimentFindings(fixtureExperiment('replicate'));
    expect(basis).toMatch(/^mean over 6 seeds \(seeds 1–6\)/);
    expect(findings).toHaveLength(3);
    expect(findings[1]).toMatch(/^Bravo: share \d+\.\d% \(95% CI \d+\.\d%–\d+\.\d%\), profit [\d,]+ \(95% CI [\d,]+–[\d,]+\) over 6 seeds\.$/);
  });

  test('compare: paired differences in share points with intervals', () => {
    const { sentences: findings, basis } = experimentFindings(fixtureExperiment('compare'));
    expect(basis).toMatch(/^paired over 6 seeds vs baseline/);
    expect(findings[0]).toMatch(/^first-mover against baseline, share: Alpha −\d\.\d points \(95% CI .*\); Bravo \+\d\.\d points \(95% CI \d\.\d–\d\.\d\)/);
  });

  test('game: the verdict, the equilibria and the evidence', () => {
    const findings = experimentFindings(fixtureExperiment('game')).sentences;
    expect(findings[0]).toMatch(/^Verdict: a prisoner's dilemma/);
    expect(findings[1]).toMatch(/^Against mutual restraint, profit per period in the equilibrium: worse off Alpha −1,300 \(95% CI −1,500 to −1,100\)/);
    expect(findings[2]).toBe('Pure Nash equilibria: Alpha + Bravo + Discounter.');
    expect(findings[3]).toContain('Everyone adopting');
  });

  test('grid: where each firm\'s profit peaks', () => {
    const findings = experimentFindings(fixtureExperiment('grid')).sentences;
    expect(findings.find((f) => f.startsWith('Bravo'))).toMatch(/highest at firms\.1\.program\.rewardRate = 0\.04, clutter = 0/);
  });
});

describe('statistics for the report', () => {
  test('t intervals', () => {
    const m = describeValues([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.ciHigh - m.mean).toBeCloseTo(3.182 * Math.sqrt(1.6667 / 4), 3);
    expect(Number.isNaN(describeValues([5]).ciLow)).toBe(true);
  });

  test('paired differences pair runs by seed', () => {
    const runs = [1, 2, 3].flatMap((seed) => [
      { scenario: 'ref', params: {}, replicate: seed, seed, firm: 'A', metric: 'share', value: 0.3 + seed / 100 },
      { scenario: 'alt', params: {}, replicate: seed, seed, firm: 'A', metric: 'share', value: 0.35 + seed / 100 },
    ]);
    const [d] = pairedDifferences(runs, 'ref', ['share']);
    expect(d.mean).toBeCloseTo(0.05, 12);
    expect(d.ciHigh - d.ciLow).toBeCloseTo(0, 12); // the seed effect cancels exactly
    expect(d.pBetter).toBe(1);
    expect(summaryIntervals(runs, ['share'])).toHaveLength(2);
  });
});
