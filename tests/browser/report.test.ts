/**
 * Acceptance: a real headless Chromium opens run reports, every kind of experiment report
 * and the output index from file:// with the network off: no console errors, every chart
 * drawn by vega (an svg of class "marks"), tooltips and legend selection work, the
 * findings say what they compare, the index shows each answer with a chart large enough
 * to read, and no screenshot is blank.
 *
 * Never skipped: without Chromium the file fails, loudly (.ci/run installs Debian's
 * chromium; elsewhere `apt-get install -y chromium`, or CHROMIUM_PATH).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderRunReport } from '../../src/report/run-report.js';
import { renderExperimentReport } from '../helpers/experiment-report.js';
import { writeFrontPage } from '../../src/cli/front-page.js';
import { fixtureRun, fixtureScenario } from '../report/fixture.js';
import { fixtureExperiment } from '../report/experiment-fixture.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { decodePng, inkStats } from './png.js';
import { gameAnswer } from '../../src/report/game-words.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`browser test: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium; .ci/run does) or point CHROMIUM_PATH at one: the reports are only tested in a browser here`);
}

describe('reports in a real browser, offline', () => {
  let out: string;
  let browser: Browser;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'loyalty-report-browser-'));
    const runDir = join(out, 'fixture', 'seed-1');
    mkdirSync(runDir, { recursive: true });
    renderRunReport(runDir, { scenario: fixtureScenario(), result: fixtureRun() });
    // and a real run of a shipped scenario, small
    const { scenario } = loadScenario('first-mover', { customers: 2000, periods: 104 });
    const realDir = join(out, scenario.name, 'seed-3');
    mkdirSync(realDir, { recursive: true });
    renderRunReport(realDir, { scenario, result: simulate(scenario, 3) });
    for (const kind of ['replicate', 'compare', 'grid', 'game'] as const) {
      const dir = join(out, 'fixture', kind);
      mkdirSync(dir, { recursive: true });
      const input = fixtureExperiment(kind);
      renderExperimentReport(dir, kind === 'compare' ? { ...input, scenarioDiff: [{ path: 'firms.Bravo.program', values: ['none', '{"enabled":true}'] }] } : input);
    }
    writeFileSync(join(out, 'fixture', 'game', 'summary.json'), JSON.stringify({ verdict: 'prisoners-dilemma' }));
    writeFrontPage(out);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** Open a page with every non-file request refused; collect what the console says. */
  async function open(file: string, viewport = { width: 1100, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ offline: true, viewport });
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems };
  }

  async function expectAllChartsDrawn(page: Page): Promise<number> {
    const charts = await page.locator('div.chart').count();
    expect(charts).toBeGreaterThanOrEqual(3);
    await page.waitForFunction((n) => document.querySelectorAll('div.chart svg.marks').length === n, charts, { timeout: 20_000 });
    return charts;
  }

  async function expectNotBlank(page: Page): Promise<void> {
    const { inked, colours } = inkStats(await page.screenshot({ fullPage: true }));
    expect(colours).toBeGreaterThan(20);
    expect(inked).toBeGreaterThan(0.02);
  }

  test('a run report draws every chart, offline, without console errors', async () => {
    const { page, problems } = await open(join(out, 'fixture', 'seed-1', 'report.html'));
    expect(await expectAllChartsDrawn(page)).toBe(9);
    await expectNotBlank(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('a real run\'s report draws every chart and says its findings come from one draw', async () => {
    const { page, problems } = await open(join(out, 'first-mover', 'seed-3', 'report.html'));
    expect(await expectAllChartsDrawn(page)).toBe(9);
    await expectNotBlank(page);
    expect(await page.locator('h1').textContent()).toBe('first-mover — one draw, seed 3');
    expect(await page.locator('#findings .basis').textContent()).toMatch(/^One draw, seed 3: one simulated history, no intervals/);
    expect(await page.locator('#findings li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#findings li').first().textContent()).toMatch(/^Boreal launches its points program in period 52/);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('tooltips show values on hover and the legend selects a firm', async () => {
    const { page, problems } = await open(join(out, 'fixture', 'seed-1', 'report.html'));
    await expectAllChartsDrawn(page);
    const plot = page.locator('#chart-share svg.marks .role-frame.root');
    // the pointer reaches only what is on screen: bring the chart up before measuring it
    await page.locator('#chart-share svg.marks').scrollIntoViewIfNeeded();
    const box = (await page.locator('#chart-share svg.marks').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
    await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5_000 });
    expect(await page.locator('#vg-tooltip-element').textContent()).toContain('period');
    expect(await plot.count()).toBe(1);

    const opacities = () => page.$$eval('#chart-share .mark-line.role-mark path', (ps) => ps.map((p) => p.getAttribute('opacity')));
    expect(new Set(await opacities())).toEqual(new Set(['1']));
    await page.locator('#chart-share .role-legend-entry .role-legend-label text').first().click();
    await page.waitForFunction(() => [...document.querySelectorAll('#chart-share .mark-line.role-mark path')].some((p) => p.getAttribute('opacity') !== '1'));
    const after = await opacities();
    expect(after.filter((o) => o === '1')).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  /** What each experiment report's findings must say: the basis of its figures, and its first sentence. */
  const FINDINGS: Record<string, [RegExp, RegExp]> = {
    replicate: [/^Mean over 6 seeds/, /^Alpha: share \d+\.\d% \(95% CI/],
    compare: [/^Paired over 6 seeds vs baseline/, /^first-mover against baseline, share: Alpha −\d\.\d points \(95% CI/],
    grid: [/grid points × 6 seeds/, /profit is highest at/],
    game: [/^Every strategy profile on the same 6 seeds/, /^Verdict: a prisoner's dilemma/],
  };

  test.each(['replicate', 'compare', 'grid', 'game'])('the %s report draws every chart and states its findings with their basis', async (kind) => {
    const { page, problems } = await open(join(out, 'fixture', kind, 'report.html'));
    await expectAllChartsDrawn(page);
    await expectNotBlank(page);
    const [basis, first] = FINDINGS[kind];
    expect(await page.locator('#findings .basis').textContent()).toMatch(basis);
    expect(await page.locator('#findings li').first().textContent()).toMatch(first);
    if (kind === 'compare') {
      // the page opens with what differs between the scenarios
      expect(await page.locator('header .question').textContent()).toContain('Settings that differ (baseline → first-mover):\n  firms.Bravo.program: none → {"enabled":true}');
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('the output index: per result the answer, its basis and a chart large enough to read; the game\'s verdict', async () => {
    const { page, problems } = await open(join(out, 'index.html'));
    expect(await page.locator('article.result').count()).toBe(6);
    expect(await page.locator('section.scenario').count()).toBe(2); // fixture and first-mover: runs per scenario
    expect(await page.locator('section.kind').count()).toBe(4); // replicate, compare, grid, game
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10_000 });
    const widths = await page.$$eval('article.result img.chart', (images) => images.map((i) => (i as HTMLImageElement).getBoundingClientRect().width));
    expect(widths).toHaveLength(6);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(600); // not a thumbnail
    const answers = await page.locator('article.result .answer').allTextContents();
    expect(answers).toHaveLength(6);
    for (const a of answers) expect(a.length).toBeGreaterThan(30);
    expect(answers.some((a) => /^Boreal launches its points program in period 52/.test(a))).toBe(true);
    expect(await page.locator('#scenario-first-mover .question').textContent()).toContain('Boreal');
    expect(await page.locator('#kind-game .verdict').textContent()).toBe('Verdict: prisoners-dilemma');
    expect(await page.locator('#kind-compare .basis').textContent()).toMatch(/^Paired over 6 seeds vs baseline/);
    await expectNotBlank(page);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  test('the front page\'s first 1,000 px carry each market\'s verdict and every firm\'s profit against restraint with its interval (DOM and screenshot)', async () => {
    // the main job's tree: the three theatre games and, below them, two dozen scenario runs
    const front = join(out, 'front');
    const game = fixtureExperiment('game').game!;
    const write = (dir: string, content: object) => {
      mkdirSync(join(front, dir), { recursive: true });
      writeFileSync(join(front, dir, 'report.json'), JSON.stringify(content));
    };
    for (const market of ['theatre-lookalike', 'theatre', 'theatre-no-clutter']) {
      write(join(market, 'game'), { title: `${market}: the strategy game`, question: `${market}: who gains when every firm can launch a program?`, findings: ['Verdict: …'], verdict: game.verdict, answer: gameAnswer(game, 'week') });
    }
    for (let i = 0; i < 24; i++) write(join(`scenario-${String(i).padStart(2, '0')}`, 'seed-1'), { title: `scenario ${i}`, question: 'A question.', findings: ['A finding of some length, as a run\'s first finding is.'], topic: 'When firms launch loyalty programs, who gains?' });
    writeFrontPage(front);
    const { page, problems } = await open(join(front, 'index.html'), { width: 1280, height: 1000 });
    const markets = page.locator('article.market');
    expect(await markets.count()).toBe(3);
    const shot = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 1000 } }));
    for (let k = 0; k < 3; k++) {
      const market = markets.nth(k);
      const box = (await market.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(1000);
      expect(await market.locator('.verdict').textContent()).toMatch(/^Verdict: prisoners-dilemma — /);
      const values = await market.locator('table.figures td.num').allTextContents();
      expect(values).toHaveLength(game.players.length);
      for (const v of values) expect(v).toMatch(/^[+−][\d,.]+ \(95% CI −?[\d,.]+(–| to )−?[\d,.]+\)$/);
      expect(await market.locator('.who').textContent()).toMatch(/Losers?: /);
      // and the pixels: the block is drawn inside the first screen (text on the page's white)
      const { width, channels, pixels } = shot;
      let inked = 0;
      for (let y = Math.floor(box.y); y < Math.floor(box.y + box.height); y++) {
        for (let x = Math.floor(box.x); x < Math.floor(box.x + box.width); x++) {
          const i = (y * width + x) * channels;
          if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 160) inked++;
        }
      }
      expect(inked / (box.width * box.height)).toBeGreaterThan(0.02);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
