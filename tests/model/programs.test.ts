/**
 * Points programs (MODEL.md "Programs"): joining, earning, redeeming at the threshold on
 * a cash basis, expiry (breakage), targeting, program cost; and the reward value that
 * binds: points pressure near the threshold.
 */
import { describe, expect, it } from 'vitest';
import { apportion } from '../../src/model/population.js';
import { simulate } from '../../src/model/simulate.js';
import { clearlyPositive, describeDiff, firmMean, firmSum, paired, series, tinyScenario, type Patch } from '../helpers/scenario.js';

const PROGRAM = { earnRate: 1, threshold: 50, rewardValue: 4, goalGradient: 0.25, expiryPeriods: 52, fixedCostPer1000Customers: 2, costPerMember: 0.02 };

/** A runs a program from the start; B does not. */
const withProgram = (...patches: Patch[]) =>
  tinyScenario({ customers: 1500, periods: 30, firms: [{ name: 'A', program: PROGRAM }] }, ...patches);

describe('joining', () => {
  it('nobody joins with join probability 0: no members, no points, but the fixed cost is paid', () => {
    const r = simulate(withProgram({ segments: [{ name: 'all', joinProbability: 0 }] }), 1);
    expect(series(r, 'members', 0).every((x) => x === 0)).toBe(true);
    expect(firmSum(r, 'pointsIssued', 0)).toBe(0);
    expect(firmSum(r, 'rewardsCost', 0)).toBe(0);
    expect(series(r, 'programFixedCost', 0).every((x) => Math.abs(x - 2 * 1.5) < 1e-12)).toBe(true);
    expect(series(r, 'programCost', 1).every((x) => x === 0)).toBe(true); // B has no program
  });

  it('with join probability 1 every buyer joins: members never fall and include all current customers', () => {
    const r = simulate(withProgram({ segments: [{ name: 'all', joinProbability: 1 }] }), 1);
    const members = series(r, 'members', 0), customers = series(r, 'customers', 0);
    members.forEach((m, t) => {
      expect(m).toBeGreaterThanOrEqual(customers[t]);
      if (t > 0) expect(m).toBeGreaterThanOrEqual(members[t - 1]);
    });
    expect(members[members.length - 1]).toBeLessThanOrEqual(1500);
    // Member cost = members × cost per member, each period.
    series(r, 'programMemberCost', 0).forEach((c, t) => expect(c).toBeCloseTo(members[t] * 0.02, 9));
  });

  it('with join probability p, about a share p of first-time buyers join', () => {
    const r = simulate(withProgram({ customers: 6000, periods: 1, segments: [{ name: 'all', joinProbability: 0.3 }] }), 2);
    const buyers = r.firm.purchases[0];
    expect(Math.abs(r.firm.members[0] - 0.3 * buyers)).toBeLessThan(4 * Math.sqrt(buyers * 0.21));
  });

  it('a targeted program admits only the invited segments and customers with a large enough basket', () => {
    const segments = [
      { name: 'all', share: 0.9, joinProbability: 1 },
      { name: 'vip', share: 0.1, joinProbability: 1, basketValue: 1 },
    ];
    const vipCount = apportion([0.9, 0.1], 1500)[1];
    const targeted = simulate(withProgram({ segments, firms: [{ name: 'A', program: { enrolment: 'targeted', targetSegments: ['vip'] } }] }), 1);
    const open = simulate(withProgram({ segments }), 1);
    const last = (r: typeof open) => r.firm.members[(r.periods - 1) * 2];
    expect(last(targeted)).toBeGreaterThan(0);
    expect(Math.max(...series(targeted, 'members', 0))).toBeLessThanOrEqual(vipCount);
    expect(last(open)).toBeGreaterThan(vipCount);
    // Invited by basket size (any segment): only the vip baskets (3) pass a minimum of 2.
    const bigBaskets = simulate(
      withProgram({ segments: [segments[0], { ...segments[1], basketValue: 3 }], firms: [{ name: 'A', program: { enrolment: 'targeted', minBasketValue: 2 } }] }),
      1,
    );
    expect(last(bigBaskets)).toBeGreaterThan(0);
    expect(Math.max(...series(bigBaskets, 'members', 0))).toBeLessThanOrEqual(vipCount);
  });
});

