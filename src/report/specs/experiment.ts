/**
 * Charts of many runs: mean lines with 95% bands over faint per-seed lines
 * (replicate, compare, game), paired differences with intervals (compare), response
 * curves and two-parameter heatmaps (grid), the payoff matrix and the theatre curve (game).
 * The report module turns the experiment's rows into the tidy rows these specs draw.
 */
import { flatDomain, type ColumnarData, type Row } from '../data.js';
import { CHART_HEIGHT, CHART_WIDTH, axisTitle, firmScale, legendLayout, metricAxis, metricFormat, seriesPalette, type VlSpec } from '../theme.js';
import { chart, keyedPivot } from './common.js';
import { boundedStep } from './game.js';

/** Compared scenarios: the reference in dark grey, alternatives in colours unlike the firms'. */
const SCENARIO_PALETTE = ['#333333', '#d62728', '#17becf', '#8c564b', '#bcbd22', '#7f7f7f', '#9467bd', '#e377c2'];
/** `first` skips palette entries: differences to the reference start at the first alternative's colour. */
const scenarioScale = (names: readonly string[], first = 0) => ({
  domain: [...names],
  range: first + names.length <= SCENARIO_PALETTE.length ? names.map((_, i) => SCENARIO_PALETTE[first + i]) : seriesPalette(first + names.length).slice(first),
});

export interface Series {
  /** the field that tells lines apart: firm, or scenario in a comparison */
  readonly field: 'firm' | 'scenario';
  readonly names: readonly string[];
  readonly scale: { domain: string[]; range: string[] };
}

export const firmSeries = (firmNames: readonly string[]): Series => ({ field: 'firm', names: firmNames, scale: firmScale(firmNames) });
export const scenarioSeries = (names: readonly string[], first = 0): Series => ({ field: 'scenario', names, scale: scenarioScale(names, first) });

const SELECTION = 'seriesSelection';
const selected = (on: number, off: number) => ({ condition: { param: SELECTION, value: on }, value: off });
const colour = (s: Series, title: string = s.field) => ({ field: s.field, type: 'nominal', sort: [...s.names], scale: s.scale, legend: { title, symbolType: 'stroke', symbolOpacity: 1, ...legendLayout(s.names.length) } });

/**
 * Layers of a band chart over `period`: per-seed lines (rows of kind "seed", field value),
 * the 95% band and the mean (rows of kind "mean": mean, ciLow, ciHigh), hover tooltips.
 */
function bandLayers(metric: string, s: Series, data: ColumnarData): VlSpec[] {
  // a layer with no rows makes vega warn about an empty extent: leave per-seed lines out when there are none
  const hasSeeds = data.values.some((r) => r.kind === 'seed');
  const x = { field: 'period', type: 'quantitative', title: 'period', scale: { nice: false } };
  // the chart title names the metric and its unit: facets are too short for a long axis title
  // lines that never move (fixed prices, no difference) get a padded domain, not a single tick
  const numbers = data.values.flatMap((r) => (['mean', 'ciLow', 'ciHigh', 'value'] as const).map((f) => r[f]).filter(Array.isArray).map((a) => (a as (number | null)[]).map((v) => v ?? NaN)));
  const flat = flatDomain(numbers, metricFormat(metric).endsWith('%') ? 0.01 : 1);
  const y = (f: string) => ({ field: f, type: 'quantitative', axis: metricAxis(metric, { title: null }), scale: flat ? { domain: flat, nice: true } : { zero: false } });
  const format = metricFormat(metric);
  const pivot = keyedPivot({ field: s.field, names: s.names, value: 'mean', groupby: ['period'], format, titleSuffix: ' (mean)' });
  return [
    ...(hasSeeds ? [{
      transform: [{ filter: "datum.kind === 'seed'" }],
      mark: { type: 'line', strokeWidth: 0.7 },
      encoding: { x, y: y('value'), detail: { field: 'seed', type: 'nominal' }, color: colour(s), opacity: selected(0.2, 0.03) },
    }] : []),
    {
      transform: [{ filter: "datum.kind === 'mean'" }],
      mark: { type: 'area' },
      encoding: { x, y: y('ciLow'), y2: { field: 'ciHigh' }, color: colour(s), opacity: selected(0.25, 0.04) },
    },
    {
      transform: [{ filter: "datum.kind === 'mean'" }],
      mark: { type: 'line', strokeWidth: 2 },
      params: [{ name: SELECTION, select: { type: 'point', fields: [s.field] }, bind: 'legend' }],
      encoding: { x, y: y('mean'), color: colour(s), opacity: selected(1, 0.15) },
    },
    {
      transform: [{ filter: "datum.kind === 'mean'" }, ...pivot.transform],
      mark: { type: 'rule', color: '#999', strokeWidth: 3 },
      params: [{ name: 'hover', select: { type: 'point', fields: ['period'], on: 'pointerover', clear: 'pointerout' } }],
      encoding: {
        x,
        opacity: { condition: { param: 'hover', empty: false, value: 0.35 }, value: 0 },
        tooltip: [{ field: 'period', type: 'quantitative' }, ...pivot.tooltip],
      },
    },
  ];
}

