/**
 * The look shared by every chart: firm colours, sizes, fonts, and metric titles and
 * units taken from the metric declarations (src/model/metrics.ts), so a chart never
 * names a metric differently from the CSV or the docs.
 */
import { FIRM_METRICS, MARKET_METRICS, type MetricDeclaration } from '../model/metrics.js';

/** A Vega-Lite spec as plain data; vega-lite validates it when compiling. */
export type VlSpec = { [key: string]: unknown };

/** A chart to render: its file name under charts/ (no extension) and its spec. */
export interface NamedSpec {
  readonly name: string;
  readonly spec: VlSpec;
}

/** Tableau 10: distinguishable, colour-blind tolerable; firm i always gets colour i. */
const FIRM_PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#ff9da6', '#9d755d', '#bab0ac'];
export const MARKET_COLOUR = '#555555';

export const firmColour = (index: number): string => FIRM_PALETTE[index % FIRM_PALETTE.length];

/** The colour scale every firm-coloured chart of a run uses: same firm, same colour. */
export const firmScale = (firmNames: readonly string[]) => ({ domain: [...firmNames], range: firmNames.map((_, i) => firmColour(i)) });

export const CHART_WIDTH = 680;
export const CHART_HEIGHT = 220;
export const PANEL_HEIGHT = 150;
/** DejaVu first: it is what resvg draws the PNGs with, so SVG, PNG and page agree. */
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 15, subtitleFontSize: 11.5, subtitleColor: '#555', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 11.5, titleFontWeight: 'normal', gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 11.5, titleFontWeight: 'normal', symbolStrokeWidth: 3, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  line: { strokeWidth: 1.8 },
  view: { stroke: null },
};

const DECLARED = new Map<string, MetricDeclaration>([...MARKET_METRICS, ...FIRM_METRICS].map((d) => [d.name, d]));

export function metricDeclaration(name: string): MetricDeclaration | undefined {
  return DECLARED.get(name) ?? (name.startsWith('churn_') ? { name, unit: 'customers', description: `switches after a ${name.slice(6)} failure`, summary: 'lastQuarter' } : undefined);
}

/** "camelCase" → "camel case": a readable label for a metric name. */
export const humanize = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();

/** Axis title: the metric and its unit, e.g. "price (currency/unit)"; fractions show as %. */
export function axisTitle(name: string): string {
  const d = metricDeclaration(name);
  if (!d || d.unit === 'fraction') return humanize(name);
  return `${humanize(name)} (${d.unit})`;
}

/** d3-format string for a metric's values on axes and in tooltips. */
export function metricFormat(name: string): string {
  // undeclared figures named "...Share" (e.g. the game's programCostShare) are fractions too
  const unit = metricDeclaration(name)?.unit ?? (/share$/i.test(name) ? 'fraction' : undefined);
  if (unit === 'fraction') return '.1%';
  if (unit === 'currency' || unit === 'customers' || unit === 'points' || unit === 'purchases') return ',.0f';
  return '.3~f';
}

/** Axis for a metric: title with unit, percent or thousands format. */
export const metricAxis = (name: string, extra: Record<string, unknown> = {}) => ({ title: axisTitle(name), format: metricFormat(name), ...extra });
