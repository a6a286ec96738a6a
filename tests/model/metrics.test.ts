/**
 * The metric declarations are the one definition of every metric: each computes from the
 * tallies it declares and the metrics declared before it, the tally layout is exactly what
 * they declare, and every column a run writes is documented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_KIND_METRIC, FIRM_METRICS, LEAVING_REASONS, MARKET_METRICS, metricDeclaration, metricsIn, type FirmPeriod, type MarketPeriod,
} from '../../src/model/metrics.js';
import { FIRM_TALLY_NAMES, MARKET_TALLY_NAMES } from '../../src/model/tally.js';
import { marketColumns, TIMESERIES_COLUMNS } from '../../src/report/run-files.js';
import { simulate } from '../../src/model/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A record that answers only the names in `allowed` and throws on any other read. */
function guarded(what: string, allowed: ReadonlySet<string>, value: (name: string) => number): Record<string, number> {
  return new Proxy({}, {
    get: (_, name) => {
      if (typeof name !== 'string' || !allowed.has(name)) throw new Error(`${what} reads ${String(name)}, which it does not declare`);
      return value(name);
    },
  });
}

describe('metric declarations', () => {
  it('a firm metric reads only its declared tallies and the firm metrics declared before it', () => {
    const before = new Set<string>();
    for (const d of FIRM_METRICS) {
      const p: FirmPeriod = {
        tally: guarded(`firm metric ${d.name}`, new Set(d.tallies), () => 3),
        value: guarded(`firm metric ${d.name}`, before, () => 2),
        price: 10, quality: 0.6, programFixedCost: 1, programMemberCost: 1, members: 5,
        pointsOutstanding: 100, pointValue: 0.01, pointsLiability: 0.75, marketPurchases: 12, marketRevenue: 100,
        window: {
          quarterBuyers: 8, quarterLost: 2, yearBuyers: 9, yearPurchases: 40, yearBuyerPurchases: 70, marketYearPurchases: 120,
          yearVolume: 50, yearHeavyVolume: 25, yearRedeemed: 1000, yearExpired: 300,
        },
      };
      expect(Number.isFinite(d.compute(p)), d.name).toBe(true);
      before.add(d.name);
    }
  });

  it('a market metric reads only its declared tallies, firm metrics, firm tallies and the market metrics declared before it', () => {
    const firmNames = new Set<string>(FIRM_METRICS.map((d) => d.name));
    const before = new Set<string>();
    for (const d of MARKET_METRICS) {
      const p: MarketPeriod = {
        tally: guarded(`market metric ${d.name}`, new Set(d.tallies), () => 4),
        value: guarded(`market metric ${d.name}`, before, () => 2),
        firms: 3,
        customers: 100,
        memberships: 20,
        firm: (name, j) => {
          if (!firmNames.has(name)) throw new Error(`market metric ${d.name} reads undeclared firm metric ${name}`);
          return 0.25 + j;
        },
        firmTally: (field) => {
          if (!FIRM_TALLY_NAMES.includes(field as never)) throw new Error(`market metric ${d.name} reads undeclared firm tally ${field}`);
          return 1;
        },
        price: (j) => 9 + j,
        leavers: (reason) => {
          if (!LEAVING_REASONS.includes(reason)) throw new Error(`market metric ${d.name} reads unknown leaving reason ${reason}`);
          return 5;
        },
        window: {
          quarterBuyers: 30, quarterLost: 6, yearVolume: 150, yearHeavyVolume: 80, yearRedeemed: 3000, yearExpired: 900,
          buyers: 90, mainShareSum: 60, exclusive: 12, mainKnown: 80, mainChanged: 14, samePairs: 700, pairs: 1200,
        },
      };
      expect(Number.isFinite(d.compute(p)), d.name).toBe(true);
      before.add(d.name);
    }
  });

  it('names are unique within firm and within market metrics, and the tally holds exactly the declared fields', () => {
    for (const list of [FIRM_METRICS, MARKET_METRICS]) expect(new Set(list.map((d) => d.name)).size).toBe(list.length);
    expect([...FIRM_TALLY_NAMES].sort()).toEqual([...new Set(FIRM_METRICS.flatMap((d) => d.tallies))].sort());
    expect([...MARKET_TALLY_NAMES].sort()).toEqual([...new Set(MARKET_METRICS.flatMap((d) => d.tallies))].sort());
  });

  it('views list metrics in declaration order, and the experiments\' default set includes the headline', () => {
    const order: readonly string[] = FIRM_METRICS.map((d) => d.name);
    const headline = metricsIn('headline').firm;
    expect(headline).toEqual(['share', 'profit', 'price']);
    for (const view of ['experiments', 'game', 'overview', 'runTable'] as const) {
      const names = metricsIn(view).firm;
      expect(names.map((n) => order.indexOf(n))).toEqual([...names.map((n) => order.indexOf(n))].sort((a, b) => a - b));
    }
    for (const m of headline) expect(metricsIn('experiments').firm).toContain(m);
  });

  it('a failure kind\'s column has a declaration of its own', () => {
    const d = metricDeclaration(FAILURE_KIND_METRIC.column('slowService'));
    expect(d?.unit).toBe('customers');
    expect(d?.description).toContain('slowService');
  });
});

describe('what a run writes', () => {
  it('every column of timeseries.csv and market.csv is documented in docs/metrics.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
    const scenario = loadScenario('baseline', { customers: 50, periods: 2 }).scenario;
    const result = simulate(scenario, 1);
    for (const column of [...TIMESERIES_COLUMNS, ...marketColumns(result)]) {
      if (column === 'period' || column === 'firm') continue;
      const documented = column.startsWith(FAILURE_KIND_METRIC.column('')) ? FAILURE_KIND_METRIC.pattern : column;
      expect(doc, column).toContain(`| \`${documented}\` |`);
    }
  });
});
