/**
 * Synthetic runs for report tests: plausible, deterministic numbers (no Math.random),
 * shaped like the model's: B launches a program at period 52 and gains share.
 */
import { allocateResult, type RunResult } from '../../src/model/results.js';
import { FIRM_METRIC_NAMES } from '../../src/model/metrics.js';
import { Scenario } from '../../src/model/schema.js';

/** A tiny deterministic generator (LCG) for noise. */
function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function fixtureRun(options: { periods?: number; firms?: string[]; seed?: number; customers?: number } = {}): RunResult {
  const periods = options.periods ?? 156;
  const firmNames = options.firms ?? ['Alpha', 'Bravo', 'Discounter'];
  const customers = options.customers ?? 20_000;
  const failureKinds = ['lackOfAttention', 'agreementNotKept', 'errorsNotCorrected'];
  const segmentNames = ['price seekers', 'habitual']; // as fixtureScenario's
  const r = allocateResult({ scenarioName: 'fixture', seed: options.seed ?? 1, periods, customers, firmNames, failureKinds, segmentNames });
  const rand = noise(options.seed ?? 1);
  const M = firmNames.length;
  const launch = Math.min(52, Math.floor(periods / 3));
  r.events.push({ period: launch, firm: firmNames[1 % M], note: `${firmNames[1 % M]} launches a points program` });
  for (let t = 0; t < periods; t++) {
    const after = t >= launch ? 1 - Math.exp(-(t - launch) / 20) : 0;
    const raw = firmNames.map((_, j) => (j === 1 ? 1 + 0.25 * after : 1 - 0.05 * after * (j === 0 ? 1.5 : 1)) * (1 + 0.02 * rand()));
    const total = raw.reduce((a, b) => a + b, 0);
    for (let j = 0; j < M; j++) {
      const i = t * M + j;
      const share = raw[j] / total;
      const price = j === 2 ? 9 : 10 + (t >= 104 ? -0.3 : 0);
      const purchases = share * customers * 0.55;
      const revenue = purchases * price;
      const member = j === 1 && t >= launch;
      for (const name of FIRM_METRIC_NAMES) r.firm[name][i] = 0;
      r.firm.share[i] = share;
      r.firm.revenueShare[i] = share;
      r.firm.customers[i] = share * customers;
      r.firm.purchases[i] = purchases;
      r.firm.price[i] = price;
      r.firm.quality[i] = j === 2 ? 0.7 : 0.65;
      r.firm.revenue[i] = revenue;
      r.firm.costOfGoods[i] = purchases * 6;
      r.firm.qualityCost[i] = purchases * 2 * r.firm.quality[i] ** 2;
      r.firm.complaintCost[i] = purchases * 0.02 * (1 + rand());
      r.firm.serviceCost[i] = 0;
      r.firm.rewardsCost[i] = member ? revenue * 0.02 * after * (1 + 0.5 * rand()) : 0;
      r.firm.programFixedCost[i] = member ? 40 : 0;
      r.firm.programMemberCost[i] = member ? 0.02 * customers * 0.3 * after : 0;
      r.firm.programCost[i] = r.firm.rewardsCost[i] + r.firm.programFixedCost[i] + r.firm.programMemberCost[i];
      r.firm.profit[i] = revenue - r.firm.costOfGoods[i] - r.firm.qualityCost[i] - r.firm.complaintCost[i] - r.firm.programCost[i];
      r.firm.margin[i] = r.firm.profit[i] / revenue;
      r.firm.members[i] = member ? customers * 0.3 * after : 0;
      r.firm.satisfaction[i] = (j === 2 ? 0.06 : 0.02) + 0.01 * rand();
      r.firm.habit[i] = 0.4 + 0.2 * share;
      r.firm.churn[i] = (j === 2 ? 0.02 : 0.035) * (1 + 0.4 * rand());
      r.firm.retention[i] = 1 - r.firm.churn[i];
      r.firm.pointsOutstanding[i] = r.firm.members[i] * 200;
      r.firm.pointsLiability[i] = r.firm.pointsOutstanding[i] * 0.01 * 0.8;
      r.firm.elasticity[i] = 2 + 0.5 * after;
    }
    r.market.meanPrice[t] = 9.7 - (t >= 104 ? 0.2 : 0);
    r.market.priceSalience[t] = 1.8 + 0.4 * (t >= launch ? 1 - Math.exp(-(t - launch) / 20) : 0);
    r.market.programsPerCustomer[t] = t >= launch ? 0.3 : 0;
    r.market.hhi[t] = 0.34;
    r.market.consumerSurplus[t] = 3.1;
    r.market.buyRate[t] = 0.82;
    r.market.shoppers[t] = customers * 0.6;
    r.market.purchases[t] = customers * 0.55;
    r.market.switches[t] = 300 + 50 * rand();
    r.market.churnPrice[t] = 50 + 10 * rand();
    r.market.churnTaste[t] = 80 + 10 * rand();
    for (const [k, kind] of failureKinds.entries()) r.market[`churn_${kind}`][t] = 40 - 10 * k + 5 * rand();
  }
  // The run's switches by cause, per firm and segment: the first firm loses most to failures, the discounter to taste.
  const { causes, byFirm, bySegment } = r.leavers;
  const C = causes.length;
  firmNames.forEach((_, j) => causes.forEach((cause, c) => {
    byFirm[j * C + c] = Math.round(periods * (cause === 'price' ? 10 + 5 * j : cause === 'taste' ? 5 + 10 * j : c < failureKinds.length ? Math.max(1, 12 - 3 * j - c) : 4));
  }));
  segmentNames.forEach((_, s) => causes.forEach((__, c) => {
    let sum = 0;
    for (let j = 0; j < M; j++) sum += byFirm[j * C + c];
    bySegment[s * C + c] = s === 0 ? Math.round(sum * 0.7) : sum - Math.round(sum * 0.7);
  }));
  const hist = (centre: number, spread: number, min: number, width: number, bins: number) => ({
    min,
    width,
    counts: Array.from({ length: bins }, (_, b) => Math.round(1000 * Math.exp(-(((min + (b + 0.5) * width - centre) / spread) ** 2)))),
  });
  (r.final.satisfaction as unknown[]).push(...firmNames.map((_, j) => hist(j === 2 ? 0.06 : 0.02, 0.05, -0.3, 0.02, 30)));
  (r.final.habit as unknown[]).push(...firmNames.map((_, j) => hist(0.5 + 0.1 * j, 0.15, 0, 0.05, 20)));
  return r;
}

/** A resolved scenario whose firms match fixtureRun's. */
export function fixtureScenario(firms: string[] = ['Alpha', 'Bravo', 'Discounter']): Scenario {
  return Scenario.parse({
    name: 'fixture',
    description: 'Does a lone points program win share, and what does it cost?\nA synthetic run for report tests.',
    customers: 20_000,
    periods: 156,
    segments: [
      { name: 'price seekers', share: 0.4, description: 'compare prices' },
      { name: 'habitual', share: 0.6 },
    ],
    firms: firms.map((name, j) => ({ name, price: j === 2 ? 9 : 10, ...(j === 1 ? { program: { enabled: false } } : {}) })),
    events: [{ period: 52, firm: firms[1], set: { program: { enabled: true } }, note: `${firms[1]} launches a points program` }],
  });
}
