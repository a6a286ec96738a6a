/**
 * Invariants hold over random valid scenarios (property tests). Customers are
 * conserved each period, purchases add up over firms, profit is revenue minus every cost
 * line to the cent, points issued = redeemed + expired + outstanding, shares sum to 1,
 * switches by cause add up (per period, per firm left, per segment), and every rate is a rate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnCauseColumn } from '../../src/model/metrics.js';
import { simulate } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/results.js';
import type { Scenario } from '../../src/model/schema.js';
import { scenarioArbitrary } from '../helpers/arbitraries.js';
import { tinyScenario, validated } from '../helpers/scenario.js';

const CENT = 0.005;
/** Relative tolerance for float sums of the same terms added in another order. */
const close = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** Every violated invariant of one run, as readable lines (empty when all hold). */
function violations(s: Scenario, r: RunResult): string[] {
  const out: string[] = [];
  const fail = (msg: string) => {
    if (out.length < 10) out.push(msg);
  };
  const M = r.firmNames.length;
  const N = s.customers;
  const f = r.firm;
  const mk = r.market;
  const at = (t: number, j: number) => t * M + j;
  const cumulative = { issued: new Array<number>(M).fill(0), redeemed: new Array<number>(M).fill(0), expired: new Array<number>(M).fill(0) };
  let previousNoFirm = N;
  const firmLeavers = new Array<number>(M).fill(0);
  let switches = 0;

  for (let t = 0; t < r.periods; t++) {
    let customers = 0;
    let purchases = 0;
    let shares = 0;
    let revenueShares = 0;
    let revenue = 0;
    let profit = 0;
    let acquired = 0;
    let churned = 0;
    let moved = 0;
    for (let j = 0; j < M; j++) {
      const k = at(t, j);
      const where = `t=${t} firm ${r.firmNames[j]}`;
      const c = f.customers[k];
      if (!Number.isInteger(c) || c < 0) fail(`${where}: customers ${c} is not a count`);
      customers += c;
      purchases += f.purchases[k];
      shares += f.share[k];
      revenueShares += f.revenueShare[k];
      revenue += f.revenue[k];
      profit += f.profit[k];
      acquired += f.acquired[k];

      // Customers flow: this period's customers = last period's − movers − switchers + newcomers
      // (switching is a share of the customers still there after the moves).
      const before = t === 0 ? 0 : f.customers[at(t - 1, j)];
      const movedAway = f.movedAway[k];
      if (!Number.isInteger(movedAway) || movedAway < 0 || movedAway > before) fail(`${where}: movedAway ${movedAway} not a count within ${before}`);
      moved += movedAway;
      const leavers = f.switching[k] * (before - movedAway);
      if (Math.abs(leavers - Math.round(leavers)) > 1e-6) fail(`${where}: switching ${f.switching[k]} × ${before - movedAway} customers is not a whole number of leavers`);
      churned += Math.round(leavers);
      firmLeavers[j] += Math.round(leavers);
      if (Math.abs(c - (before - movedAway - Math.round(leavers) + f.acquired[k])) > 1e-9) {
        fail(`${where}: customers ${c} ≠ ${before} − ${movedAway} moved − ${Math.round(leavers)} switched + ${f.acquired[k]} acquired`);
      }
      if (f.acquired[k] > f.purchases[k]) fail(`${where}: acquired ${f.acquired[k]} > purchases ${f.purchases[k]}`);

      // Rates are rates.
      for (const m of ['share', 'revenueShare', 'churn', 'retention', 'switching', 'delighted', 'yearShare', 'shareOfWallet', 'heavyBuyerShare', 'breakage'] as const) {
        if (!(f[m][k] >= 0 && f[m][k] <= 1)) fail(`${where}: ${m} ${f[m][k]} outside [0, 1]`);
      }
      if (Math.abs(f.retention[k] - (1 - f.churn[k])) > 1e-12) fail(`${where}: retention ≠ 1 − churn`);

      // Profit = revenue − every cost line, to the cent; program cost = its three parts.
      const costs = f.costOfGoods[k] + f.programCost[k] + f.qualityCost[k] + f.complaintCost[k] + f.serviceCost[k];
      if (Math.abs(f.profit[k] - (f.revenue[k] - costs)) > CENT) fail(`${where}: profit ${f.profit[k]} ≠ revenue ${f.revenue[k]} − costs ${costs}`);
      const programParts = f.rewardsCost[k] + f.programFixedCost[k] + f.programMemberCost[k];
      if (Math.abs(f.programCost[k] - programParts) > CENT) fail(`${where}: programCost ${f.programCost[k]} ≠ rewards + fixed + member cost ${programParts}`);
      for (const m of ['revenue', 'costOfGoods', 'rewardsCost', 'programFixedCost', 'programMemberCost', 'qualityCost', 'complaintCost', 'serviceCost', 'exitFees'] as const) {
        if (!(f[m][k] >= 0)) fail(`${where}: ${m} ${f[m][k]} is negative`);
      }
      if (f.exitFees[k] > f.revenue[k] + 1e-9) fail(`${where}: exit fees ${f.exitFees[k]} exceed revenue ${f.revenue[k]}`);

      // Points are whole and conserved: issued = redeemed + expired + outstanding.
      for (const m of ['pointsIssued', 'pointsRedeemed', 'pointsExpired', 'pointsOutstanding'] as const) {
        if (!Number.isInteger(f[m][k]) || f[m][k] < 0) fail(`${where}: ${m} ${f[m][k]} is not a whole number ≥ 0`);
      }
      cumulative.issued[j] += f.pointsIssued[k];
      cumulative.redeemed[j] += f.pointsRedeemed[k];
      cumulative.expired[j] += f.pointsExpired[k];
      const outstanding = cumulative.issued[j] - cumulative.redeemed[j] - cumulative.expired[j];
      if (f.pointsOutstanding[k] !== outstanding) {
        fail(`${where}: points outstanding ${f.pointsOutstanding[k]} ≠ issued ${cumulative.issued[j]} − redeemed ${cumulative.redeemed[j]} − expired ${cumulative.expired[j]}`);
      }

      // Counts that bound each other.
      if (!Number.isInteger(f.members[k]) || f.members[k] < 0 || f.members[k] > N) fail(`${where}: members ${f.members[k]} not in [0, N=${N}]`);
      // `locked` counts contracts in force at period end: locked-in customers are customers.
      if (f.locked[k] > f.customers[k]) fail(`${where}: locked ${f.locked[k]} > customers ${f.customers[k]}`);
      if (f.failures[k] > f.purchases[k]) fail(`${where}: failures ${f.failures[k]} > purchases ${f.purchases[k]}`);
      if (f.complaints[k] > f.failures[k]) fail(`${where}: complaints ${f.complaints[k]} > failures ${f.failures[k]}`);
      if (f.recoveries[k] > f.complaints[k]) fail(`${where}: recoveries ${f.recoveries[k]} > complaints ${f.complaints[k]}`);
    }

    const noFirm = N - customers;
    if (noFirm < 0) fail(`t=${t}: firms have ${customers} customers, more than N=${N}`);
    if (noFirm > previousNoFirm + moved) fail(`t=${t}: customers with no firm rose from ${previousNoFirm} to ${noFirm}, more than the ${moved} who moved home (only a move forgets the current firm)`);
    if (previousNoFirm + moved - noFirm !== acquired - churned) fail(`t=${t}: newcomers ${previousNoFirm + moved - noFirm} ≠ acquired ${acquired} − switched ${churned}`);
    if (moved > mk.relocations[t]) fail(`t=${t}: ${moved} customers left their firm by moving, more than the ${mk.relocations[t]} who moved`);
    previousNoFirm = noFirm;

    if (mk.purchases[t] !== purchases) fail(`t=${t}: market purchases ${mk.purchases[t]} ≠ Σ firms ${purchases}`);
    if (purchases > 0 && Math.abs(shares - 1) > 1e-9) fail(`t=${t}: shares sum to ${shares}, not 1`);
    if (purchases === 0 && shares !== 0) fail(`t=${t}: no purchases but shares sum to ${shares}`);
    if (revenue > 0 && Math.abs(revenueShares - 1) > 1e-9) fail(`t=${t}: revenue shares sum to ${revenueShares}, not 1`);
    if (!close(mk.revenue[t], revenue)) fail(`t=${t}: market revenue ${mk.revenue[t]} ≠ Σ firms ${revenue}`);
    if (Math.abs(mk.profit[t] - profit) > CENT) fail(`t=${t}: market profit ${mk.profit[t]} ≠ Σ firms ${profit}`);
    if (mk.switches[t] !== churned) fail(`t=${t}: market switches ${mk.switches[t]} ≠ Σ firm leavers ${churned}`);
    const causes = r.leavers.causes.reduce((a, cause) => a + mk[churnCauseColumn(cause)][t], 0);
    if (causes !== mk.switches[t]) fail(`t=${t}: switches by cause add to ${causes}, not ${mk.switches[t]}`);
    switches += mk.switches[t];
    if (!(mk.shoppers[t] >= mk.purchases[t] && mk.shoppers[t] <= N)) fail(`t=${t}: shoppers ${mk.shoppers[t]} not in [purchases, N]`);
    if (!(mk.buyRate[t] >= 0 && mk.buyRate[t] <= 1)) fail(`t=${t}: buyRate ${mk.buyRate[t]} outside [0, 1]`);
    if (purchases > 0 && !(mk.hhi[t] >= 1 / M - 1e-12 && mk.hhi[t] <= 1 + 1e-12)) fail(`t=${t}: hhi ${mk.hhi[t]} outside [1/M, 1]`);
    if (!(mk.priceSalience[t] >= 0)) fail(`t=${t}: price salience ${mk.priceSalience[t]} < 0`);
    if (!(mk.programsPerCustomer[t] >= 0 && mk.programsPerCustomer[t] <= M)) fail(`t=${t}: programs per customer ${mk.programsPerCustomer[t]} outside [0, M]`);
    for (const m of ['switching', 'churn', 'repeatRate', 'mainShare', 'mainChange', 'exclusive', 'heavyBuyerShare', 'breakage'] as const) {
      if (!(mk[m][t] >= 0 && mk[m][t] <= 1)) fail(`t=${t}: market ${m} ${mk[m][t]} outside [0, 1]`);
    }
    // The main firm has at least an equal part of a customer's purchases.
    if (mk.mainShare[t] > 0 && mk.mainShare[t] < 1 / M - 1e-12) fail(`t=${t}: mainShare ${mk.mainShare[t]} below 1/M`);
    if (!(mk.polarization[t] <= 1 + 1e-12)) fail(`t=${t}: polarization ${mk.polarization[t]} above 1`);
  }

  // The run's switches by cause add up, per firm left, to the firm's leavers, and over the segments to all switches.
  const C = r.leavers.causes.length;
  const rowSum = (table: Float64Array, k: number) => table.subarray(k * C, (k + 1) * C).reduce((a, b) => a + b, 0);
  for (let j = 0; j < M; j++) {
    const byCause = rowSum(r.leavers.byFirm, j);
    if (byCause !== firmLeavers[j]) fail(`firm ${r.firmNames[j]}: switches by cause add to ${byCause}, not its ${firmLeavers[j]} leavers`);
  }
  const bySegment = r.segmentNames.reduce((a, _, k) => a + rowSum(r.leavers.bySegment, k), 0);
  if (bySegment !== switches) fail(`switches by segment and cause add to ${bySegment}, not ${switches}`);
  return out;
}

