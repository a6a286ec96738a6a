/**
 * The explorer in a real headless Chromium, opened from file:// with every non-file
 * request refused and recorded: the first run gives the summary `loyalty-sim run` writes
 * for the same scenario and seed; moving a lever redraws the charts and again matches the
 * CLI with the same setting (--set); the saved scenario validates and runs in the CLI with
 * the same summary; compare pairs on the seed; the theatre panel fills; a new setting
 * cancels the run in progress while the page stays responsive; no request leaves the page.
 * Without /usr/bin/chromium it skips outside CI and fails in CI.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';
import { stableJson } from '../../src/io/json.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun, type RunSummary } from '../../src/model/summary.js';
import { LEVER_SOURCE, programSpec, scenarioWithLevers, type Levers } from '../../src/explore/levers.js';
import { scenarioForProfile } from '../../src/experiment/kinds/game/profiles.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`explore browser test: no Chromium at ${CHROMIUM}; CI must install it (apt-get install -y chromium)`);
if (!available) console.warn(`explore browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium); in CI it runs`);

const SIZE = ['--customers', '2000', '--periods', '104'];
const SEED = 3;

describe.skipIf(!available)('the explorer in a real browser, offline', () => {
  let out: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const offPage: string[] = [];
  const problems: string[] = [];

  /** `loyalty-sim run` of `scenario` at the test size and seed, with these --set options: its summary.json. */
  let cliRuns = 0;
  async function cliSummary(scenario: string, set: readonly string[] = [], name = 'theatre', seed = SEED): Promise<RunSummary> {
    const dir = join(out, `cli-${++cliRuns}`);
    const r = await cli(['run', scenario, ...SIZE, '--seed', String(seed), ...set.flatMap((s) => ['--set', s]), '--out', dir, '--no-charts', '--quiet'], { cwd: out });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(readFileSync(join(dir, name, `seed-${seed}`, 'summary.json'), 'utf8')) as RunSummary;
  }

  const pageSummary = (): Promise<RunSummary> => page.evaluate(() => (window as unknown as { loyaltyExplore: { summary: RunSummary } }).loyaltyExplore.summary);
  /** As summary.json writes it (12 significant digits). */
  const asWritten = (s: RunSummary): unknown => JSON.parse(stableJson(s));
  const waitRuns = (n: number) => page.waitForFunction((k) => Number(document.body.dataset.runs) >= k && document.body.dataset.status === 'done', n, { timeout: 60_000 });
  const chartSvg = (id: string) => page.locator(`#${id} svg`).first().innerHTML();

  async function setLever(path: string, value: string): Promise<void> {
    const box = page.locator(`input[type=number][data-path="${path}"]`);
    await box.fill(value);
    await box.dispatchEvent('input');
  }

  /** Several levers at once, as one edit (one input event). */
  async function setLevers(values: Record<string, string>): Promise<void> {
    await page.evaluate((v) => {
      for (const [path, value] of Object.entries(v)) (document.querySelector(`input[type=number][data-path="${path}"]`) as HTMLInputElement).value = value;
      document.getElementById('levers')?.dispatchEvent(new Event('input', { bubbles: true }));
    }, values);
  }

  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('explore-browser');
    const r = await cli(['explore', 'theatre', ...SIZE, '--seed', String(SEED), '--out', out, '--quiet'], { cwd: out });
    expect(r.code, r.stderr).toBe(0);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    // Anything but the page file and the worker's blob is a network request: refused and recorded.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      offPage.push(url);
      return route.abort();
    });
    context.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('file:') && !url.startsWith('blob:') && !url.startsWith('data:')) offPage.push(url);
    });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(out, 'theatre', 'explore.html')).href, { waitUntil: 'load' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  test('starts on the scenario and gives the summary loyalty-sim run writes, bit for bit as simulate gives it', async () => {
    await waitRuns(1);
    const summary = await pageSummary();
    expect(summary.seed).toBe(SEED);
    expect(asWritten(summary)).toEqual(await cliSummary('theatre'));
    // Not only to 12 digits: the browser's numbers are the Node core's numbers.
    const { scenario } = loadScenario('theatre', { customers: 2000, periods: 104 });
    expect(summary).toEqual(JSON.parse(JSON.stringify(summarizeRun(simulate(scenario, SEED)))));
    expect(await page.locator('#chart-shares svg.marks').count()).toBe(1);
    expect(await page.locator('#chart-salience svg.marks').count()).toBe(1);
  });

  test('moving a lever redraws the charts, and the numbers match the CLI with the same setting', async () => {
    await waitRuns(1);
    const before = await chartSvg('chart-shares');
    const profitBefore = await chartSvg('chart-profit');
    await setLever('firms.1.price', '8.5');
    await waitRuns(2);
    await expect.poll(() => chartSvg('chart-shares'), { timeout: 10_000 }).not.toBe(before);
    expect(await chartSvg('chart-profit')).not.toBe(profitBefore);
    const summary = await pageSummary();
    expect(asWritten(summary)).toEqual(await cliSummary('theatre', ['firms.Boreal.price=8.5']));
  });

  test('"Save as scenario" downloads YAML that loyalty-sim validates and runs to the same summary', async () => {
    await waitRuns(2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
    const file = join(out, 'saved.yaml');
    await download.saveAs(file);
    expect(readFileSync(file, 'utf8')).toMatch(/price: 8\.5/);
    const v = await cli(['validate', file], { cwd: out });
    expect(v.code, v.stderr).toBe(0);
    expect(asWritten(await pageSummary())).toEqual(await cliSummary(file));
  });

  test('compare pairs the current settings with the previous ones on the same seed', async () => {
    await waitRuns(2);
    const previous = await pageSummary(); // Boreal at 8.5
    await setLever('firms.1.price', '11');
    await waitRuns(3);
    await page.check('#compare');
    await page.waitForFunction(() => (window as unknown as { loyaltyExplore: { comparison: unknown } }).loyaltyExplore.comparison !== null, null, { timeout: 60_000 });
    const comparison = await page.evaluate(() => (window as unknown as { loyaltyExplore: { comparison: RunSummary } }).loyaltyExplore.comparison);
    expect(comparison).toEqual(previous);
    expect(await page.locator('#summary th', { hasText: 'Δ share' }).count()).toBe(1);
    // the shares chart now shows differences: a Boreal price rise of 2.5 loses Boreal share
    expect(await page.locator('#chart-shares svg.marks').count()).toBe(1);
    const title = await page.locator('#chart-shares svg').first().textContent();
    expect(title).toContain('now − previous settings');
    await page.uncheck('#compare');
  });

  test('the theatre panel fills with every symmetric profile for the current settings', async () => {
    await page.waitForFunction(() => document.body.dataset.theatre === 'done', null, { timeout: 120_000 });
    const rows = await page.evaluate(() => (window as unknown as { loyaltyExplore: { theatre: { adopters: number; adopter: boolean; firm: string }[] } }).loyaltyExplore.theatre);
    const firms = 4;
    expect(rows).toHaveLength((firms + 1) * firms);
    for (let n = 0; n <= firms; n++) {
      const profile = rows.filter((r) => r.adopters === n);
      expect(profile.filter((r) => r.adopter).map((r) => r.firm)).toEqual(['Aurora', 'Boreal', 'Cirrus', 'Delta'].slice(0, n));
    }
    expect(await page.locator('#chart-theatre svg.marks').count()).toBe(1);
    // the numbers are the game's symmetric profile, simulated by the core under Node
    const levers = await page.evaluate(() => (window as unknown as { loyaltyExplore: { levers: Levers } }).loyaltyExplore.levers);
    const base = loadScenario('theatre', { customers: 2000, periods: 104 }).scenario;
    const current = scenarioWithLevers({ ...base, seed: SEED }, levers);
    const spec = programSpec(current.firms.map((f) => f.name));
    const two = scenarioForProfile(current, spec, [1, 1, 0, 0], LEVER_SOURCE);
    const expected = summarizeRun(simulate(two, two.seed)).firms.map((f) => f.profit);
    expect(rows.filter((r) => r.adopters === 2).map((r) => (r as unknown as { profit: number }).profit)).toEqual(expected);
  });

  test('a bad setting is refused with the field named, and nothing runs', async () => {
    const runs = await page.evaluate(() => document.body.dataset.runs);
    await setLever('firms.2.quality', '1.5');
    await page.waitForFunction(() => document.body.dataset.status === 'problems', null, { timeout: 30_000 });
    expect(await page.locator('#problems').textContent()).toContain('firms.2.quality');
    expect(await page.evaluate(() => document.body.dataset.runs)).toBe(runs);
    await setLever('firms.2.quality', '0.63');
    await page.waitForFunction(() => document.body.dataset.status === 'done', null, { timeout: 60_000 });
  });

  test('a new setting cancels the run in progress; the page answers while the worker runs', async () => {
    await setLever('customers', '60000');
    await page.waitForFunction(() => document.body.dataset.status === 'running', null, { timeout: 10_000 });
    // The main thread is free: an animation frame comes back quickly while the run goes on.
    const frame = await page.evaluate(() => new Promise<number>((done) => { const t = performance.now(); requestAnimationFrame(() => done(performance.now() - t)); }));
    expect(frame).toBeLessThan(1000); // a run on the main thread would hold it for seconds
    expect(await page.evaluate(() => document.body.dataset.status)).toBe('running');
    const runs = Number(await page.evaluate(() => document.body.dataset.runs));
    await setLevers({ customers: '2000', seed: '5' });
    await waitRuns(runs + 1);
    const summary = await pageSummary();
    // the 60,000-customer run never finished: the next finished run is the last setting
    expect(summary.customers).toBe(2000);
    expect(summary.seed).toBe(5);
    expect(Number(await page.evaluate(() => document.body.dataset.runs))).toBe(runs + 1);
  });

  test('after a seed change, compare reruns the previous settings on the new seed (paired)', async () => {
    await page.waitForFunction(() => document.body.dataset.status === 'done', null, { timeout: 60_000 });
    const before = await pageSummary();
    await page.check('#compare');
    await setLevers({ 'firms.1.price': '9', seed: String(before.seed + 1) });
    await page.waitForFunction(
      (seed) => {
        const x = (window as unknown as { loyaltyExplore: { summary: RunSummary | null; comparison: RunSummary | null } }).loyaltyExplore;
        return x.summary?.seed === seed && x.comparison?.seed === seed;
      },
      before.seed + 1,
      { timeout: 60_000 },
    );
    const [now, paired] = await page.evaluate(() => {
      const x = (window as unknown as { loyaltyExplore: { summary: RunSummary; comparison: RunSummary } }).loyaltyExplore;
      return [x.summary, x.comparison];
    });
    expect(now.firms[1].price).toBe(9);
    expect(paired.firms[1].price).toBe(before.firms[1].price);
    expect(paired).not.toEqual(before); // the previous settings, but on the new seed
    await page.uncheck('#compare');
  });

  test('a preset is a shipped scenario at the chosen size, with the CLI\'s numbers', async () => {
    const runs = Number(await page.evaluate(() => document.body.dataset.runs));
    await page.selectOption('#preset', 'first-mover');
    await waitRuns(runs + 1);
    const summary = await pageSummary();
    expect(summary.scenario).toBe('first-mover');
    expect(summary.customers).toBe(2000);
    expect(asWritten(summary)).toEqual(await cliSummary('first-mover', [], 'first-mover', summary.seed));
    expect(await page.locator('#levers legend').first().textContent()).toBe('market');
  });

  test('no request left the page, and the console stayed clean', () => {
    expect(offPage).toEqual([]);
    expect(problems).toEqual([]);
  });
});
