/**
 * The run report and the output index: files written, self-contained and deterministic
 * HTML, findings from the numbers, and `report <dir>` redrawing a saved run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeRunOutput } from '../../src/report/run-files.js';
import { readRunDir } from '../../src/report/read-run.js';
import { summarizeRun } from '../../src/model/summary.js';
import { command as reportCommand } from '../../src/cli/commands/report.js';
import { runFindings } from '../../src/report/run-findings.js';
import { renderRunReport } from '../../src/report/run-report.js';
import { renderExperimentReport } from '../helpers/experiment-report.js';
import { writeFrontPage } from '../../src/cli/front-page.js';
import { fixtureExperiment } from './experiment-fixture.js';
import { stopRenderWorker } from '../../src/report/render.js';
import { num, pct, sharePoints, sig } from '../../src/report/format.js';
import { InputError } from '../../src/errors.js';
import { fixtureRun, fixtureScenario } from './fixture.js';
import { gameAnswer } from '../../src/report/game-words.js';
import { topicOf } from '../../src/report/questions.js';
import { loadScenario } from '../../src/scenario/load.js';

let out: string;
const runDir = () => join(out, 'fixture', 'seed-1');

/** A run directory as `loyalty-sim run` writes it. */
function writeRun(dir: string, seed = 1): void {
  const scenario = fixtureScenario();
  const result = fixtureRun({ seed });
  writeRunOutput(dir, scenario, result, { charts: true, argv: ['run'], inputFile: '', renderReport: (tmp) => renderRunReport(tmp, { scenario, result }) });
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'loyalty-report-'));
  writeRun(runDir());
  writeFrontPage(out);
});
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await stopRenderWorker();
});

describe('run report', () => {
  test('charts/ holds a Vega-Lite spec, an SVG and a PNG per chart, and report.html exists', () => {
    const files = readdirSync(join(runDir(), 'charts'));
    const count = (ext: string) => files.filter((f) => f.endsWith(ext)).length;
    expect(count('.vl.json')).toBe(9);
    expect(count('.svg')).toBe(9);
    expect(count('.png')).toBe(9);
    expect(existsSync(join(runDir(), 'report.html'))).toBe(true);
    const spec = JSON.parse(readFileSync(join(runDir(), 'charts', 'share.vl.json'), 'utf8'));
    expect(spec.$schema).toContain('vega-lite');
  });

  test('report.html is self-contained: inline bundles, no network, no stray </script>', () => {
    const html = readFileSync(join(runDir(), 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|fastly)/);
    expect(html).toContain('/* vega */');
    expect(html).toContain('/* vega-embed */');
    const scripts = html.match(/<script[\s\S]*?<\/script>/g)!;
    expect(scripts.length).toBe(4); // vega, vega-embed, the specs, the embedding
    expect(html).toContain('Does a lone points program win share');
    expect(html).toContain('<h2>Findings</h2>');
    // the page says it is one draw, before any figure
    expect(html).toContain('<title>fixture — one draw, seed 1</title>');
    expect(html).toMatch(/<p class="basis">One draw, seed 1: one simulated history/);
  });

  test('the same run gives byte-identical charts and report', () => {
    const again = join(out, 'again', 'fixture', 'seed-1');
    writeRun(again);
    for (const f of ['report.html', ...readdirSync(join(runDir(), 'charts')).map((c) => join('charts', c))]) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(runDir(), f))), f).toBe(true);
    }
    rmSync(join(out, 'again'), { recursive: true });
  });

  test('findings state the figures: the launch gain in share points, profit, churn causes', () => {
    const result = fixtureRun();
    const summary = summarizeRun(result);
    const { sentences: findings, basis } = runFindings({ result, summary, periodsPerYear: 52, reviewEvery: 13 });
    expect(basis).toMatch(/^one draw, seed 1: one simulated history, no intervals/);
    const launch = findings[0];
    expect(launch).toMatch(/^Bravo launches a points program in period 52 \(year 1\.0\): its share moves from \d+\.\d% in the 13 periods before to \d+\.\d% in the last quarter \(\+\d+\.\d points\)\./);
    const before = /from (\d+\.\d)%/.exec(launch)![1];
    const after = /to (\d+\.\d)% in the last/.exec(launch)![1];
    const gain = /\(\+(\d+\.\d) points\)/.exec(launch)![1];
    expect(Number(gain)).toBeCloseTo(Number(after) - Number(before), 0);
    expect(findings.some((f) => f.startsWith('Profit over the whole run'))).toBe(true);
    expect(findings.some((f) => /^Which customers leave, and why .*Alpha loses .*Bravo loses .*Discounter loses/.test(f))).toBe(true);
  });
});