/** Mean with 95% band and per-seed lines of one metric; facets by firm when lines are scenarios. */
export function bandChart(o: { metric: string; title: string; subtitle: string; data: ColumnarData; series: Series; facetFirms?: readonly string[] }): VlSpec {
  const layers = bandLayers(o.metric, o.series, o.data);
  const data = { data: { values: o.data.values }, transform: [{ flatten: o.data.flatten }] };
  if (!o.facetFirms) return chart(o.title, o.subtitle, { ...data, width: CHART_WIDTH, height: CHART_HEIGHT, layer: layers });
  const columns = Math.min(2, o.facetFirms.length);
  return chart(o.title, o.subtitle, {
    ...data,
    columns,
    facet: { field: 'firm', type: 'nominal', sort: [...o.facetFirms], header: { title: null, labelFontWeight: 'bold' } },
    spec: { width: Math.floor(CHART_WIDTH / columns) - 40, height: 170, layer: layers },
  });
}

/** Paired differences over time with their 95% band, one line per firm, a zero line for reference. */
export function differenceChart(o: { metric: string; title: string; subtitle: string; data: ColumnarData; series: Series; facetScenarios: readonly string[] }): VlSpec {
  const layers = [...bandLayers(o.metric, o.series, o.data), { mark: { type: 'rule', color: '#444', strokeDash: [3, 3] }, encoding: { y: { datum: 0 } } }];
  const data = { data: { values: o.data.values }, transform: [{ flatten: o.data.flatten }] };
  if (o.facetScenarios.length <= 1) return chart(o.title, o.subtitle, { ...data, width: CHART_WIDTH, height: CHART_HEIGHT, layer: layers });
  return chart(o.title, o.subtitle, {
    ...data,
    columns: 2,
    facet: { field: 'scenario', type: 'nominal', sort: [...o.facetScenarios], header: { title: null, labelFontWeight: 'bold' } },
    spec: { width: Math.floor(CHART_WIDTH / 2) - 40, height: 170, layer: layers },
  });
}

/**
 * One panel per metric side by side, each with its own scale and number format; the
 * metric is named by the axis title (panel titles would sit at uneven heights).
 */
function metricColumns(metrics: readonly string[], panel: (metric: string, first: boolean) => VlSpec, independent: 'x' | 'y'): VlSpec {
  return {
    hconcat: metrics.map((metric, i) => ({ transform: [{ filter: { field: 'metric', equal: metric } }], ...panel(metric, i === 0) })),
    spacing: 18,
    resolve: { scale: { [independent]: 'independent' } },
  };
}

