/**
 * Contracts (MODEL.md "Contracts"): lock-in (Gebundenheit). Locked customers buy from
 * their firm, break only when leaving is worth more than the exit fee, cost service
 * effort while unhappy, and choose freely again at the end of the term.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { clearlyPositive, describeDiff, firmSum, paired, series, tinyScenario, type Patch } from '../helpers/scenario.js';

/**
 * A cheap but poor firm A signs every buyer to a 10-period contract; B is better.
 * `satisfying` makes A as good as B instead.
 */
const locking = (contract: Patch, a: Patch = {}, ...patches: Patch[]) =>
  tinyScenario(
    {
      customers: 2000,
      periods: 16,
      segments: [{ name: 'all', shopProbability: 1, habitWeight: 1.5 }],
      firms: [
        { name: 'A', price: 7, quality: 0.35, failureRate: 0.5, recoveryRate: 0, contract: { termPeriods: 10, exitFee: 1e6, acceptance: 1, discount: 0, unhappyServiceCost: 0.5, unhappyThreshold: -0.05, ...contract }, ...a },
        { name: 'B', quality: 0.7, failureRate: 0.02 },
      ],
    },
    ...patches,
  );
const satisfying = { quality: 0.75, failureRate: 0.02, recoveryRate: 0.7 };

describe('contracts', () => {
  it('locked customers buy from their firm: with a prohibitive exit fee nobody leaves during the term', () => {
    const r = simulate(locking({}), 1);
    const switching = series(r, 'switching', 0), locked = series(r, 'locked', 0), customers = series(r, 'customers', 0), purchases = series(r, 'purchases', 0);
    for (let t = 0; t < 10; t++) {
      expect(switching[t], `period ${t}`).toBe(0);
      if (t > 0) {
        expect(customers[t]).toBeGreaterThanOrEqual(customers[t - 1]);
        // Every buyer signed, so every customer is locked at period end, and those locked
        // at period start (shopping every period) bought here again.
        expect(locked[t]).toBe(customers[t]);
        expect(purchases[t]).toBeGreaterThanOrEqual(locked[t - 1]);
      }
    }
    expect(firmSum(r, 'contractBreaks', 0)).toBe(0);
    expect(locked[5]).toBeGreaterThan(500);
  });

  it('a higher exit fee means fewer broken contracts', () => {
    const patch = (exitFee: number) => locking({ exitFee, termPeriods: 52 }, {}, { periods: 20 });
    const breaks = paired(patch(15), patch(0), (r) => firmSum(r, 'contractBreaks', 0));
    expect(clearlyPositive(breaks), describeDiff(breaks)).toBe(true);
    // A broken contract pays the fee, which is revenue.
    const r = simulate(locking({ exitFee: 3, termPeriods: 52 }, {}, { periods: 20 }), 11);
    expect(firmSum(r, 'contractBreaks', 0)).toBeGreaterThan(0);
    series(r, 'exitFees', 0).forEach((fee, t) => expect(fee).toBeCloseTo(3 * r.firm.contractBreaks[t * 2], 9));
  });

  it('dissatisfied locked-in customers leave in a burst when their contracts end', () => {
    // Contracts signed in period 0 end in period 10.
    const measure = (r: ReturnType<typeof simulate>) => (r.firm.switching[10 * 2] + r.firm.switching[11 * 2]) / 2;
    const burst = paired(locking({}, satisfying), locking({}), measure);
    expect(clearlyPositive(burst), describeDiff(burst)).toBe(true);
    const r = simulate(locking({}), 3);
    expect(r.firm.contractEnds[10 * 2]).toBeGreaterThan(0);
    expect(Math.max(...series(r, 'switching', 0).slice(0, 10))).toBe(0);
    expect(r.firm.switching[10 * 2]).toBeGreaterThan(0.02);
  });

  it('unhappy locked-in customers cost service effort; happy ones do not', () => {
    const r = simulate(locking({}), 1);
    const cost = series(r, 'serviceCost', 0), locked = series(r, 'locked', 0);
    expect(firmSum(r, 'serviceCost', 0)).toBeGreaterThan(0);
    cost.forEach((c, t) => {
      expect(c).toBeLessThanOrEqual(locked[t] * 0.5 + 1e-9);
      expect(Math.abs(c / 0.5 - Math.round(c / 0.5)), `period ${t}: ${c} is not a multiple of 0.5`).toBeLessThan(1e-9);
    });
    expect(firmSum(simulate(locking({ unhappyServiceCost: 0 }), 1), 'serviceCost', 0)).toBe(0);
    expect(firmSum(simulate(locking({ unhappyThreshold: -10 }), 1), 'serviceCost', 0)).toBe(0);
    expect(firmSum(simulate(locking({}, satisfying), 1), 'serviceCost', 0)).toBeLessThan(firmSum(r, 'serviceCost', 0) / 10);
  });

  it('contract customers pay the discounted price', () => {
    const r = simulate(locking({ discount: 0.2 }), 1); // every buyer signs; baskets are 1
    series(r, 'revenue', 0).forEach((rev, t) => expect(rev).toBeCloseTo(r.firm.purchases[t * 2] * 7 * 0.8, 6));
  });

  it('without a contract offer nobody is locked', () => {
    const r = simulate(locking({ enabled: false }), 1);
    expect(firmSum(r, 'locked', 0)).toBe(0);
    expect(firmSum(r, 'contractEnds', 0)).toBe(0);
    expect(firmSum(r, 'switching', 0)).toBeGreaterThan(0);
  });
});
