/**
 * Choice (MODEL.md "Choice"): multinomial logit over the known firms and the outside
 * option; clutter κ; the outside option answering price.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { clearlyPositive, describeDiff, firmMean, marketMean, paired, tinyScenario } from '../helpers/scenario.js';

/** Three firms with distinct quality and price; everyone aware, homogeneous customers. */
const THREE_FIRMS = {
  firms: [
    { name: 'A', price: 11, quality: 0.8 },
    { name: 'B', price: 10, quality: 0.65 },
    { name: 'C', price: 9, quality: 0.5 },
  ],
};

describe('logit choice: closed form', () => {
  it('first-period purchases follow the logit probabilities including not buying', () => {
    // Period 0: no current firm, no satisfaction, no habit, no programs, κ irrelevant:
    // V_j = w_q·q_j − β·p_j, and not buying has U_0.
    const N = 20_000;
    const s = tinyScenario(THREE_FIRMS, { customers: N, periods: 1, segments: [{ name: 'all', shopProbability: 1 }] });
    const r = simulate(s, 3);
    const V = [5 * 0.8 - 0.5 * 11, 5 * 0.65 - 0.5 * 10, 5 * 0.5 - 0.5 * 9];
    const U0 = -2.5;
    const denominator = Math.exp(U0) + V.reduce((a, v) => a + Math.exp(v), 0);
    const P = V.map((v) => Math.exp(v) / denominator);
    for (let j = 0; j < 3; j++) {
      const sd = Math.sqrt(N * P[j] * (1 - P[j]));
      expect(Math.abs(r.firm.purchases[j] - N * P[j]), `firm ${j}: ${r.firm.purchases[j]} purchases vs ${N * P[j]} expected`).toBeLessThan(4 * sd);
    }
    const P0 = Math.exp(U0) / denominator;
    expect(Math.abs(N - r.market.purchases[0] - N * P0)).toBeLessThan(4 * Math.sqrt(N * P0 * (1 - P0)));
    expect(r.market.shoppers[0]).toBe(N);
    // What the probabilities imply, exactly: consumer surplus = log-sum / β, and price
    // salience = Σ_j P_j·β·p_j·(1 − P_j) / Σ_j P_j.
    // (to 6 digits: perceived quality Q_ij is held in Float32)
    expect(r.market.consumerSurplus[0]).toBeCloseTo(Math.log(denominator) / 0.5, 6);
    const prices = [11, 10, 9];
    const salience = P.reduce((a, p, j) => a + p * 0.5 * prices[j] * (1 - p), 0) / P.reduce((a, b) => a + b, 0);
    expect(r.market.priceSalience[0]).toBeCloseTo(salience, 6);
  });

  it('second-period purchases follow MODEL.md\'s U_ij given first-period choices (satisfaction, habit, switching cost, rewards, points pressure, clutter)', () => {
    // Deterministic experience (no noise, no failures, fixed expectations), everyone shops
    // every period and every buyer joins. After period 0 the customers fall into four
    // groups by what they bought (A, B, C or nothing), each with a known state; period 1's
    // purchases are then a sum of binomials with logit probabilities in closed form.
    const N = 20_000;
    const kappa = 0.5;
    const program = { earnRate: 5, threshold: 100, rewardValue: 8, goalGradient: 2, expiryPeriods: 52, fixedCostPer1000Customers: 0, costPerMember: 0 };
    const s = tinyScenario(THREE_FIRMS, {
      customers: N,
      periods: 2,
      clutter: kappa,
      // every membership clutters here, so that one card is enough to exercise the clutter terms
      clutterFreeMemberships: 0,
      behaviour: { qualityNoise: 0, expectationLearning: 0, satisfactionLearning: 0.3, habitSmoothing: 0.8, lossAversion: 2 },
      segments: [{ name: 'all', shopProbability: 1, joinProbability: 1 }],
      firms: [{ name: 'A', failureRate: 0, program }, { name: 'B', failureRate: 0, program }, { name: 'C', failureRate: 0 }],
    });
    const wq = 5, wr = 0.5, ws = 2, wh = 2.5, beta = 0.5, c = 1, E = Math.fround(0.6), U0 = -2.5, lambda = 0.3, alpha = 0.8, loss = 2;
    const q = [0.8, 0.65, 0.5], p = [11, 10, 9], hasProgram = [true, true, false];
    const qBar = (0.8 + 0.65 + 0.5) / 3, pBar = 10;
    // r_j·p_j: the expected rebate; every non-member would join (join probability 1).
    const rebate = p.map((price, j) => (hasProgram[j] ? ((program.earnRate * program.rewardValue) / program.threshold) * price : 0));
    const pointsAfterFirstBuy = p.map((price) => Math.floor(price * 1 * program.earnRate)); // basket 1
    const pressure = pointsAfterFirstBuy.map((pts) => program.goalGradient * program.rewardValue * (pts / program.threshold) ** 2);

    /** Probabilities [A, B, C, not buying] for a customer whose last purchase was g (−1: none). */
    const probabilities = (g: number): number[] => {
      const member = (j: number) => g === j && hasProgram[j];
      const m = g >= 0 && hasProgram[g] ? 1 : 0;
      const sigma = 1 / (1 + kappa * m);
      const U = q.map((_, j) => {
        const R = rebate[j] + (member(j) ? pressure[j] : 0);
        // losses weigh ℓ times gains; perceived quality stays at q_j (noise-free experience equals reputation)
        const d = q[j] - E;
        const S = j === g ? Math.fround(lambda * (d >= 0 ? d : loss * d)) : 0;
        const H = j === g ? Math.fround(1 - alpha) : 0;
        // Quality differences blurred around the mean of the firms considered (choice.ts: so
        // that clutter does not shrink the category); price differences weigh β·κ·m more.
        return wq * (qBar + sigma * (q[j] - qBar)) + sigma * wr * R + ws * S + wh * H - beta * p[j] - beta * kappa * m * (p[j] - pBar) - (g >= 0 && j !== g ? c : 0);
      });
      const outside = U0 + (g >= 0 && member(g) ? sigma * wr * pressure[g] : 0);
      const e = [...U.map(Math.exp), Math.exp(outside)];
      const total = e.reduce((a, b) => a + b, 0);
      return e.map((x) => x / total);
    };

    const r = simulate(s, 5);
    const first = [0, 1, 2].map((j) => r.firm.purchases[j]);
    const groups = [...first, N - first.reduce((a, b) => a + b, 0)]; // bought A, B, C, nothing
    // Period 0 itself: nobody is a member yet (σ = 1), non-members value the rebates.
    const P0 = probabilities(-1);
    groups.forEach((n, o) => expect(Math.abs(n - N * P0[o]), `period 0 option ${o}`).toBeLessThan(4 * Math.sqrt(N * P0[o] * (1 - P0[o]))));

    const expected = [0, 0, 0, 0];
    const variance = [0, 0, 0, 0];
    groups.forEach((n, g) => {
      const P = probabilities(g === 3 ? -1 : g);
      P.forEach((pr, o) => {
        expected[o] += n * pr;
        variance[o] += n * pr * (1 - pr);
      });
    });
    const second = [0, 1, 2].map((j) => r.firm.purchases[3 + j]);
    const observed = [...second, N - second.reduce((a, b) => a + b, 0)];
    observed.forEach((n, o) => {
      expect(Math.abs(n - expected[o]), `period 1 option ${o}: ${n} vs ${expected[o].toFixed(1)} ± ${Math.sqrt(variance[o]).toFixed(1)}`).toBeLessThan(4 * Math.sqrt(variance[o]));
    });
    // The test can tell the terms apart: without switching cost, habit, satisfaction and
    // points pressure (everyone choosing as in period 0), period 1 would look different.
    const naive = P0.map((pr) => N * pr);
    expect(observed.some((n, o) => Math.abs(n - naive[o]) > 8 * Math.sqrt(variance[o]))).toBe(true);
  });

  it('a customer never chooses a firm it is not aware of', () => {
    const s = tinyScenario(THREE_FIRMS, { customers: 4000, periods: 10, firms: [{ name: 'A', awareness: 0 }] });
    const r = simulate(s, 2);
    for (let t = 0; t < r.periods; t++) expect(r.firm.purchases[t * 3 + 0]).toBe(0);
    expect(firmMean(r, 'purchases', 1)).toBeGreaterThan(0);
  });
});