const panelWidth = (count: number, min: number) => Math.max(min, Math.floor((CHART_WIDTH - 20 * count) / count));
const selectionParam = (s: Series) => ({ name: SELECTION, select: { type: 'point', fields: [s.field] }, bind: 'legend' });

/**
 * Dot and whisker: a mean and its 95% interval per firm (rows: firm, metric, mean, low,
 * high, n, and scenario), one column per metric.
 */
export function intervalChart(o: { title: string; subtitle: string; rows: Row[]; firmNames: readonly string[]; series: Series; metrics: readonly string[]; zero?: boolean }): VlSpec {
  const y = { field: 'firm', type: 'nominal', sort: [...o.firmNames], title: null };
  const byScenario = o.series.field === 'scenario';
  const yOffset = byScenario ? { yOffset: { field: 'scenario', type: 'nominal', sort: [...o.series.names] } } : {};
  const panel = (metric: string, first: boolean): VlSpec => {
    const format = metricFormat(metric);
    const x = (f: string) => ({ field: f, type: 'quantitative', title: axisTitle(metric), scale: { zero: false }, axis: { format, tickCount: 4 } });
    const yFirm = first ? y : { ...y, axis: null }; // firm names once, at the left
    return {
      width: panelWidth(o.metrics.length, 120),
      height: { step: byScenario ? 14 * o.series.names.length + 8 : 26 },
      layer: [
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: yFirm, ...yOffset, x: x('low'), x2: { field: 'high' }, color: colour(o.series), opacity: selected(1, 0.15) } },
        {
          mark: { type: 'point', filled: true, size: 60 },
          ...(first ? { params: [selectionParam(o.series)] } : {}),
          encoding: {
            y: yFirm,
            ...yOffset,
            x: x('mean'),
            color: colour(o.series),
            opacity: selected(1, 0.15),
            tooltip: [{ field: 'firm' }, ...(byScenario ? [{ field: 'scenario' }] : []), { field: 'metric' }, { field: 'mean', type: 'quantitative', format }, { field: 'low', type: 'quantitative', title: '95% low', format }, { field: 'high', type: 'quantitative', title: '95% high', format }, { field: 'n', type: 'quantitative', title: 'seeds' }],
          },
        },
        ...(o.zero ? [{ mark: { type: 'rule', color: '#444', strokeDash: [3, 3] }, encoding: { x: { datum: 0 } } }] : []),
      ],
    };
  };
  return chart(o.title, o.subtitle, { data: { values: o.rows }, ...metricColumns(o.metrics, panel, 'x') });
}

/** Response of metrics to one parameter (means over seeds and the other parameters, 95% intervals). */
export function responseChart(o: { parameter: string; numeric: boolean; rows: Row[]; firmNames: readonly string[]; metrics: readonly string[] }): VlSpec {
  // padded scales: points at the first and last value, and whiskers at the extremes, stay inside the plot
  const x = { field: 'value', type: o.numeric ? 'quantitative' : 'ordinal', title: o.parameter, ...(o.numeric ? { scale: { zero: false, padding: 14 } } : { axis: { labelAngle: 0 } }) };
  const s = firmSeries(o.firmNames);
  const panel = (metric: string, first: boolean): VlSpec => {
    const format = metricFormat(metric);
    return {
      width: panelWidth(o.metrics.length, 160),
      height: 200,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: axisTitle(metric), scale: { zero: false, padding: 10 }, axis: { format } }, y2: { field: 'high' }, color: colour(s), opacity: selected(0.6, 0.08) } },
        {
          mark: { type: 'line', point: { filled: true, size: 40 } },
          ...(first ? { params: [selectionParam(s)] } : {}),
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative' },
            color: colour(s),
            opacity: selected(1, 0.15),
            tooltip: [{ field: 'firm' }, { field: 'value', title: o.parameter }, { field: 'mean', type: 'quantitative', format }, { field: 'low', type: 'quantitative', title: '95% low', format }, { field: 'high', type: 'quantitative', title: '95% high', format }, { field: 'n', type: 'quantitative', title: 'runs' }],
          },
        },
      ],
    };
  };
  return chart(`Response to ${o.parameter}`, 'last-quarter means over seeds (and over any other varied parameter) with 95% intervals', { data: { values: o.rows }, ...metricColumns(o.metrics, panel, 'y') });
}