describe('invariants over random valid scenarios', () => {
  it('the generator only makes valid scenarios', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (raw) => {
        validated(raw);
      }),
      { numRuns: 200 },
    );
  });

  it('customers conserved, purchases add up, profit to the cent, points conserved, shares sum to 1, rates in [0, 1]', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (raw, seed) => {
        const s = validated(raw);
        const problems = violations(s, simulate(s, seed));
        expect(problems, `seed ${seed}:\n${problems.join('\n')}`).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('the same scenario and seed give identical results; the run does not mutate the scenario', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 0, max: 1000 }), (raw, seed) => {
        const s = validated(raw);
        const before = JSON.stringify(s);
        const a = simulate(s, seed);
        const b = simulate(s, seed);
        expect(JSON.stringify(s)).toBe(before);
        for (const name of Object.keys(a.firm) as (keyof typeof a.firm)[]) expect(Array.from(b.firm[name]), name).toEqual(Array.from(a.firm[name]));
        for (const name of Object.keys(a.market)) expect(Array.from(b.market[name]), name).toEqual(Array.from(a.market[name]));
        expect(b.events).toEqual(a.events);
      }),
      { numRuns: 25 },
    );
  });
});

describe('edge cases of contracts and accounting', () => {
  /**
   * Firm A locks every buyer (acceptance 1) with a free exit (fee 0) while B is far
   * better, so locked customers break their contract and leave in the same period.
   */
  const leaving = tinyScenario({
    customers: 1000,
    periods: 12,
    firms: [
      { name: 'A', quality: 0.2, contract: { termPeriods: 50, exitFee: 0, acceptance: 1, discount: 0 } },
      { name: 'B', quality: 0.9 },
    ],
  });

  // `locked` counts contracts in force at period end (after breaks and new signings), like
  // `customers` and `members`: a customer who breaks its contract and leaves within the
  // period is not locked-in at the firm it left.
  it('locked ≤ customers in every period and firm (locked-in customers are customers)', () => {
    const r = simulate(leaving, 1);
    const rows: string[] = [];
    for (let t = 0; t < r.periods; t++) {
      for (let j = 0; j < 2; j++) {
        const k = t * 2 + j;
        if (r.firm.locked[k] > r.firm.customers[k]) rows.push(`t=${t} ${r.firmNames[j]}: locked ${r.firm.locked[k]} > customers ${r.firm.customers[k]}`);
      }
    }
    expect(rows).toEqual([]);
  });

  // exitFee may be any number ≥ 0: when a firm's only revenue in a period is a subnormal
  // exit fee and it has costs, margin = profit / revenue must not overflow into a
  // NumericHealthError (accounting.ts).
  it('a subnormal exit fee does not crash the run', () => {
    const s = tinyScenario({
      customers: 1000,
      periods: 6,
      firms: [
        { name: 'A', quality: 0.2, contract: { termPeriods: 50, exitFee: 5e-324, acceptance: 1, unhappyServiceCost: 0.5 } },
        { name: 'B', quality: 0.9 },
      ],
      // From period 1 nobody buys at A, so its only revenue is exit fees.
      events: [{ period: 1, firm: 'A', set: { price: 1000 } }],
    });
    expect(() => simulate(s, 1)).not.toThrow();
  });
});
