/**
 * Word of mouth (MODEL.md "Updates"): delighted buyers refer others, who become aware of
 * the firm; strongly disappointed ones warn others. Messages take effect next period.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { awareShare, clearlyPositive, describeDiff, firmMean, firmSum, paired, stepped, tinyScenario, type Patch } from '../helpers/scenario.js';

/** A delights its buyers (quality well above expectations) but only 20% know it. */
const delightful = (referralProbability: number, ...patches: Patch[]) =>
  tinyScenario(
    {
      customers: 2000,
      periods: 20,
      wordOfMouth: { referralProbability, advertisingAwareness: 0 },
      segments: [{ name: 'all', expectation: 0.5 }],
      firms: [{ name: 'A', quality: 0.9, failureRate: 0, awareness: 0.2 }, { name: 'B', quality: 0.6 }],
    },
    ...patches,
  );

describe('word of mouth', () => {
  it('referrals make unaware customers aware: a firm known to 20% gains awareness faster with referrals on', () => {
    const off = stepped(delightful(0), 1);
    const on = stepped(delightful(0.5), 1);
    const initial = stepped(delightful(0), 1, 0);
    expect(awareShare(off, 0)).toBe(awareShare(initial, 0)); // no referrals, no advertising: no change
    expect(awareShare(on, 0)).toBeGreaterThan(awareShare(off, 0) + 0.1);
    expect(awareShare(on, 1)).toBe(1);
  });

  it('referrals bring the firm customers (paired over seeds)', () => {
    const gain = paired(delightful(0), delightful(0.5), (r) => firmMean(r, 'share', 0, 10));
    expect(clearlyPositive(gain), describeDiff(gain)).toBe(true);
    const r = simulate(delightful(0.5), 1);
    expect(firmSum(r, 'referrals', 0)).toBeGreaterThan(0);
    expect(firmSum(simulate(delightful(0), 1), 'referrals', 0)).toBe(0);
  });

  it('word of mouth takes effect next period (synchronous update)', () => {
    const s = delightful(1);
    const before = awareShare(stepped(s, 2, 0), 0);
    const afterFirst = stepped(s, 2, 1);
    expect(simulate({ ...s, periods: 1 }, 2).firm.referrals[0]).toBeGreaterThan(0); // referrals were made in period 0...
    expect(awareShare(afterFirst, 0)).toBe(before); // ...but nobody has heard them yet
    expect(awareShare(stepped(s, 2, 2), 0)).toBeGreaterThan(before);
  });

  it('advertising makes unaware customers aware at its per-period rate', () => {
    const rate = 0.05;
    const s = delightful(0, { wordOfMouth: { advertisingAwareness: rate }, periods: 10 });
    const initial = awareShare(stepped(s, 4, 0), 0);
    const after = awareShare(stepped(s, 4, 10), 0);
    const expected = 1 - (1 - initial) * (1 - rate) ** 10;
    expect(Math.abs(after - expected)).toBeLessThan(4 * Math.sqrt(expected * (1 - expected) / 2000));
  });

  it('warnings from disappointed buyers lower others\' satisfaction with the firm', () => {
    const disappointing = (negativeProbability: number) =>
      tinyScenario({
        customers: 2000,
        periods: 20,
        wordOfMouth: { negativeProbability, negativeImpact: 0.2 },
        segments: [{ name: 'all', expectation: 0.7, switchingCost: 2 }],
        firms: [{ name: 'A', quality: 0.4, failureRate: 0.2, recoveryRate: 0 }, { name: 'B', quality: 0.7 }],
      });
    const drop = paired(disappointing(1), disappointing(0), (r) => firmMean(r, 'satisfaction', 0, 5));
    expect(clearlyPositive(drop), describeDiff(drop)).toBe(true);
    expect(firmSum(simulate(disappointing(1), 1), 'warnings', 0)).toBeGreaterThan(0);
    expect(firmSum(simulate(disappointing(0), 1), 'warnings', 0)).toBe(0);
  });
});
