/**
 * Charts a strategist can read, checked on the rendered SVG: fixed prices are not a flat
 * line on the frame with one tick, crowded markets get distinct colours and a legend that
 * fits, simultaneous launches are credited to no single firm, grid heatmaps leave no axis
 * under an empty facet, and nothing grows to an unreadable size.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { summarizeRun } from '../../src/model/summary.js';
import type { RunResult } from '../../src/model/results.js';
import { runFindings } from '../../src/report/run-findings.js';
import { experimentCharts } from '../helpers/experiment-report.js';
import { renderSvgs, stopRenderWorker } from '../../src/report/render.js';
import { runCharts } from '../../src/report/specs/run.js';
import { facetColumns, shortField } from '../../src/report/specs/experiment.js';
import { seriesPalette } from '../../src/report/theme.js';
import { fixtureRun, fixtureScenario } from './fixture.js';
import type { ScenarioFacts } from '../../src/report/run-events.js';
import { fixtureExperiment } from './experiment-fixture.js';

afterAll(() => stopRenderWorker());

const chartsOf = (result: RunResult, scenario?: ScenarioFacts) => runCharts({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13, scenario });
const renderOne = (result: RunResult, name: string) => renderSvgs(chartsOf(result).filter((c) => c.name === name))[0].svg;

/** The rendered size of an SVG. */
const sizeOf = (svg: string) => {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Text of the tick labels of the axis with the given role class (vega marks y axes "role-axis-label" inside "role-axis"). */
const axisLabels = (svg: string, orient: 'left' | 'bottom'): string[] => {
  // vega draws each axis as a group with aria-label "Y-axis ..." or "X-axis ..."
  const label = orient === 'left' ? 'Y-axis' : 'X-axis';
  const start = svg.indexOf(`aria-label="${label}`);
  if (start < 0) return [];
  const end = svg.indexOf('role-axis-title', start);
  return [...svg.slice(start, end < 0 ? undefined : end).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
};

/** Colours a chart draws its lines in. */
const strokeColours = (svg: string): Set<string> => new Set([...svg.matchAll(/<path[^>]*stroke="(#[0-9a-f]{6})"[^>]*stroke-width="1\.8"/gi)].map((m) => m[1].toLowerCase()));

function withFixedPrices(result: RunResult, prices: number[]): RunResult {
  const M = result.firmNames.length;
  for (let t = 0; t < result.periods; t++) for (let j = 0; j < M; j++) result.firm.price[t * M + j] = prices[j];
  return result;
}

describe('fixed prices', () => {
  test('the price chart is padded around the lines, has several ticks and names the firms that overlap', () => {
    const result = withFixedPrices(fixtureRun(), [10, 10, 9]);
    const chart = chartsOf(result).find((c) => c.name === 'price')!;
    const subtitle = JSON.stringify((chart.spec.title as { subtitle: unknown }).subtitle);
    expect(subtitle).toContain('fixed for the whole run');
    expect(subtitle).toMatch(/Alpha and Bravo 10\.00 \(both on one line\)/);
    const svg = renderOne(result, 'price');
    const ticks = axisLabels(svg, 'left').map(Number).filter(Number.isFinite);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // neither price sits on the frame: the domain reaches beyond both
    expect(Math.min(...ticks)).toBeLessThan(9);
    expect(Math.max(...ticks)).toBeGreaterThan(10);
  });

  test('one price for everyone still gives a readable axis, not a single tick', () => {
    const svg = renderOne(withFixedPrices(fixtureRun(), [10, 10, 10]), 'price');
    expect(axisLabels(svg, 'left').length).toBeGreaterThanOrEqual(3);
  });

  test('prices that move keep the data\'s own scale', () => {
    const chart = chartsOf(fixtureRun()).find((c) => c.name === 'price')!;
    expect(JSON.stringify(chart.spec)).not.toContain('fixed for the whole run');
  });
});

describe('crowded markets', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `Firm ${String(i + 1).padStart(2, '0')}`);

  test.each([10, 16, 20, 64])('%i firms get as many distinct colours', (n) => {
    const palette = seriesPalette(n);
    expect(palette).toHaveLength(n);
    expect(new Set(palette).size).toBe(n);
    for (const c of palette) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });

  test('the first ten colours do not change when the market grows', () => {
    expect(seriesPalette(16).slice(0, 10)).toEqual(seriesPalette(10));
  });

  test('16 firms: the share chart draws 16 colours; 64 firms: every run chart stays a readable size with the legend in columns', () => {
    const svg16 = renderOne(fixtureRun({ firms: names(16), periods: 60 }), 'share');
    expect(strokeColours(svg16).size).toBe(16);

    const result = fixtureRun({ firms: names(64), periods: 60 });
    const charts = renderSvgs(chartsOf(result));
    for (const c of charts) {
      const { width, height } = sizeOf(c.svg);
      expect(width, `${c.name} width`).toBeLessThanOrEqual(1300);
      expect(height, `${c.name} height`).toBeLessThanOrEqual(1600);
    }
    const share = charts.find((c) => c.name === 'share')!.svg;
    expect(strokeColours(share).size).toBe(64);
    for (const n of names(64)) expect(share, n).toContain(`>${n}</text>`);
    // the legend wraps below the plot instead of running 64 rows down the side
    expect(sizeOf(share).height).toBeLessThan(900);
  });
});

