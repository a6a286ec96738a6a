/**
 * Charts a reader can read, measured on the rendered SVG (svg-layout.ts): the run charts
 * of every shipped scenario, at a small population and the scenario's own horizon (the
 * layout depends on the horizon, the firms and the events, not on the number of
 * customers), have no overlapping text, no axis labels that run together, and no more
 * annotations than the cap. The checks themselves are shown to fail on clutter.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun } from '../../src/model/summary.js';
import type { RunResult } from '../../src/model/results.js';
import { runFindings } from '../../src/report/run-findings.js';
import { renderSvgs, stopRenderWorker, type RenderedChart } from '../../src/report/render.js';
import { runCharts } from '../../src/report/specs/run.js';
import { CONFIG } from '../../src/report/theme.js';
import { listShippedNames } from '../../src/scenario/files.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/model/schema.js';
import { fixtureRun } from './fixture.js';
import { annotations, layoutProblems } from './svg-layout.js';

afterAll(() => stopRenderWorker());

const CUSTOMERS = 300;
/** Annotations (event labels, dashed rules) a chart may draw over its data. */
const MAX_ANNOTATIONS = 4;
const SHIPPED = listShippedNames();
const runs = new Map<string, { scenario: Scenario; result: RunResult; charts: RenderedChart[] }>();

beforeAll(() => {
  for (const name of SHIPPED) {
    const scenario = loadScenario(name, { customers: CUSTOMERS }).scenario;
    const result = simulate(scenario, scenario.seed);
    const charts = renderSvgs(runCharts({ result, summary: summarizeRun(result), periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery, scenario }));
    runs.set(name, { scenario, result, charts });
  }
});

/** Everything a reader could not read in one rendered chart. */
function unreadable(svg: string): string[] {
  const { labels, dashedRules } = annotations(svg);
  return [
    ...layoutProblems(svg),
    ...(labels.length > MAX_ANNOTATIONS ? [`${labels.length} annotation labels (at most ${MAX_ANNOTATIONS})`] : []),
    ...(dashedRules > MAX_ANNOTATIONS ? [`${dashedRules} dashed rules (at most ${MAX_ANNOTATIONS})`] : []),
  ];
}

describe('the run charts of every shipped scenario', () => {
  test.each(SHIPPED)('%s: no overlapping text, legible ticks, few annotations', (name) => {
    const { charts } = runs.get(name)!;
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const c of charts) expect(unreadable(c.svg), `${name}: ${c.name}`).toEqual([]);
  });

  test('strategy changes are a strip, not lines: program-war draws one rule for its launch and a tick per change', () => {
    const { result, charts } = runs.get('program-war')!;
    const share = charts.find((c) => c.name === 'share')!.svg;
    expect(result.events.length).toBeGreaterThan(50);
    expect(annotations(share)).toEqual({ labels: ['Boreal launches its points program'], dashedRules: 1 });
    expect(share.match(/aria-roledescription="tick"/g)?.length ?? 0).toBeGreaterThan(50);
  });

  test("the first finding answers the scenario's question", () => {
    const first = (name: string) => {
      const { scenario, result } = runs.get(name)!;
      return runFindings({ result, summary: summarizeRun(result), periodsPerYear: scenario.periodsPerYear, reviewEvery: scenario.reviewEvery, scenario }).sentences[0];
    };
    // "does a program war follow?": whether a rival launched, never one of the price moves
    expect(first('program-war')).toMatch(/^(No program launch by Aurora, Cirrus or Delta in 520 periods \(10 years\): Boreal's in period 52|(Aurora|Cirrus|Delta) adopts a rival's program)/);
    // "do programs soften price competition?": the mean price around the launches
    expect(first('soft-competition')).toMatch(/^Alpha and Beta launch programs in period 52 \(year 1\.0\): the mean price moves from [\d.]+ in the 13 periods before to [\d.]+ in the last quarter/);
  });
});

describe('year ticks at every horizon', () => {
  test.each([26, 78, 1040])('%i periods: the share and cost charts keep their tick labels apart', (periods) => {
    const result = fixtureRun({ periods });
    const charts = renderSvgs(runCharts({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13 }).filter((c) => c.name === 'share' || c.name === 'costs'));
    for (const c of charts) {
      expect(unreadable(c.svg), c.name).toEqual([]);
      expect(c.svg.match(/role-axis-label/g)?.length ?? 0, c.name).toBeGreaterThan(0);
    }
  });
});

describe('the checks fail on clutter', () => {
  /** Events marked by a dashed line and a text label per change: the labels collide when changes are close. */
  const cluttered = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: 300,
    height: 100,
    data: { values: Array.from({ length: 12 }, (_, i) => ({ x: i, label: `Aurora: price 10.${i} → 10.${i + 1}` })) },
    layer: [
      { mark: { type: 'rule', strokeDash: [5, 3] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      { mark: { type: 'text', align: 'left', y: -4 }, encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  };
  /** Ten years on a band axis 100 pixels wide: "Y1Y2Y3…". */
  const crowdedAxis = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    width: 100,
    height: 60,
    data: { values: Array.from({ length: 10 }, (_, i) => ({ year: `Y${i + 1}`, value: i })) },
    mark: 'bar',
    encoding: { x: { field: 'year', type: 'ordinal', sort: null, axis: { labelAngle: 0 } }, y: { field: 'value', type: 'quantitative' } },
  };

  test('overlapping labels and too many annotations are found', () => {
    const [svg] = renderSvgs([{ name: 'cluttered', spec: cluttered }]).map((c) => c.svg);
    const problems = unreadable(svg);
    expect(problems.some((p) => p.includes('overlap'))).toBe(true);
    expect(problems).toContain(`12 annotation labels (at most ${MAX_ANNOTATIONS})`);
    expect(problems).toContain(`12 dashed rules (at most ${MAX_ANNOTATIONS})`);
  });

  test('axis labels that run together are found', () => {
    const [svg] = renderSvgs([{ name: 'crowded', spec: crowdedAxis }]).map((c) => c.svg);
    expect(layoutProblems(svg).some((p) => /"Y\d+".*"Y\d+".*(overlap|run together)/.test(p))).toBe(true);
  });
});