describe('outside option', () => {
  it('a higher price at every firm lowers total purchases (customers stop buying)', () => {
    const base = tinyScenario(THREE_FIRMS, { customers: 2000, periods: 20 });
    const dearer = tinyScenario(THREE_FIRMS, {
      customers: 2000,
      periods: 20,
      firms: [{ name: 'A', price: 13.2 }, { name: 'B', price: 12 }, { name: 'C', price: 10.8 }],
    });
    const drop = paired(dearer, base, (r) => marketMean(r, 'purchases'));
    expect(clearlyPositive(drop), describeDiff(drop)).toBe(true);
    const buyRate = paired(dearer, base, (r) => marketMean(r, 'buyRate'));
    expect(clearlyPositive(buyRate), describeDiff(buyRate)).toBe(true);
  });

  it('a more attractive outside option lowers the buy rate', () => {
    const base = tinyScenario({ customers: 2000, periods: 15 });
    const tempting = tinyScenario({ customers: 2000, periods: 15, segments: [{ name: 'all', outsideUtility: -0.5 }] });
    const d = paired(tempting, base, (r) => marketMean(r, 'buyRate'));
    expect(clearlyPositive(d), describeDiff(d)).toBe(true);
  });
});

describe('clutter κ', () => {
  /** Every firm runs an open program from the start; every buyer joins. */
  const universal = (kappa: number, patch: Record<string, unknown> = {}) =>
    tinyScenario(
      THREE_FIRMS,
      {
        customers: 2000,
        periods: 30,
        clutter: kappa,
        segments: [{ name: 'all', joinProbability: 1, switchingCost: 0.3, habitWeight: 1 }],
        firms: ['A', 'B', 'C'].map((name) => ({ name, program: { earnRate: 1, threshold: 300, rewardValue: 6 } })),
      },
      patch,
    );

  it('without programs κ changes nothing (clutter acts only through memberships)', () => {
    const off = tinyScenario(THREE_FIRMS, { customers: 1500, periods: 15, clutter: 0 });
    const on = tinyScenario(THREE_FIRMS, { customers: 1500, periods: 15, clutter: 2 });
    const a = simulate(off, 4), b = simulate(on, 4);
    for (const name of ['share', 'customers', 'profit', 'satisfaction'] as const) expect(Array.from(b.firm[name]), name).toEqual(Array.from(a.firm[name]));
    expect(Array.from(b.market.priceSalience)).toEqual(Array.from(a.market.priceSalience));
  });

  it('with programs, κ > 0 raises price salience over κ = 0', () => {
    const d = paired(universal(0), universal(1), (r) => marketMean(r, 'priceSalience', 10));
    expect(clearlyPositive(d), describeDiff(d)).toBe(true);
  });

  it('with programs, κ > 0 blurs quality: the quality leader\'s share falls', () => {
    const d = paired(universal(1), universal(0), (r) => firmMean(r, 'share', 0, 10));
    expect(clearlyPositive(d), describeDiff(d)).toBe(true);
  });

  it('with programs, κ > 0 raises the price elasticity of share over κ = 0', () => {
    // Arc elasticity of B's share to a 5% price rise, on the same seeds.
    const elasticity = (kappa: number, seed: number) => {
      const base = simulate(universal(kappa), seed);
      const dearer = simulate(universal(kappa, { firms: [{ name: 'B', price: 10.5 }] }), seed);
      const s0 = firmMean(base, 'share', 1, 10), s1 = firmMean(dearer, 'share', 1, 10);
      return -((s1 - s0) / s0) / 0.05;
    };
    const seeds = [21, 22, 23, 24, 25];
    const diffs = seeds.map((seed) => elasticity(1, seed) - elasticity(0, seed));
    const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
    const se = Math.sqrt(diffs.reduce((a, x) => a + (x - mean) ** 2, 0) / (diffs.length - 1) / diffs.length);
    expect(mean > 3 * se, `elasticity(κ=1) − elasticity(κ=0): ${diffs.map((x) => x.toFixed(2)).join(', ')}`).toBe(true);
  });
});
