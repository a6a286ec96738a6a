/**
 * Building blocks shared by the chart families: the time axis, a firm-coloured line panel
 * with legend selection and a hover tooltip, and the top-level wrapper.
 */
import { CHART_HEIGHT, CHART_WIDTH, CONFIG, axisTitle, firmScale, legendLayout, metricAxis, metricFormat, type VlSpec } from '../theme.js';
import type { ColumnarData } from '../data.js';

/**
 * Vega-Lite reads ".", "[" and quotes in field names as access paths; a name that is data
 * (a firm, a scenario) is escaped character by character before it becomes a field.
 */
export const field = (name: string): string => name.replace(/[.[\]\\"']/g, (c) => `\\${c}`);

/**
 * A string literal for a Vega expression: JSON's escapes, and every character outside
 * printable ASCII as \uXXXX (the expression lexer rejects raw line separators).
 */
export const expressionString = (text: string): string =>
  JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * A tooltip title that is data. Vega-Lite builds the tooltip as an expression and escapes
 * only double quotes in titles, so a backslash or a line break would end the chart:
 * backslashes become the look-alike "⧵", control characters spaces.
 */
export const safeTitle = (text: string): string => text.replace(/\\/g, '\u29f5').replace(/[\u0000-\u001f\u2028\u2029]/g, ' ');

/**
 * A pivot whose columns have generated names (k0, k1, … in the order of `names`), so
 * that no firm, scenario or profile label is ever read as a field path, and the tooltip
 * entries that show those columns under their labels.
 */
export function keyedPivot(o: { field: string; names: readonly string[]; value: string; groupby: readonly string[]; format?: string; titleSuffix?: string }) {
  const key = `${o.field}Key`;
  return {
    transform: [
      { calculate: `'k' + indexof([${o.names.map(expressionString).join(',')}], datum[${expressionString(o.field)}])`, as: key },
      { pivot: key, value: o.value, groupby: [...o.groupby] },
    ],
    tooltip: o.names.map((name, i) => ({ field: `k${i}`, type: 'quantitative', title: safeTitle(`${name}${o.titleSuffix ?? ''}`), ...(o.format !== undefined ? { format: o.format } : {}) })),
  };
}

/** Break text into lines of at most `width` characters, so a long subtitle never widens the chart. */
export function wrap(text: string, width = 95): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Top-level spec: schema, theme, title and subtitle. */
export function chart(title: string, subtitle: string, body: VlSpec): VlSpec {
  const lines = wrap(subtitle);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: lines.length === 1 ? lines[0] : lines },
    config: CONFIG,
    ...body,
  };
}

/**
 * Time on the x axis: years for a run of a year or more (a strategist's unit), else
 * periods; tooltips always show the period, the CSV's unit. Whole years from four years
 * on (no "2.5" between them), labels that would run together dropped.
 */
export function timeAxis(periods: number, periodsPerYear: number, titled = true) {
  const years = periods >= periodsPerYear;
  return {
    transform: years ? [{ calculate: `datum.period / ${periodsPerYear}`, as: 'year' }] : [],
    groupby: years ? ['period', 'year'] : ['period'],
    x: {
      field: years ? 'year' : 'period',
      type: 'quantitative',
      title: titled ? (years ? 'year' : 'period') : null,
      axis: { tickMinStep: years ? (periods >= 4 * periodsPerYear ? 1 : 0.5) : 1, format: '~g', labelOverlap: true, labelSeparation: 4 },
      scale: { nice: false },
    },
  };
}

/** A short panel's title: the metric and its unit, small, left-aligned. */
export const panelTitle = (metric: string) => ({ text: axisTitle(metric), fontSize: 12, fontWeight: 'normal', anchor: 'start', offset: 4 });

/** The legend selection: click a firm in the legend to bring it forward. One per chart. */
export const FIRM_SELECTION = 'firmSelection';
export const firmSelectionParam = { name: FIRM_SELECTION, select: { type: 'point', fields: ['firm'] }, bind: 'legend' };
export const firmOpacity = { condition: { param: FIRM_SELECTION, value: 1 }, value: 0.12 };

/** Colour by firm; concatenated panels repeat it and vega-lite merges them into one legend. */
export const firmColour = (firmNames: readonly string[]) => ({
  field: 'firm',
  type: 'nominal',
  sort: [...firmNames],
  scale: firmScale(firmNames),
  legend: { title: 'firm', orient: 'right', symbolType: 'stroke', ...legendLayout(firmNames.length) },
});

export interface LinePanelOptions {
  readonly metric: string;
  readonly firmNames: readonly string[];
  readonly periods: number;
  readonly periodsPerYear: number;
  readonly height?: number;
  /** the panel that owns the legend selection (one per chart) */
  readonly ownsSelection?: boolean;
  /** title the time axis (the lowest of stacked panels) */
  readonly xTitled?: boolean;
  /** name the metric above the panel instead of along the y axis (short panels) */
  readonly panelTitle?: boolean;
  readonly interpolate?: string;
  readonly yZero?: boolean;
  /** a fixed y domain (flat series, whose own extent is a single value) */
  readonly yDomain?: readonly [number, number];
  /** layers drawn above the lines (event marks) */
  readonly extraLayers?: VlSpec[];
  /** the panel's own data; concatenated panels share their parent's */
  readonly data?: ColumnarData;
}

/**
 * One metric per firm over time. Hovering a period shows every firm's value there: a
 * pivoted layer of period-wide rules, invisible until hovered (no voronoi needed).
 */
export function linePanel(o: LinePanelOptions): VlSpec {
  const hover = `hover_${o.metric.replace(/\W/g, '_')}`;
  const time = timeAxis(o.periods, o.periodsPerYear, o.xTitled ?? true);
  const x = time.x;
  const format = metricFormat(o.metric);
  const lines: VlSpec = {
    mark: { type: 'line', interpolate: o.interpolate ?? 'linear' },
    encoding: {
      x,
      y: { field: o.metric, type: 'quantitative', axis: metricAxis(o.metric, o.panelTitle ? { title: null } : {}), scale: o.yDomain ? { domain: [...o.yDomain], nice: true } : { zero: o.yZero ?? false } },
      color: firmColour(o.firmNames),
      opacity: firmOpacity,
    },
    ...(o.ownsSelection ? { params: [firmSelectionParam] } : {}),
  };
  const pivot = keyedPivot({ field: 'firm', names: o.firmNames, value: o.metric, groupby: time.groupby, format });
  const hoverRules: VlSpec = {
    transform: pivot.transform,
    mark: { type: 'rule', color: '#999', strokeWidth: Math.max(2, CHART_WIDTH / o.periods) },
    params: [{ name: hover, select: { type: 'point', fields: ['period'], on: 'pointerover', clear: 'pointerout' } }],
    encoding: {
      x,
      opacity: { condition: { param: hover, empty: false, value: 0.35 }, value: 0 },
      tooltip: [
        { field: 'period', type: 'quantitative', title: 'period' },
        ...pivot.tooltip,
      ],
    },
  };
  return {
    ...(o.data ? { data: { values: o.data.values } } : {}),
    transform: [...(o.data ? [{ flatten: o.data.flatten }] : []), ...time.transform],
    ...(o.panelTitle ? { title: panelTitle(o.metric) } : {}),
    width: CHART_WIDTH,
    height: o.height ?? CHART_HEIGHT,
    layer: [lines, hoverRules, ...(o.extraLayers ?? [])],
  };
}
