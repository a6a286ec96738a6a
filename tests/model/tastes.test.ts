/**
 * Persistent tastes (tastes.ts) and moving home (relocation.ts): τ_ij drawn once per
 * customer and firm from a stream keyed by the firm's name, entering utility unblurred;
 * a move at rate μ redraws the tastes at an addressed move index, forgets habit and the
 * current firm, and keeps memberships and points.
 */
import { describe, expect, it } from 'vitest';
import { createPopulation } from '../../src/model/population.js';
import { drawTastes, moveIndex, tasteKeys } from '../../src/model/tastes.js';
import { uniformAt } from '../../src/model/rng.js';
import { createSimulation, simulate, stepPeriod } from '../../src/model/simulate.js';
import { firmMean, marketMean, tinyScenario } from '../helpers/scenario.js';

const firms = (...names: string[]) => names.map((name, j) => ({ name, price: 10 + j / 10 }));
const sd = (xs: readonly number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

describe('persistent tastes', () => {
  it('are N(0, σ_τ²) per customer and firm, each segment with its own σ_τ; σ_τ = 0 means none', () => {
    const s = tinyScenario({
      customers: 6000,
      segments: [{ name: 'all', share: 0.5, tasteSd: 1.5 }, { name: 'plain', share: 0.5, tasteSd: 0 }],
    });
    const pop = createPopulation(s, 4);
    const tasteOf = (seg: number, j: number) => {
      const xs: number[] = [];
      for (let i = 0; i < pop.size; i++) if (pop.segment[i] === seg) xs.push(pop.taste[i * 2 + j]);
      return xs;
    };
    for (const j of [0, 1]) {
      const xs = tasteOf(0, j);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(mean)).toBeLessThan(4 * 1.5 / Math.sqrt(xs.length));
      expect(Math.abs(sd(xs) - 1.5)).toBeLessThan(0.06);
      expect(new Set(tasteOf(1, j))).toEqual(new Set([0]));
    }
    // A customer's tastes for the two firms are independent draws.
    const a = tasteOf(0, 0), b = tasteOf(0, 1);
    const r = a.reduce((acc, x, k) => acc + x * b[k], 0) / a.length / (sd(a) * sd(b));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(a.length));
  });

  it('are keyed by firm name: adding a firm or reordering firms changes no one\'s taste for the others', () => {
    const taste = (names: string[]) => {
      const s = tinyScenario({ customers: 500, segments: [{ name: 'all', tasteSd: 1 }] });
      const scenario = { ...s, firms: firms(...names).map((f, j) => ({ ...s.firms[Math.min(j, 1)], ...f })) };
      const pop = createPopulation(scenario, 9);
      return (name: string, i: number) => pop.taste[i * names.length + names.indexOf(name)];
    };
    const two = taste(['A', 'B']);
    const three = taste(['C', 'B', 'A']);
    for (let i = 0; i < 500; i++) {
      expect(three('A', i)).toBe(two('A', i));
      expect(three('B', i)).toBe(two('B', i));
    }
    // A different name is a different stream.
    let same = 0;
    for (let i = 0; i < 500; i++) same += +(three('C', i) === two('A', i));
    expect(same).toBe(0);
  });

  it('enter utility unblurred: with clutter and two cards each, the firm a customer prefers by taste still wins it', () => {
    // Identical firms and customers; the only difference between customers is τ. Everyone
    // holds both cards (clutter blurs quality and rewards), yet the firm of the larger
    // taste gets about the logit share exp(τ)/Σ of each customer's purchases.
    const s = tinyScenario({
      customers: 4000,
      periods: 20,
      clutter: 2,
      segments: [{ name: 'all', tasteSd: 2, habitWeight: 0, switchingCost: 0, satisfactionWeight: 0, joinProbability: 1, shopProbability: 1, outsideUtility: -20 }],
      firms: [{ name: 'A', program: { fixedCostPer1000Customers: 0 } }, { name: 'B', program: { fixedCostPer1000Customers: 0 } }],
    });
    const sim = createSimulation(s, 2);
    let favourite = 0, purchases = 0, expected = 0;
    for (let t = 0; t < s.periods; t++) {
      const before = Int8Array.from(sim.ctx.pop.currentFirm);
      stepPeriod(sim, t);
      if (t < 10) continue; // by then everyone holds both cards
      const { pop } = sim.ctx;
      for (let i = 0; i < pop.size; i++) {
        const a = pop.taste[i * 2], b = pop.taste[i * 2 + 1];
        if (pop.memberships[i] < 2 || before[i] < 0) continue;
        purchases++;
        favourite += +(pop.currentFirm[i] === (a >= b ? 0 : 1));
        expected += 1 / (1 + Math.exp(-Math.abs(a - b)));
      }
    }
    expect(purchases).toBeGreaterThan(20_000);
    // Perceived quality and satisfaction move a little with experience: within 2 points of the taste's logit share.
    expect(Math.abs(favourite / purchases - expected / purchases)).toBeLessThan(0.02);
  });
});

