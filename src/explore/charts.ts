/**
 * The explorer's live charts as Vega-Lite specs over named data sets that the page fills
 * as periods complete (`firms`, `market`, `theatre`). Compiled to Vega when `explore`
 * runs, so the page needs only vega and vega-embed, as the report does. Each chart has a
 * level form and a difference form (compare with the previous settings).
 */
import { compile } from 'vega-lite';
import { CONFIG, firmColour as colourOf, metricAxis, type VlSpec } from '../report/theme.js';

const WIDTH = 470;
const HEIGHT = 170;

/** Firms keep their colour by their position in the scenario, whatever their names. */
const firmColour = { field: 'firm', type: 'nominal', title: 'firm', sort: { field: 'index' }, scale: { range: Array.from({ length: 10 }, (_, i) => colourOf(i)) } };

function overTime(title: string, data: 'firms' | 'market', metric: string, diff: boolean): VlSpec {
  const y = { field: metric, type: 'quantitative', axis: metricAxis(metric, diff ? { title: `Δ ${metricAxis(metric).title}` } : {}) };
  const base: VlSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: diff ? `${title}: now − previous settings (same seed)` : title,
    width: WIDTH,
    height: HEIGHT,
    data: { name: data },
    config: CONFIG,
  };
  const x = { field: 'period', type: 'quantitative', title: 'period' };
  if (data === 'market') return { ...base, mark: { type: 'line', color: '#555555' }, encoding: { x, y, tooltip: [x, y] } };
  return { ...base, mark: 'line', encoding: { x, y, color: firmColour, tooltip: [{ field: 'firm' }, x, y] } };
}

function theatre(): VlSpec {
  const x = { field: 'adopters', type: 'ordinal', title: 'firms running programs', axis: { labelAngle: 0 } };
  const y = { field: 'profit', type: 'quantitative', axis: metricAxis('profit', { title: 'profit per period, last quarter' }) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Theatre: profit by the number of firms running programs',
    width: WIDTH,
    height: HEIGHT,
    data: { name: 'theatre' },
    config: CONFIG,
    encoding: { x, y, color: firmColour },
    layer: [
      { mark: 'line' },
      {
        mark: { type: 'point', size: 70, filled: true },
        encoding: {
          shape: { field: 'role', type: 'nominal', title: 'runs a program', scale: { domain: ['program', 'no program'], range: ['circle', 'square'] } },
          tooltip: [{ field: 'firm' }, { field: 'role' }, x, y],
        },
      },
    ],
  };
}

/** Chart name → Vega-Lite spec (the difference forms end in "-diff"). */
export function exploreSpecs(): Record<string, VlSpec> {
  const specs: Record<string, VlSpec> = { theatre: theatre() };
  for (const diff of [false, true]) {
    const suffix = diff ? '-diff' : '';
    specs[`shares${suffix}`] = overTime('Shares', 'firms', 'share', diff);
    specs[`profit${suffix}`] = overTime('Profit', 'firms', 'profit', diff);
    specs[`salience${suffix}`] = overTime('Price salience', 'market', 'priceSalience', diff);
  }
  return specs;
}

/** The same charts compiled to Vega; a vega-lite warning is a bug, as in the report. */
export function compiledExploreSpecs(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(exploreSpecs())) {
    const warnings: string[] = [];
    const logger = { level: () => logger, error: (...m: unknown[]) => warnings.push(m.join(' ')), warn: (...m: unknown[]) => warnings.push(m.join(' ')), info: () => logger, debug: () => logger };
    out[name] = compile(spec as never, { logger: logger as never }).spec;
    if (warnings.length > 0) throw new Error(`explore chart ${name}: vega-lite warns: ${warnings.join('; ')}`);
  }
  return out;
}
