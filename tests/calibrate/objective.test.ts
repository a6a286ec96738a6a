/** The fit statistic and objective: seed means with t-intervals, z in half-bands, weights, "within" as interval inside band. */
import { describe, expect, it } from 'vitest';
import { fitTargets, objectiveOf, valuesAt } from '../../src/experiment/kinds/calibrate/fit.js';
import type { CalibrationTarget } from '../../src/experiment/kinds/calibrate/targets.js';
import type { RunSummary } from '../../src/model/summary.js';
import { describe as describeValues } from '../../src/stats/index.js';

const summary = (salience: number, share: number): RunSummary => ({
  scenario: 's', seed: 1, periods: 10, customers: 10, window: { from: 7, to: 10 },
  firms: [{ name: 'A', totalProfit: 0, totalRevenue: 0, share }], market: { priceSalience: salience }, churnCauses: {}, churnCausesByFirm: {}, churnCausesBySegment: {},
});

const target = (t: Partial<CalibrationTarget>): CalibrationTarget => ({
  name: 't', metric: 'priceSalience', firm: 'market', value: 2.5, low: 2.3, high: 2.7, weight: 1, source: 's', kind: 'hard', ...t,
});

describe('fitTargets and objectiveOf', () => {
  it('takes the mean over seeds with its 95% t-interval, and z in half-bands', () => {
    const runs = [summary(2.4, 0.3), summary(2.6, 0.32), summary(2.5, 0.31), summary(2.7, 0.29)];
    const [fit] = fitTargets([target({})], runs);
    const d = describeValues([2.4, 2.6, 2.5, 2.7]);
    expect(fit.achieved).toBeCloseTo(2.55, 12);
    expect(fit.ciLow).toBe(d.ciLow);
    expect(fit.ciHigh).toBe(d.ciHigh);
    expect(fit.z).toBeCloseTo((2.55 - 2.5) / 0.2, 12);
    // the interval (about 2.34 to 2.76) crosses the band's top: not within, though the mean is inside
    expect(fit.within).toBe(false);
    const [wide] = fitTargets([target({ low: 2, high: 3 })], runs);
    expect(wide.within).toBe(true);
  });

  it('reads firm targets from the named firm and weighs each squared z', () => {
    const runs = [summary(2.5, 0.3), summary(2.5, 0.34)];
    const fits = fitTargets([target({}), target({ name: 'share', metric: 'share', firm: 'A', value: 0.3, low: 0.28, high: 0.32, weight: 0.1, kind: 'soft' })], runs);
    expect(fits[1].achieved).toBeCloseTo(0.32, 12);
    expect(fits[1].z).toBeCloseTo(1, 9); // at the band's edge
    expect(objectiveOf(fits)).toBeCloseTo(0 + 0.1 * 1, 9);
  });

  it('maps the unit box onto the bounds, rounded to six significant digits', () => {
    const parameters = [{ path: 'a', min: 0.4, max: 1.4, start: 1 }, { path: 'b', min: -2, max: 2, start: 0 }];
    expect(valuesAt(parameters, [0, 1])).toEqual([0.4, 2]);
    expect(valuesAt(parameters, [1 / 3, 0.5])).toEqual([0.733333, 0]);
  });
});