describe('moving home', () => {
  const moving = (relocationRate: number, patch = {}) =>
    tinyScenario({ customers: 4000, periods: 40, segments: [{ name: 'all', tasteSd: 1, relocationRate }] }, patch);

  it('happens at rate μ per customer and period, to the customers the relocation stream names', () => {
    const mu = 0.02;
    const r = simulate(moving(mu), 5);
    const moves = r.market.relocations.reduce((a, b) => a + b, 0);
    const n = 4000 * 40;
    expect(Math.abs(moves - n * mu)).toBeLessThan(4 * Math.sqrt(n * mu * (1 - mu)));
    // the same customers in the same periods as the stream says, whatever else differs (common random numbers)
    const sim = createSimulation(moving(mu), 5);
    const key = sim.ctx.streams.relocation;
    for (let t = 0; t < 40; t++) {
      let named = 0;
      for (let i = 0; i < 4000; i++) named += +(uniformAt(key, i, t) < mu);
      expect(r.market.relocations[t]).toBe(named);
    }
    const pricier = simulate(moving(mu, { firms: [{ name: 'A', price: 12 }] }), 5);
    expect(Array.from(pricier.market.relocations)).toEqual(Array.from(r.market.relocations));
    expect(simulate(moving(0), 5).market.relocations.every((x) => x === 0)).toBe(true);
  });

  it('redraws the mover\'s tastes at its move, forgets habit, current firm and the failure it would name; keeps memberships, points and beliefs', () => {
    const s = moving(0.05, { firms: [{ name: 'A', program: {} }], segments: [{ name: 'all', joinProbability: 1 }] });
    const sim = createSimulation(s, 8);
    const { pop, M } = sim.ctx;
    const keys = tasteKeys(s, 8);
    for (let t = 0; t < 20; t++) stepPeriod(sim, t);
    const t = 20;
    const before = {
      taste: Float32Array.from(pop.taste), habit: Float32Array.from(pop.habit), points: Int32Array.from(pop.points),
      member: Uint8Array.from(pop.member), satisfaction: Float32Array.from(pop.satisfaction), quality: Float32Array.from(pop.perceivedQuality),
      current: Int8Array.from(pop.currentFirm),
    };
    stepPeriod(sim, t);
    const movers: number[] = [];
    for (let i = 0; i < pop.size; i++) if (uniformAt(sim.ctx.streams.relocation, i, t) < 0.05) movers.push(i);
    expect(movers.length).toBeGreaterThan(100);
    const shopped = (i: number) => uniformAt(sim.ctx.streams.shop, i, t) < pop.shopProbability[i];
    const redrawn = new Float32Array(pop.size * M);
    let idle = 0;
    for (const i of movers) {
      drawTastes(redrawn, keys, i, moveIndex(t), 1);
      for (let j = 0; j < M; j++) {
        const ij = i * M + j;
        expect(pop.taste[ij]).toBe(redrawn[ij]);
        expect(pop.taste[ij]).not.toBe(before.taste[ij]);
        expect(pop.member[ij]).toBeGreaterThanOrEqual(before.member[ij]);
      }
      if (shopped(i)) continue;
      // a mover without a shopping occasion shows the move alone
      idle++;
      expect(pop.currentFirm[i]).toBe(-1);
      expect(pop.lastFailureKind[i]).toBe(-1);
      for (let j = 0; j < M; j++) {
        const ij = i * M + j;
        expect(pop.habit[ij]).toBe(0);
        expect(pop.member[ij]).toBe(before.member[ij]);
        expect(pop.points[ij]).toBe(before.points[ij]);
        expect(pop.satisfaction[ij]).toBe(before.satisfaction[ij]);
        expect(pop.perceivedQuality[ij]).toBe(before.quality[ij]);
      }
    }
    expect(idle).toBeGreaterThan(10);
    expect(movers.some((i) => before.current[i] >= 0 && before.points[i * M] > 0 && !shopped(i))).toBe(true);
    // non-movers keep their tastes
    for (let i = 0; i < pop.size; i++) {
      if (movers.includes(i)) continue;
      for (let j = 0; j < M; j++) expect(pop.taste[i * M + j]).toBe(before.taste[i * M + j]);
    }
  });

  it('a mover under contract keeps its contract firm as its current firm (the contract still binds it)', () => {
    const s = moving(0.05, { firms: [{ name: 'A', contract: { termPeriods: 100, exitFee: 1e6, acceptance: 1, discount: 0 } }] });
    const sim = createSimulation(s, 4);
    const { pop } = sim.ctx;
    let checked = 0;
    for (let t = 0; t < 15; t++) {
      const locked = Int8Array.from(pop.contractFirm);
      stepPeriod(sim, t);
      for (let i = 0; i < pop.size; i++) {
        if (locked[i] < 0 || !(uniformAt(sim.ctx.streams.relocation, i, t) < 0.05)) continue;
        expect(pop.contractFirm[i]).toBe(locked[i]);
        expect(pop.currentFirm[i]).toBe(locked[i]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('costs a firm the customers who move: movedAway counts those whose current firm it was', () => {
    const r = simulate(moving(0.05), 3);
    const moves = r.market.relocations.reduce((a, b) => a + b, 0);
    const left = [0, 1].reduce((a, j) => a + firmMean(r, 'movedAway', j) * r.periods, 0);
    // every mover after period 0 had a current firm (shopProbability 0.8, nearly everyone buys at once)
    expect(left).toBeLessThanOrEqual(moves);
    expect(left).toBeGreaterThan(0.9 * (moves - r.market.relocations[0]));
    expect(marketMean(r, 'relocations')).toBeCloseTo(moves / r.periods, 9);
  });
});
