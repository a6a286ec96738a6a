/**
 * The look shared by every chart: firm colours, sizes, fonts, and metric titles and
 * units taken from the metric declarations (src/model/metrics.ts), so a chart never
 * names a metric differently from the CSV or the docs.
 */
import { metricDeclaration } from '../model/metrics.js';

/** A Vega-Lite spec as plain data; vega-lite validates it when compiling. */
export type VlSpec = { [key: string]: unknown };

/** A chart to render: its file name under charts/ (no extension) and its spec. */
export interface NamedSpec {
  readonly name: string;
  readonly spec: VlSpec;
}

/** Tableau 10: distinguishable, colour-blind tolerable; firm i always gets colour i. */
const FIRM_PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#ff9da6', '#9d755d', '#bab0ac'];
/** Tableau 20's light and dark partners of the ten: firms 11 to 20 of a crowded market. */
const SECOND_PALETTE = ['#9ecae9', '#ffbf79', '#88d27a', '#ff9d98', '#439894', '#d6a5c9', '#b79a20', '#d67195', '#d8b5a5', '#79706e'];
export const MARKET_COLOUR = '#555555';

/** HSL (degrees, fractions) → #rrggbb. */
function hslHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/**
 * Colours for `count` series: Tableau 10 up to ten (the usual market), Tableau 20 up to
 * twenty, and beyond that hues a golden angle apart in three lightness bands, so that no
 * two of up to a few hundred firms share a colour.
 */
export function seriesPalette(count: number): string[] {
  if (count <= FIRM_PALETTE.length) return FIRM_PALETTE.slice(0, count);
  if (count <= FIRM_PALETTE.length + SECOND_PALETTE.length) return [...FIRM_PALETTE, ...SECOND_PALETTE].slice(0, count);
  return Array.from({ length: count }, (_, i) => hslHex((i * 137.508) % 360, 0.62, [0.42, 0.58, 0.34][i % 3]));
}

/** Firm i's colour in a chart of `count` firms (the same colour in every chart of that market). */
export const firmColour = (index: number, count = FIRM_PALETTE.length): string => {
  const palette = seriesPalette(Math.max(count, index + 1));
  return palette[index % palette.length];
};

/** The colour scale every firm-coloured chart of a run uses: same firm, same colour. */
export const firmScale = (firmNames: readonly string[]) => ({ domain: [...firmNames], range: seriesPalette(firmNames.length) });

/** Past this many entries a legend moves below the plot and wraps into columns. */
const LEGEND_MAX_ROWS = 12;

/** Legend placement for `count` entries: at the right, or for many entries below the plot in columns. */
export const legendLayout = (count: number): Record<string, unknown> =>
  count <= LEGEND_MAX_ROWS ? {} : { orient: 'bottom', direction: 'horizontal', columns: Math.min(6, Math.ceil(count / LEGEND_MAX_ROWS) + 2), labelLimit: 110, symbolLimit: count };

export const CHART_WIDTH = 680;
export const CHART_HEIGHT = 220;
export const PANEL_HEIGHT = 150;
/** DejaVu first: it is what resvg draws the PNGs with, so SVG, PNG and page agree. */
const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const AXIS_LABEL_SIZE = 11;

export const CONFIG = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 15, subtitleFontSize: 11.5, subtitleColor: '#555', anchor: 'start', offset: 10 },
  axis: { labelFontSize: AXIS_LABEL_SIZE, titleFontSize: 11.5, titleFontWeight: 'normal', gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 11.5, titleFontWeight: 'normal', symbolStrokeWidth: 3, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  line: { strokeWidth: 1.8 },
  view: { stroke: null },
};

export { metricDeclaration };

/** "camelCase" → "camel case": a readable label for a metric name. */
export const humanize = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();

/**
 * Satisfaction is a disconfirmation: experience minus expectation on the 0–1 quality
 * scale, so 0 means "as expected" and the sign says which way. Charts and findings name
 * the scale instead of the bare number.
 */
const DISCONFIRMATION = 'disconfirmation';
export const SATISFACTION_SCALE = 'experience − expectation on the 0–1 quality scale';

/** Axis title: the metric and its unit, e.g. "price (currency/unit)"; fractions show as %. */
export function axisTitle(name: string): string {
  const d = metricDeclaration(name);
  if (!d || d.unit === 'fraction') return humanize(name);
  if (d.unit === DISCONFIRMATION) return `${humanize(name)} (experience − expectation)`;
  return `${humanize(name)} (${d.unit})`;
}

/** d3-format string for a metric's values on axes and in tooltips. */
export function metricFormat(name: string): string {
  // undeclared figures named "...Share" (e.g. the game's programCostShare) are fractions too
  const unit = metricDeclaration(name)?.unit ?? (/share$/i.test(name) ? 'fraction' : undefined);
  if (unit === 'fraction') return '.1%';
  if (unit === 'currency' || unit === 'customers' || unit === 'points' || unit === 'purchases') return ',.0f';
  if (unit === DISCONFIRMATION) return '+.3~f';
  return '.3~f';
}

/** Axis for a metric: title with unit, percent or thousands format; a disconfirmation's zero reads "as expected". */
export const metricAxis = (name: string, extra: Record<string, unknown> = {}) => ({
  title: axisTitle(name),
  format: metricFormat(name),
  ...(metricDeclaration(name)?.unit === DISCONFIRMATION ? { labelExpr: "datum.value === 0 ? '0 as expected' : datum.label" } : {}),
  ...extra,
});