describe('earning, redeeming, expiring', () => {
  it('members earn ⌊spend × earn rate⌋ points per purchase', () => {
    const s = withProgram({ segments: [{ name: 'all', joinProbability: 1, basketValue: { dist: 'lognormal', mean: 1, sd: 0.7 } }], firms: [{ name: 'A', program: { earnRate: 2.5 } }] });
    const r = simulate(s, 3);
    for (let t = 0; t < r.periods; t++) {
      const k = t * 2;
      const exact = 2.5 * r.firm.revenue[k];
      expect(r.firm.pointsIssued[k]).toBeLessThanOrEqual(exact + 1e-9);
      expect(r.firm.pointsIssued[k]).toBeGreaterThan(exact - r.firm.purchases[k] - 1e-9);
    }
  });

  it('a reward is redeemed at the threshold and costs the firm only then (cash basis)', () => {
    // Spend 10 per purchase → 10 points; a 50-point threshold needs 5 purchases.
    const r = simulate(withProgram({ segments: [{ name: 'all', joinProbability: 1, shopProbability: 1 }] }), 1);
    const issued = series(r, 'pointsIssued', 0), redeemed = series(r, 'pointsRedeemed', 0), rewards = series(r, 'rewardsCost', 0);
    for (let t = 0; t < 4; t++) {
      expect(issued[t]).toBeGreaterThan(0);
      expect(redeemed[t]).toBe(0);
      expect(rewards[t]).toBe(0); // points earned but not redeemed cost nothing yet...
      expect(r.firm.pointsLiability[t * 2]).toBeGreaterThan(0); // ...they are a liability beside profit
    }
    expect(firmSum(r, 'pointsRedeemed', 0)).toBeGreaterThan(0);
    redeemed.forEach((p, t) => {
      expect(p % 50, `period ${t}`).toBe(0);
      expect(rewards[t]).toBeCloseTo((p / 50) * 4, 9);
    });
    // The liability never exceeds the outstanding points at full value.
    series(r, 'pointsLiability', 0).forEach((l, t) => expect(l).toBeLessThanOrEqual(r.firm.pointsOutstanding[t * 2] * (4 / 50) + 1e-9));
  });

  it('points expire after the expiry period without a purchase: breakage with short expiry, none with long', () => {
    const rare = { segments: [{ name: 'all', joinProbability: 1, shopProbability: 0.3 }] };
    const short = simulate(withProgram(rare, { firms: [{ name: 'A', program: { expiryPeriods: 2 } }] }), 1);
    const long = simulate(withProgram(rare, { firms: [{ name: 'A', program: { expiryPeriods: 100 } }] }), 1);
    expect(firmSum(short, 'pointsExpired', 0)).toBeGreaterThan(0);
    expect(firmSum(long, 'pointsExpired', 0)).toBe(0);
    series(short, 'breakageValue', 0).forEach((b, t) => expect(b).toBeCloseTo(short.firm.pointsExpired[t * 2] * (4 / 50), 9));
    // Breakage is cost avoided: fewer rewards paid than with long expiry, on the same seed.
    expect(firmSum(short, 'rewardsCost', 0)).toBeLessThan(firmSum(long, 'rewardsCost', 0));
  });
});

describe('reward value', () => {
  const late = 8;
  it('points pressure near the threshold holds members: a goal gradient lowers switching away from the program firm', () => {
    const patch = (goalGradient: number) =>
      withProgram({
        periods: 30,
        segments: [{ name: 'all', joinProbability: 1, switchingCost: 0.5, habitWeight: 1 }],
        firms: [{ name: 'A', program: { threshold: 200, goalGradient, rewardValue: 10 } }],
      });
    const switching = paired(patch(3), patch(0), (r) => firmMean(r, 'switching', 0, late));
    expect(clearlyPositive(switching), describeDiff(switching)).toBe(true);
  });

  it('a lone program wins its firm share', () => {
    const none = tinyScenario({ customers: 1500, periods: 30 });
    const lone = withProgram({ segments: [{ name: 'all', joinProbability: 0.5 }] });
    const share = paired(none, lone, (r) => firmMean(r, 'share', 0, late));
    expect(clearlyPositive(share), describeDiff(share)).toBe(true);
  });
});

describe('points at the bounds', () => {
  // Balances are Int32 (population.ts `points`): a purchase may earn more than 2^31 − 1
  // points at the largest numbers validation allows, so balances saturate below 2^30 and
  // only points actually credited count as issued; every such balance still lapses.
  it('points that cannot be spent any more all expire, however large the program\'s numbers', () => {
    const s = tinyScenario({
      customers: 200,
      periods: 6,
      // the largest numbers validation allows: a basket of 1e6 at a price of 10 earning 1,000 points per unit, 1e10 points a purchase
      segments: [{ name: 'all', shopProbability: 1, joinProbability: 1, basketValue: 1e6 }],
      firms: [{ name: 'A', program: { earnRate: 1000, threshold: 2 ** 30, rewardValue: 1, expiryPeriods: 1 } }],
      events: [{ period: 1, firm: 'A', set: { price: 1e6 } }], // nobody buys at A after period 0
    });
    const r = simulate(s, 1);
    expect(r.firm.purchases[0]).toBeGreaterThan(0);
    expect(r.firm.pointsOutstanding[5 * 2]).toBe(0);
  });
});