const HEATMAP_SIDE = 180;

/** Columns of a facet of `n` panels: at most three, and rows filled where a divisor allows. */
export const facetColumns = (n: number): number => (n <= 3 ? Math.max(1, n) : n % 3 === 0 ? 3 : n % 2 === 0 && n <= 8 ? 2 : 3);

/** A field path as a short axis title: `firms.Boreal.program.goalGradient` → `Boreal goalGradient`. */
export function shortField(path: string): string {
  const parts = path.split('.');
  if (parts.length <= 2) return path;
  return parts[0] === 'firms' || parts[0] === 'segments' ? `${parts[1]} ${parts[parts.length - 1]}` : parts.slice(-2).join('.');
}

/**
 * A metric over two parameters, one panel per firm. A full grid is a heatmap with its
 * cells labelled (dark text on the light, upper half of viridis); a sample (--sample lhs)
 * fills few cells of its grid, so it is drawn as coloured points instead.
 */
export function heatmapChart(o: { metric: string; x: string; y: string; xValues: readonly string[]; yValues: readonly string[]; rows: Row[]; firmNames: readonly string[]; labels: boolean; sampled: boolean }): VlSpec {
  const format = metricFormat(o.metric);
  const columns = facetColumns(o.firmNames.length);
  // a wrapped facet puts a column's x axis under its last row: with a short last row, under empty space
  const ragged = o.firmNames.length % columns !== 0;
  const [xTitle, yTitle] = [shortField(o.x), shortField(o.y)];
  const colour = { field: 'mean', type: 'quantitative', title: o.metric, scale: { scheme: 'viridis' }, legend: { format } };
  const tooltip = [{ field: 'firm' }, { field: 'x', title: o.x }, { field: 'y', title: o.y }, { field: 'mean', type: 'quantitative', title: o.metric, format }, { field: 'n', type: 'quantitative', title: 'runs' }];
  const grid: VlSpec = {
    encoding: { x: { field: 'x', type: 'ordinal', title: xTitle, sort: [...o.xValues], axis: { labelAngle: 0, titleLimit: HEATMAP_SIDE } }, y: { field: 'y', type: 'ordinal', title: yTitle, sort: [...o.yValues].reverse(), axis: { titleLimit: HEATMAP_SIDE } } },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: colour, tooltip } },
      ...(o.labels ? [{ mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'mean', type: 'quantitative', format }, color: { condition: { test: 'datum.light', value: '#222' }, value: 'white' } } }] : []),
    ],
  };
  const sample: VlSpec = {
    mark: { type: 'point', filled: true, size: 70 },
    encoding: { x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, padding: 10 }, axis: { titleLimit: HEATMAP_SIDE } }, y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false, padding: 10 }, axis: { titleLimit: HEATMAP_SIDE } }, color: colour, tooltip },
  };
  const named = [o.x, o.y].filter((f, i) => f !== [xTitle, yTitle][i]);
  return chart(`${o.metric} over ${xTitle} and ${yTitle}`, `last-quarter mean over seeds, per firm${named.length ? `; axes: ${[o.x, o.y].join(' (x), ')} (y)` : ''}`, {
    data: { values: o.rows },
    columns,
    facet: { field: 'firm', type: 'nominal', sort: [...o.firmNames], header: { title: null, labelFontWeight: 'bold' } },
    spec: { width: Math.max(150, Math.floor(CHART_WIDTH / columns) - 50), height: HEATMAP_SIDE, ...(o.sampled ? sample : grid) },
    resolve: { scale: { color: 'independent' }, ...(ragged ? { axis: { x: 'independent' } } : {}) },
  });
}

