/** Chart specs as data: names, firm colours, titles and units from the metric declarations. */
import { afterAll, describe, expect, test } from 'vitest';
import { summarizeRun } from '../../src/model/summary.js';
import { chartNumber, firmColumns, movingMean } from '../../src/report/data.js';
import { runCharts } from '../../src/report/specs/run.js';
import { expressionString, field, safeTitle, wrap } from '../../src/report/specs/common.js';
import { renderSvgs, stopRenderWorker } from '../../src/report/render.js';
import { experimentCharts } from '../helpers/experiment-report.js';
import { fixtureExperiment } from './experiment-fixture.js';
import { axisTitle, firmColour, firmScale, metricFormat, type VlSpec } from '../../src/report/theme.js';
import { fixtureRun } from './fixture.js';

afterAll(() => stopRenderWorker());

const specsOf = (firms?: string[]) => {
  const result = fixtureRun({ firms });
  return runCharts({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13 });
};

/** Every object in a spec whose key is `key`. */
function collect(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, key, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) out.push(v);
      collect(v, key, out);
    }
  }
  return out;
}

describe('run chart specs', () => {
  test('every chart family, each with a title and a subtitle', () => {
    const specs = specsOf();
    expect(specs.map((s) => s.name)).toEqual(['share', 'profit', 'costs', 'price', 'satisfaction', 'program', 'market', 'distributions', 'churn-causes']);
    for (const { spec } of specs) {
      const title = spec.title as { text: string; subtitle: string | string[] };
      expect(title.text.length).toBeGreaterThan(3);
      expect(title.subtitle.length).toBeGreaterThan(0);
    }
  });

  test('a firm has the same colour in every chart', () => {
    const firms = ['Zeta', 'Alpha', 'Mid.Point'];
    const expected = firmScale(firms);
    for (const { name, spec } of specsOf(firms)) {
      // colour scales: a domain of firms and a range (the share chart's change strip also has a y scale of firm lanes)
      const scales = collect(spec, 'scale').filter((s): s is { domain: string[]; range: string[] } =>
        !!s && typeof s === 'object' && Array.isArray((s as { domain?: unknown }).domain) && (s as { domain: unknown[] }).domain.includes('Zeta') && 'range' in s);
      if (['costs', 'churn-causes', 'market'].includes(name)) continue; // coloured by cost line, by cause; market-level
      expect(scales.length, name).toBeGreaterThan(0);
      for (const s of scales) expect(s).toEqual(expected);
    }
    expect(expected.range).toEqual([firmColour(0), firmColour(1), firmColour(2)]);
  });

  test('axis titles and formats come from the metric declarations', () => {
    expect(axisTitle('price')).toBe('price (currency/unit)');
    expect(axisTitle('share')).toBe('share');
    expect(axisTitle('pointsLiability')).toBe('points liability (currency)');
    expect(metricFormat('share')).toBe('.1%');
    expect(metricFormat('profit')).toBe(',.0f');
    const price = specsOf().find((s) => s.name === 'price')!.spec;
    expect(JSON.stringify(price)).toContain('"title":"price (currency/unit)"');
  });

  test('the share chart marks the events, the legend selects firms, tooltips show every firm', () => {
    const share = specsOf().find((s) => s.name === 'share')!.spec;
    const text = JSON.stringify(share);
    expect(text).toContain('Bravo launches a points program');
    expect(collect(share, 'bind')).toContain('legend');
    const tooltipFields = (collect(share, 'tooltip').flat() as { title?: string }[]).map((t) => t.title);
    expect(tooltipFields).toEqual(expect.arrayContaining(['Alpha', 'Bravo', 'Discounter']));
  });

  test('the cost breakdown adds up to revenue', () => {
    const result = fixtureRun();
    const costs = specsOf().find((s) => s.name === 'costs')!.spec as VlSpec & { data: { values: { firm: string; span: string; value: number }[] } };
    const year1Alpha = costs.data.values.filter((r) => r.firm === 'Alpha' && r.span === 'year 1').reduce((a, r) => a + r.value, 0);
    let revenue = 0;
    for (let t = 0; t < 52; t++) revenue += result.firm.revenue[t * 3];
    expect(year1Alpha).toBeCloseTo(revenue / 52, -1);
  });
});

describe('chart data', () => {
  test('numbers are rounded to 5 significant digits; NaN becomes null, -0 becomes 0', () => {
    expect(chartNumber(1234.56789)).toBe(1234.6);
    expect(chartNumber(0.000123456789)).toBe(0.00012346);
    expect(chartNumber(NaN)).toBeNull();
    expect(Object.is(chartNumber(-0), 0)).toBe(true);
  });

  test('moving mean keeps the length and the level of a constant series', () => {
    expect(movingMean([2, 2, 2, 2, 2], 3)).toEqual([2, 2, 2, 2, 2]);
    expect(movingMean([0, 3, 0], 3)).toEqual([1.5, 1, 1.5]);
  });

  test('firm series by column: one row per firm with a value per period, flattened by the chart', () => {
    const r = fixtureRun({ periods: 10 });
    const data = firmColumns(r, ['share', 'price']);
    expect(data.flatten).toEqual(['period', 'share', 'price']);
    expect(data.values.map((v) => v.firm)).toEqual(['Alpha', 'Bravo', 'Discounter']);
    expect(data.values[1].period).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(data.values[1].price).toHaveLength(10);
    expect((data.values[1].share as number[])[3]).toBe(chartNumber(r.firm.share[3 * 3 + 1]));
  });

  test('field names with dots are escaped; long subtitles wrap', () => {
    expect(field('Mid.Point')).toBe('Mid\\.Point');
    const lines = wrap('word '.repeat(60).trim(), 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ')).toBe('word '.repeat(60).trim());
  });
});

describe('labels that are data never break a chart', () => {
  const HOSTILE = ["O'Brien", 'a.b', 'x[0]', '"q"', 'back\\slash', 'nobody plays "program"'];

  test('a string in an expression survives quotes, backslashes and line separators', () => {
    expect(expressionString('a"b\\c\u2028')).toBe('"a\\"b\\\\c\\u2028"');
    expect(safeTitle('back\\slash\n')).toBe('back\u29f5slash ');
    expect(field('x[0]."q"')).toBe('x\\[0\\]\\.\\"q\\"');
  });

  test('run charts with hostile firm names render', () => {
    const result = fixtureRun({ firms: HOSTILE.slice(0, 5), periods: 60 });
    const charts = renderSvgs(runCharts({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13 }));
    expect(charts.length).toBeGreaterThan(5);
    const share = charts.find((c) => c.name === 'share')!;
    expect(JSON.stringify(share.vegaLite)).toContain('k4');
  });

  test('a comparison of hostile scenario names renders', () => {
    const input = fixtureExperiment('compare');
    const rename = new Map([['baseline', HOSTILE[5]], ['first-mover', HOSTILE[3]]]);
    const renamed = {
      ...input,
      scenarios: input.scenarios.map((s) => rename.get(s)!),
      aggregate: input.aggregate.map((r) => ({ ...r, scenario: rename.get(r.scenario)! })),
      perSeed: input.perSeed.map((r) => ({ ...r, scenario: rename.get(r.scenario)! })),
      runs: input.runs.map((r) => ({ ...r, scenario: rename.get(r.scenario)! })),
      differences: input.differences!.map((r) => ({ ...r, scenario: rename.get(r.scenario)!, reference: rename.get(r.reference)! })),
    };
    expect(renderSvgs(experimentCharts(renamed)).length).toBeGreaterThan(3);
  });
});
