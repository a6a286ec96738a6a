/**
 * Which metrics an experiment keeps per period (aggregate.csv, differences.csv, charts).
 * aggregate.csv has periods × (firms + 1) × metrics rows per scenario, so the default is
 * the set people look at; `--metrics all` keeps every declared metric.
 */
import { FIRM_METRIC_NAMES, MARKET_METRIC_NAMES, metricsIn } from '../../model/metrics.js';
import { InputError } from '../../errors.js';

export interface MetricSet {
  /** firm metrics, in output order */
  readonly firm: readonly string[];
  /** market metrics, in output order */
  readonly market: readonly string[];
}

export const DEFAULT_METRICS: MetricSet = metricsIn('experiments');

/** The metrics the report draws per seed (faint lines behind the mean band). */
export const PER_SEED_METRICS: readonly string[] = metricsIn('headline').firm;

/** The default set in words, for `--metrics` help: firm metrics, then the market's. */
export const metricSetText = (set: MetricSet): string => `${set.firm.join(', ')}; market ${set.market.join(', ')}`;

/**
 * `--metrics`: undefined → the default set; `all` → every declared metric; otherwise a
 * comma list of names. A plain name that is both a firm and a market metric (profit,
 * revenue, purchases, pointsLiability) selects both; `firm.X` or `market.X` selects one.
 */
export function parseMetricSet(text: string | undefined): MetricSet {
  if (text === undefined || text.trim() === '') return DEFAULT_METRICS;
  if (text.trim() === 'all') return { firm: [...FIRM_METRIC_NAMES], market: [...MARKET_METRIC_NAMES] };
  const firm: string[] = [];
  const market: string[] = [];
  const firmNames = new Set<string>(FIRM_METRIC_NAMES);
  const marketNames = new Set<string>(MARKET_METRIC_NAMES);
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const [scope, name] = item.includes('.') ? item.split('.', 2) : ['', item];
    const inFirm = firmNames.has(name) && scope !== 'market';
    const inMarket = marketNames.has(name) && scope !== 'firm';
    if ((scope !== '' && scope !== 'firm' && scope !== 'market') || (!inFirm && !inMarket)) {
      throw new InputError({
        source: 'option --metrics',
        path: item,
        message: `expected 'all' or metric names (firm: ${FIRM_METRIC_NAMES.join(', ')}; market: ${MARKET_METRIC_NAMES.join(', ')})`,
      });
    }
    if (inFirm && !firm.includes(name)) firm.push(name);
    if (inMarket && !market.includes(name)) market.push(name);
  }
  if (firm.length + market.length === 0) {
    throw new InputError({ source: 'option --metrics', path: '', message: "expected 'all' or at least one metric name" });
  }
  return { firm, market };
}