/**
 * The payoff matrix: profiles × firms. Cells show the value; colour shows the change
 * against the first profile (nobody adopting), per firm, so that a small firm's gain is
 * as visible as a large firm's. Rows carry `change` (relative for profit, points for share).
 */
export function payoffChart(o: { title: string; rows: Row[]; profiles: readonly string[]; firmNames: readonly string[]; metric: string; changeTitle: string; changeFormat: string; strong: number }): VlSpec {
  const format = metricFormat(o.metric);
  return chart(o.title, `${axisTitle(o.metric)} per firm, mean over seeds; colour: change against ${o.profiles[0].replace(/^★ /, '')}; ★ marks a pure Nash equilibrium (on profit)`, {
    data: { values: o.rows },
    width: Math.min(CHART_WIDTH - 160, 110 * o.firmNames.length),
    height: { step: boundedStep(o.profiles.length, 30) },
    encoding: {
      x: { field: 'firm', type: 'nominal', sort: [...o.firmNames], title: null, axis: { orient: 'top', labelAngle: 0 } },
      y: { field: 'profile', type: 'nominal', sort: [...o.profiles], title: null, axis: { labelLimit: 320 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: { field: 'change', type: 'quantitative', title: o.changeTitle, scale: { scheme: 'redblue', domainMid: 0 }, legend: { format: o.changeFormat } },
          tooltip: [{ field: 'profile' }, { field: 'firm' }, { field: 'mean', type: 'quantitative', title: o.metric, format }, { field: 'low', type: 'quantitative', title: '95% low', format }, { field: 'high', type: 'quantitative', title: '95% high', format }, { field: 'change', type: 'quantitative', title: o.changeTitle, format: o.changeFormat }],
        },
      },
      ...(boundedStep(o.profiles.length, 30) < 14 ? [] : [{
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'mean', type: 'quantitative', format },
          // white on the strongest colours
          color: { condition: { test: `abs(datum.change) > ${o.strong}`, value: 'white' }, value: '#222' },
        },
      }]),
    ],
  });
}

const GROUP_SCALE = { domain: ['adopter', 'non-adopter', 'market'], range: ['#e6550d', '#4c78a8', '#555555'] };

/** The theatre curve: each metric against the number of adopters, for adopters, non-adopters and the market. */
export function theatreChart(o: { rows: Row[]; metrics: readonly string[]; adopters: number }): VlSpec {
  const x = { field: 'adopters', type: 'quantitative', title: 'firms running the strategy', axis: { tickMinStep: 1 }, scale: { domain: [0, o.adopters] } };
  const colourGroup = { field: 'group', type: 'nominal', scale: GROUP_SCALE, title: 'firms' };
  const panel = (metric: string): VlSpec => {
    const format = metricFormat(metric);
    return {
      width: panelWidth(o.metrics.length, 160),
      height: 200,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'ciLow', type: 'quantitative', title: axisTitle(metric), scale: { zero: false }, axis: { format } }, y2: { field: 'ciHigh' }, color: colourGroup } },
        {
          mark: { type: 'line', point: { filled: true, size: 45 } },
          encoding: {
            x,
            y: { field: 'mean', type: 'quantitative' },
            color: colourGroup,
            tooltip: [{ field: 'group' }, { field: 'adopters', type: 'quantitative' }, { field: 'metric' }, { field: 'mean', type: 'quantitative', format }, { field: 'ciLow', type: 'quantitative', title: '95% low', format }, { field: 'ciHigh', type: 'quantitative', title: '95% high', format }],
          },
        },
      ],
    };
  };
  return chart('The theatre curve', 'mean per firm in each group by the number of firms that adopt, with 95% intervals', { data: { values: o.rows }, ...metricColumns(o.metrics, panel, 'y') });
}
