/**
 * `npm run bench:charts`: what a chart costs, at the size of the shipped scenarios (the
 * standard model, 260 weeks, four firms): a run report's charts compiled and drawn to SVG
 * by vega (in the render thread) and rasterised to PNG at twice the size by resvg. Vega's
 * loading is a once-per-process cost, reported apart; then the fastest of five rounds,
 * since other work on a shared machine only ever slows a round down.
 *
 * Timing lives here, never in the tests.
 */
import { performance } from 'node:perf_hooks';
import { simulate } from '../src/model/simulate.js';
import { summarizeRun } from '../src/model/summary.js';
import { renderSvgs, stopRenderWorker, svgToPng } from '../src/report/render.js';
import { runCharts } from '../src/report/specs/run.js';
import { fullModel } from './cases.js';

const ROUNDS = 5;

const scenario = fullModel(2_000, 260);
const result = simulate(scenario, 1);
const specs = runCharts({ result, summary: summarizeRun(result), periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery });

const loading = performance.now();
renderSvgs(specs.slice(0, 1));
const loadMs = performance.now() - loading;

let svgMs = Infinity;
let pngMs = Infinity;
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  const charts = renderSvgs(specs);
  const drawn = performance.now();
  for (const c of charts) svgToPng(c.svg);
  svgMs = Math.min(svgMs, (drawn - started) / charts.length);
  pngMs = Math.min(pngMs, (performance.now() - drawn) / charts.length);
}
await stopRenderWorker();

const row = { case: 'charts', charts: specs.length, periods: scenario.periods, firms: scenario.firms.length, firstChartWithVegaLoadMs: Math.round(loadMs), svgMsPerChart: Math.round(svgMs), pngMsPerChart: Math.round(pngMs), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(row)}\n`);
else {
  process.stdout.write(`charts: ${row.charts} run-report charts of ${row.firms} firms × ${row.periods} periods (fastest of ${ROUNDS} rounds)\n`);
  process.stdout.write(`  per chart: ${row.svgMsPerChart} ms compile + SVG, ${row.pngMsPerChart} ms PNG at twice the size\n`);
  process.stdout.write(`  first chart, vega loading included: ${row.firstChartWithVegaLoadMs} ms; peak RSS ${row.peakRssMB} MB\n`);
}
