/**
 * Building blocks shared by the chart families: the time axis, a firm-coloured line panel
 * with legend selection and a hover tooltip, and the top-level wrapper.
 */
import { CHART_HEIGHT, CHART_WIDTH, CONFIG, axisTitle, firmScale, legendLayout, metricAxis, metricFormat, type VlSpec } from '../theme.js';
import type { ColumnarData } from '../data.js';

/** Vega-Lite reads "." and "[" in field names as paths; firm names are data, so escape them. */
export const field = (name: string): string => name.replace(/[.[\]\\]/g, (c) => `\\${c}`);

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
 * periods; tooltips always show the period, the CSV's unit.
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
      axis: { tickMinStep: years ? 0.5 : 1 },
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
  const hoverRules: VlSpec = {
    transform: [{ pivot: 'firm', value: o.metric, groupby: time.groupby }],
    mark: { type: 'rule', color: '#999', strokeWidth: Math.max(2, CHART_WIDTH / o.periods) },
    params: [{ name: hover, select: { type: 'point', fields: ['period'], on: 'pointerover', clear: 'pointerout' } }],
    encoding: {
      x,
      opacity: { condition: { param: hover, empty: false, value: 0.35 }, value: 0 },
      tooltip: [
        { field: 'period', type: 'quantitative', title: 'period' },
        ...o.firmNames.map((f) => ({ field: field(f), type: 'quantitative', title: f, format })),
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
