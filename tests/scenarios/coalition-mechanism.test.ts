/**
 * The coalition program (program.coalition): firms naming the same
 * coalition share one membership and one points balance (held in the first partner's
 * column); the pool's redemptions, expiries and member cost are shared among partners in
 * proportion to their part of the pool, in whole points.
 */
import { describe, expect, it } from 'vitest';
import { Scenario, type ScenarioInput } from '../../src/model/schema.js';
import { createSimulation, simulate, stepPeriod } from '../../src/model/simulate.js';
import type { RunResult } from '../../src/model/results.js';
import { pairedDifference } from '../../src/stats/index.js';

const program = (coalition?: string) => ({ earnRate: 1, threshold: 200, rewardValue: 4, expiryPeriods: 20, costPerMember: 0.05, ...(coalition ? { coalition } : {}) });

function market(coalitionOf: (firm: string) => string | undefined, periods = 80): Scenario {
  const input: ScenarioInput = {
    name: 'coalition-mechanism',
    customers: 1500,
    periods,
    segments: [{ name: 'all', share: 1, joinProbability: 0.5 }],
    firms: ['A', 'B', 'C'].map((name, j) => ({ name, price: 10 - 0.2 * j, quality: 0.65, program: program(coalitionOf(name)) })),
  };
  return Scenario.parse(input);
}

const SEED = 11;

describe('coalition program', () => {
  it('partners share one membership and one balance, held by the first partner', () => {
    const scenario = market((f) => (f === 'C' ? undefined : 'Card'));
    const sim = createSimulation(scenario, SEED);
    for (let t = 0; t < scenario.periods; t++) stepPeriod(sim, t);
    const { pop, M, N, firms } = sim.ctx;
    expect(Array.from(firms.pointsOwner)).toEqual([0, 0, 2]);
    let coalitionMembers = 0;
    for (let i = 0; i < N; i++) {
      expect(pop.member[i * M + 1], 'no membership in the second partner\'s own column').toBe(0);
      expect(pop.points[i * M + 1]).toBe(0);
      expect(pop.memberships[i]).toBe(pop.member[i * M] + pop.member[i * M + 2]);
      coalitionMembers += pop.member[i * M];
    }
    const last = (scenario.periods - 1) * M;
    // Each partner reports the coalition's members; programs per customer counts the card once.
    expect(sim.result.firm.members[last]).toBe(coalitionMembers);
    expect(sim.result.firm.members[last + 1]).toBe(coalitionMembers);
    expect(sim.result.market.programsPerCustomer[scenario.periods - 1] * N).toBeCloseTo(coalitionMembers + sim.result.firm.members[last + 2], 6);
  });

  it('keeps every partner\'s books: whole points conserved, profit = revenue − costs, costs shared', () => {
    const scenario = market((f) => (f === 'C' ? undefined : 'Card'));
    const r = simulate(scenario, SEED);
    const M = 3;
    for (let j = 0; j < M; j++) {
      let issued = 0, redeemed = 0, expired = 0;
      for (let t = 0; t < scenario.periods; t++) {
        const k = t * M + j;
        const f = r.firm;
        for (const v of [f.pointsIssued[k], f.pointsRedeemed[k], f.pointsExpired[k], f.pointsOutstanding[k]]) {
          expect(Number.isInteger(v) && v >= 0, `firm ${j} period ${t}: ${v}`).toBe(true);
        }
        issued += f.pointsIssued[k];
        redeemed += f.pointsRedeemed[k];
        expired += f.pointsExpired[k];
        expect(f.pointsOutstanding[k]).toBe(issued - redeemed - expired);
        const costs = f.costOfGoods[k] + f.programCost[k] + f.qualityCost[k] + f.complaintCost[k] + f.serviceCost[k];
        expect(f.profit[k]).toBeCloseTo(f.revenue[k] - costs, 6);
        expect(f.programCost[k]).toBeCloseTo(f.rewardsCost[k] + f.programFixedCost[k] + f.programMemberCost[k], 6);
      }
      if (j < 2) {
        expect(redeemed, `partner ${j} pays for redemptions`).toBeGreaterThan(0);
        expect(expired, `partner ${j} carries breakage`).toBeGreaterThan(0);
      }
    }
    // The partners together pay the member cost of the coalition's members, once.
    for (let t = 1; t < scenario.periods; t++) {
      const k = t * M;
      expect(r.firm.programMemberCost[k] + r.firm.programMemberCost[k + 1]).toBeCloseTo(r.firm.members[k] * 0.05, 6);
    }
  });

  it('changes the market: fewer memberships and more redemptions than own programs (5 seeds, paired)', () => {
    const seeds = [11, 12, 13, 14, 15];
    const own = seeds.map((seed) => simulate(market(() => undefined, 120), seed));
    const coalition = seeds.map((seed) => simulate(market((f) => (f === 'C' ? undefined : 'Card'), 120), seed));
    // partners A and B (firm columns 0 and 1 of 3), summed over the run
    const partners = (r: RunResult, metric: 'pointsRedeemed' | 'pointsIssued') => r.firm[metric].reduce((a, v, k) => (k % 3 < 2 ? a + v : a), 0);
    const lastMonths = (r: RunResult) => r.market.programsPerCustomer.slice(100, 120).reduce((a, b) => a + b, 0) / 20;
    expect(pairedDifference(own.map(lastMonths), coalition.map(lastMonths)).ciLow).toBeGreaterThan(0);
    // Points earned at either partner pool toward one reward: more of them reach the threshold.
    const redemptionRate = (r: RunResult) => partners(r, 'pointsRedeemed') / partners(r, 'pointsIssued');
    expect(pairedDifference(coalition.map(redemptionRate), own.map(redemptionRate)).ciLow).toBeGreaterThan(0);
  });

  it('a coalition of one firm is the firm\'s own program, bit for bit', () => {
    const own = simulate(market(() => undefined), SEED);
    const alone = simulate(market((f) => (f === 'A' ? 'Solo' : undefined)), SEED);
    expect(Array.from(alone.firm.profit)).toEqual(Array.from(own.firm.profit));
    expect(Array.from(alone.firm.members)).toEqual(Array.from(own.firm.members));
    expect(Array.from(alone.market.programsPerCustomer)).toEqual(Array.from(own.market.programsPerCustomer));
  });

  it('outlives a partner: when the first partner stops, members keep their card and balance at the other', () => {
    const input = market((f) => (f === 'C' ? undefined : 'Card'));
    const scenario = Scenario.parse({ ...input, events: [{ period: 40, firm: 'A', set: { program: { enabled: false } } }] });
    const sim = createSimulation(scenario, SEED);
    for (let t = 0; t < scenario.periods; t++) stepPeriod(sim, t);
    const M = 3;
    const t = scenario.periods - 1;
    expect(sim.result.firm.members[t * M + 1]).toBeGreaterThan(0);
    expect(sim.result.firm.pointsIssued[t * M]).toBe(0); // A no longer issues points
    expect(sim.result.firm.pointsIssued.slice((t - 10) * M, t * M).filter((_, k) => k % M === 1).some((v) => v > 0)).toBe(true);
  });
});