describe('number formats', () => {
  test('locale-free, grouped, signed', () => {
    expect(num(1234567.891, 1)).toBe('1,234,567.9');
    expect(num(-0.04, 1)).toBe('0.0');
    expect(num(-12.5, 1)).toBe('−12.5');
    expect(pct(0.3123)).toBe('31.2%');
    expect(sharePoints(0.061)).toBe('+6.1 points');
    expect(sig(0.012345)).toBe('0.0123');
    expect([sig(1.234e-300), sig(-5e-324)]).toEqual(['1.23e-300', '−4.94e-324']); // toFixed takes at most 100 decimals, and a promise of 1e-300 is valid
    expect(num(NaN)).toBe('–');
  });
});

describe('output index', () => {
  test('a front page: per scenario the question, the answer with its basis and a chart; sorted; half-built directories ignored', () => {
    writeRun(join(out, 'fixture', 'seed-10'), 10);
    writeRun(join(out, 'fixture', 'seed-2'), 2);
    mkdirSync(join(out, 'fixture', '.seed-3.building-1-0'), { recursive: true });
    mkdirSync(join(out, 'other', 'seed-1'), { recursive: true }); // no report: not listed
    writeFrontPage(out);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const reports = [...new Set([...html.matchAll(/href="([^"#]+)"/g)].map((m) => m[1]))];
    expect(reports).toEqual(['fixture/seed-1/report.html', 'fixture/seed-2/report.html', 'fixture/seed-10/report.html']);
    expect(html).toContain('src="fixture/seed-1/charts/share.png"');
    expect(html).toContain('<p class="question">Does a lone points program win share');
    // the answer is the report's first finding, with what it compares
    const result = fixtureRun();
    const findings = runFindings({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13 });
    expect(html).toContain(`<p class="answer">${findings.sentences[0].replace(/&/g, '&amp;').replace(/'/g, '&#39;')}</p>`);
    expect(html).toMatch(/<p class="basis">One draw, seed 1/);
    // the chart is shown large, not as a thumbnail
    expect(html).toMatch(/img\.chart \{[^}]*width: 100%/);
    expect(html).not.toContain('explore.html'); // no explorer page yet: no link
    writeFileSync(join(out, 'fixture', 'explore.html'), '<!doctype html>');
    writeFrontPage(out);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<a href="fixture/explore.html">Explore this market live</a>');
    const first = readFileSync(join(out, 'index.html'));
    writeFrontPage(out);
    expect(readFileSync(join(out, 'index.html')).equals(first)).toBe(true);
  });

  test('experiments are grouped by kind; a game shows its verdict from summary.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'loyalty-index-'));
    try {
      for (const kind of ['compare', 'game'] as const) {
        const dir = join(root, kind === 'game' ? 'theatre' : 'baseline-vs-first-mover', kind);
        mkdirSync(dir, { recursive: true });
        renderExperimentReport(dir, fixtureExperiment(kind));
      }
      writeFileSync(join(root, 'theatre', 'game', 'summary.json'), JSON.stringify({ verdict: 'prisoners-dilemma' }));
      writeFrontPage(root);
      const html = readFileSync(join(root, 'index.html'), 'utf8');
      const compare = html.indexOf('<section class="kind" id="kind-compare">');
      const game = html.indexOf('<section class="kind" id="kind-game">');
      expect(compare).toBeGreaterThan(0);
      expect(game).toBeGreaterThan(compare);
      expect(html.slice(game)).toContain('Verdict: <strong>prisoners-dilemma</strong>');
      expect(html.slice(compare, game)).toMatch(/<p class="answer">first-mover against baseline, share: Alpha −\d\.\d points \(95% CI/);
      expect(html.slice(compare, game)).toContain('Paired over 6 seeds vs baseline');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the front page leads with the answer', () => {
  test('the answers first (verdict, each firm against restraint with its interval, who wins and who loses), then the evidence line, then the scenarios under their questions', () => {
    const root = mkdtempSync(join(tmpdir(), 'loyalty-front-'));
    try {
      const report = (dir: string, content: object) => {
        mkdirSync(join(root, dir), { recursive: true });
        writeFileSync(join(root, dir, 'report.json'), JSON.stringify(content));
      };
      // runs as the run report writes them, each with its scenario's question
      const names = ['why-customers-leave', 'lock-in-status', 'program-targeted', 'theatre'];
      for (const name of names) report(join(name, 'seed-1'), { title: `${name} — one draw, seed 1`, question: `${name}: its question`, findings: [`${name} finding`], topic: topicOf(loadScenario(name).scenario) });
      const game = fixtureExperiment('game').game!;
      report(join('theatre', 'game'), { title: 'theatre: the strategy game', question: 'Every firm launches a points program.', findings: ['Verdict: …'], verdict: game.verdict, answer: gameAnswer(game, 'week') });
      writeFrontPage(root);
      let html = readFileSync(join(root, 'index.html'), 'utf8');
      const at = (text: string) => { const i = html.indexOf(text); expect(i, text).toBeGreaterThan(0); return i; };
      expect(at('<section class="answers" id="answers">')).toBeLessThan(at('<section class="topic"'));
      const answer = html.slice(at('<article class="market" id="answer-theatre-game">'), at('</article>'));
      expect(answer).toContain('Verdict: <strong>prisoners-dilemma</strong>');
      expect(answer).toMatch(/<td>Alpha<\/td><td class="num">−1,300 \(95% CI −1,500 to −1,100\)<\/td><td>worse<\/td>/);
      expect(answer).toMatch(/<p class="who">No firm gains against restraint\. Losers: /);
      // the questions in their order, not the alphabet's
      const order = ['theatre', 'program-targeted', 'lock-in-status', 'why-customers-leave'].map((n) => at(`id="scenario-${n}"`));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(at('When firms launch loyalty programs, who gains?')).toBeLessThan(order[0]);
      expect(html).not.toContain('class="evidence"');
      // the evidence scorecard's line, once that result exists
      report('evidence', { title: 'evidence', question: 'Do the published patterns hold?', findings: ['9 of 12 published patterns hold.'] });
      writeFrontPage(root);
      html = readFileSync(join(root, 'index.html'), 'utf8');
      expect(html).toContain('<p class="evidence"><a href="evidence/report.html">Evidence scorecard</a>: 9 of 12 published patterns hold.</p>');
      expect(at('class="evidence"')).toBeGreaterThan(at('id="answers"'));
      expect(at('class="evidence"')).toBeLessThan(at('<section class="topic"'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('loyalty-sim report <dir>', () => {
  test('a saved run reads back into the same result', () => {
    const { scenario, result } = readRunDir(runDir());
    const original = fixtureRun();
    expect(scenario.name).toBe('fixture');
    expect(result.firmNames).toEqual(original.firmNames);
    expect(result.failureKinds).toEqual(original.failureKinds);
    expect(result.events).toEqual(original.events);
    expect(result.final).toEqual(original.final);
    for (const metric of ['share', 'profit', 'pointsLiability'] as const) {
      result.firm[metric].forEach((v, i) => expect(v).toBeCloseTo(original.firm[metric][i], 4));
    }
    result.market.priceSalience.forEach((v, i) => expect(v).toBeCloseTo(original.market.priceSalience[i], 6));
    // churn-causes.csv: the switches by cause, per firm left and per segment
    expect(result.segmentNames).toEqual(original.segmentNames);
    expect(result.leavers.causes).toEqual(original.leavers.causes);
    expect(Array.from(result.leavers.byFirm)).toEqual(Array.from(original.leavers.byFirm));
    expect(Array.from(result.leavers.bySegment)).toEqual(Array.from(original.leavers.bySegment));
  });

  test('redraws charts and report identical to the run\'s own, and keeps the manifest current', async () => {
    const before = readFileSync(join(runDir(), 'report.html'));
    const shareSvg = readFileSync(join(runDir(), 'charts', 'share.svg'));
    rmSync(join(runDir(), 'charts', 'price.png'));
    writeFileSync(join(runDir(), 'charts', 'stale.svg'), '<svg/>');
    await reportCommand.handler!({ dir: runDir(), index: true, quiet: true, _: [], $0: 'loyalty-sim' });
    expect(readFileSync(join(runDir(), 'report.html')).equals(before)).toBe(true);
    expect(readFileSync(join(runDir(), 'charts', 'share.svg')).equals(shareSvg)).toBe(true);
    expect(existsSync(join(runDir(), 'charts', 'price.png'))).toBe(true);
    expect(existsSync(join(runDir(), 'charts', 'stale.svg'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(runDir(), 'manifest.json'), 'utf8'));
    expect(manifest.command).toEqual(['run']);
    expect(Object.keys(manifest.outputs)).toContain('charts/price.png');
    expect(Object.keys(manifest.outputs)).not.toContain('charts/stale.svg');
  });

  test('a directory that is not a run is refused with a clear message', async () => {
    const empty = join(out, 'empty');
    mkdirSync(empty);
    await expect(async () => reportCommand.handler!({ dir: empty, index: false, quiet: true, _: [], $0: 'loyalty-sim' })).rejects.toThrow(InputError);
    await expect(async () => reportCommand.handler!({ dir: join(out, 'missing'), index: false, quiet: true, _: [], $0: 'loyalty-sim' })).rejects.toThrow(/expected a result directory/);
    const broken = join(out, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'timeseries.csv'), 'period,firm\n');
    expect(() => readRunDir(broken)).toThrow(/scenario\.json: missing/);
  });
});