describe('several firms acting at once', () => {
  test('one event for all firms: labelled as such, coloured as the market, and credited to no firm', () => {
    const result = fixtureRun();
    result.events.length = 0;
    for (const firm of result.firmNames) result.events.push({ period: 52, firm, note: 'program.enabled = true' });
    const scenario = { ...fixtureScenario(), events: result.firmNames.map((firm) => ({ period: 52, firm, set: { program: { enabled: true } } })) };
    const share = chartsOf(result, scenario).find((c) => c.name === 'share')!.spec;
    const text = JSON.stringify(share);
    expect(text).toContain('all 3 firms launch programs');
    expect(text).not.toContain('Alpha: program.enabled');
    const findings = runFindings({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13, scenario });
    const launch = findings.sentences[0];
    expect(launch).toMatch(/^All 3 firms launch programs in period 52/);
    expect(launch).toContain('no single firm');
    for (const firm of result.firmNames) expect(launch).toContain(firm);
    expect(launch).not.toMatch(/its share/);
  });
});

describe('grid heatmaps', () => {
  test('facets fill their rows where a divisor allows; a ragged last row gets an axis per panel', () => {
    expect([1, 2, 3, 4, 5, 6, 8, 9].map(facetColumns)).toEqual([1, 2, 3, 2, 3, 3, 2, 3]);
    const input = { ...fixtureExperiment('grid') };
    const firms = ['Aurora', 'Boreal', 'Cirrus', 'Delta'];
    input.firmNames = firms;
    input.runs = input.runs.flatMap((r) => (r.firm === 'Alpha' ? [r, { ...r, firm: 'Delta' }] : [r])).map((r) => ({ ...r, firm: r.firm === 'Alpha' ? 'Aurora' : r.firm === 'Bravo' ? 'Boreal' : r.firm === 'Discounter' ? 'Cirrus' : r.firm }));
    const heatmap = experimentCharts(input).find((c) => c.name === 'heatmap-profit')!;
    expect(heatmap.spec.columns).toBe(2);
    const svg = renderSvgs([heatmap])[0].svg;
    // one x axis per column, each under a drawn panel: two columns, two axes
    expect(svg.match(/aria-label="X-axis/g)?.length).toBe(2);
  });

  test('response curves pad their scales: points at the first and last value and whiskers at the extremes stay inside the plot', () => {
    const response = experimentCharts(fixtureExperiment('grid')).find((c) => c.name === 'response-clutter')!;
    const scales = JSON.stringify(response.spec).match(/"scale":\{[^}]*\}/g) ?? [];
    const padded = scales.filter((sc) => /"padding":(\d+)/.test(sc) && Number(/"padding":(\d+)/.exec(sc)![1]) >= 10);
    // per metric panel: the x scale (clutter is numeric) and the y scale of the whiskers
    expect(padded.length).toBeGreaterThanOrEqual(2 * 3);
  });

  test('long field paths become short axis titles that fit beside a panel', () => {
    expect(shortField('firms.Boreal.program.goalGradient')).toBe('Boreal goalGradient');
    expect(shortField('clutter')).toBe('clutter');
    const heatmap = experimentCharts(fixtureExperiment('grid')).find((c) => c.name === 'heatmap-profit')!;
    const text = JSON.stringify(heatmap.spec);
    expect(text).toContain('"title":"1 rewardRate"');
    expect(text).toContain('firms.1.program.rewardRate'); // the full path stays in the subtitle
    const svg = renderSvgs([heatmap])[0].svg;
    expect(svg).toContain('>1 rewardRate</text>'); // drawn whole, not cut to an ellipsis
  });
});

describe('a single run says it is one draw', () => {
  test('the findings state their basis', () => {
    const result = fixtureRun({ seed: 7 });
    const f = runFindings({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13 });
    expect(f.basis).toMatch(/^one draw, seed 7/);
    expect(f.highlights.length).toBeGreaterThan(0);
    expect(f.highlights.length).toBeLessThanOrEqual(3);
  });
});
