/**
 * The explorer's throughput: the same scenario (theatre, as `explore theatre` starts) and seed simulated by the explorer's
 * browser worker in headless Chromium (the bundled core, via playwright-core) and by the
 * core in Node, on this machine. Decisions are shopping occasions (the market metric
 * `shoppers`, summed over periods), as in bench.ts; both sides run the same simulation
 * (same bits), so they count the same decisions.
 *
 *   npm run build && node dist/bench/explore.js [--customers 5000] [--periods 260] [--repeats 3] [--json]
 *
 * Each side runs once to warm up, then the two alternate `repeats` times (so both see the
 * same load on a shared machine); the median time counts (set-up included on both sides:
 * the worker times `simulate` as a whole). Also reported: how long
 * the page takes from opening to its first finished run (worker start and drawing included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/model/simulate.js';
import { leversOf } from '../src/explore/levers.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'src', 'cli', 'main.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '5000' }, periods: { type: 'string', default: '260' }, repeats: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } } });
const customers = Number(values.customers);
const periods = Number(values.periods);
const repeats = Math.max(1, Number(values.repeats));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// theatre at the chosen size: what `loyalty-sim explore theatre` starts on.
const scenario = loadScenario('theatre', { customers, periods }).scenario;
const seed = scenario.seed;

function nodeRun(): { ms: number; decisions: number } {
  const t0 = performance.now();
  const r = simulate(scenario, seed);
  const ms = performance.now() - t0;
  let decisions = 0;
  for (let t = 0; t < r.periods; t++) decisions += r.market.shoppers[t];
  return { ms, decisions };
}

const loadAverage = loadavg()[0];

// The page, written by the CLI as a user would (the same bundle the page runs).
const out = mkdtempSync(join(tmpdir(), 'loyalty-explore-bench-'));
execFileSync(process.execPath, [cli, 'explore', 'theatre', '--customers', String(customers), '--periods', String(periods), '--out', out, '--quiet']);
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
const nodeTimes: number[] = [];
const browserTimes: number[] = [];
let decisions = 0;
let firstRunMs = 0;
try {
  const page = await browser.newPage();
  const opened = performance.now();
  await page.goto(pathToFileURL(join(out, 'theatre', 'explore.html')).href);
  await page.waitForFunction(() => document.body.dataset.runs === '1', null, { timeout: 120_000 });
  firstRunMs = performance.now() - opened;
  await page.waitForFunction(() => document.body.dataset.theatre === 'done', null, { timeout: 300_000 });
  // A worker of its own from the page's embedded script; the page is idle meanwhile.
  await page.evaluate(() => {
    const text = document.getElementById('explore-worker')?.textContent ?? '';
    const worker = new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
    (window as unknown as { benchRun: unknown }).benchRun = (message: { id: number }) => new Promise<number>((done, fail) => {
      worker.onmessage = (e: MessageEvent<{ kind: string; id: number; milliseconds: number }>) => {
        if (e.data.kind === 'done' && e.data.id === message.id) done(e.data.milliseconds);
        else if (e.data.kind === 'error' || e.data.kind === 'problems') fail(new Error(JSON.stringify(e.data)));
      };
      worker.postMessage(message);
    });
  });
  const browserRun = (id: number): Promise<number> =>
    page.evaluate((message) => (window as unknown as { benchRun: (m: unknown) => Promise<number> }).benchRun(message), { kind: 'run', id, base: scenario, levers: leversOf(scenario), every: 1e9 });
  // Warm up both, then alternate, so that both sides see the same load on a shared machine.
  nodeRun();
  await browserRun(0);
  for (let k = 1; k <= repeats; k++) {
    const r = nodeRun();
    nodeTimes.push(r.ms);
    decisions = r.decisions;
    browserTimes.push(await browserRun(k));
  }
} finally {
  await browser.close();
  rmSync(out, { recursive: true, force: true });
}

const nodeMs = median(nodeTimes);
const browserMs = median(browserTimes);
const result = {
  case: 'explore',
  customers,
  periods,
  decisions,
  nodeSeconds: nodeMs / 1000,
  chromiumSeconds: browserMs / 1000,
  nodeDecisionsPerSecond: Math.round(decisions / (nodeMs / 1000)),
  chromiumDecisionsPerSecond: Math.round(decisions / (browserMs / 1000)),
  chromiumOverNode: Number((nodeMs / browserMs).toFixed(3)),
  pageFirstRunSeconds: Number((firstRunMs / 1000).toFixed(2)),
  loadAverage,
};
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  process.stdout.write(`explore bench: theatre, ${customers} customers × ${periods} periods, ${decisions} decisions (median of ${repeats}, load ${loadAverage.toFixed(2)})\n`);
  process.stdout.write(`  node      ${result.nodeSeconds.toFixed(3)} s  ${(result.nodeDecisionsPerSecond / 1e6).toFixed(2)} M decisions/s\n`);
  process.stdout.write(`  chromium  ${result.chromiumSeconds.toFixed(3)} s  ${(result.chromiumDecisionsPerSecond / 1e6).toFixed(2)} M decisions/s  (${(100 * result.chromiumOverNode).toFixed(0)}% of node)\n`);
  process.stdout.write(`  page: opened to first run drawn in ${result.pageFirstRunSeconds} s\n`);
}
