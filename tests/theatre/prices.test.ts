/**
 * Programs and prices, across seeds with paired 95% intervals: universal programs with
 * clutter push competition toward price (markup and adaptive pricing), and points
 * pressure can soften it (soft competition, Caminal & Claici). theatre.test.ts has the
 * shares and profits of the theatre itself.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ADAPTIVE, diff, marketFigure, MARKUP, runs, SEEDS, SEEDS_20 } from './helpers.js';

describe('competition slides toward price (markup pricing)', () => {
  // 750 customers: measured fall −0.67 [−0.69, −0.64]; without clutter the price is higher
  // than with it by +0.91 [0.88, 0.94] (at 1,500 and 3,000 customers the fall is −1.19).
  const size = { customers: 750, periods: 156 };
  const markup = (scenario: string) => runs(scenario, MARKUP, SEEDS, size);
  const baseline = markup('baseline');
  const fall = diff(marketFigure(markup('theatre'), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  const fallNoClutter = diff(marketFigure(markup('theatre-no-clutter'), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  it('universal programs with clutter lower the mean price below the market without programs', () => {
    expect(fall.ciHigh).toBeLessThan(0);
  });
  it('with κ = 0 that fall shrinks', () => {
    expect(fallNoClutter.mean).toBeGreaterThan(fall.mean);
    // paired by seed, so the common baseline cancels
    expect(diff(marketFigure(markup('theatre-no-clutter'), 'meanPrice'), marketFigure(markup('theatre'), 'meanPrice')).ciLow).toBeGreaterThan(0);
  });
});

describe('the same comparison under adaptive prices (20 seeds)', () => {
  // Reported whatever it shows. Measured on the calibrated market (3,000 customers × 260
  // weeks): −0.83 (95% CI −1.43 to −0.22), a resolved fall; at 1,500 customers −0.72
  // [−1.25, −0.19], at this test's 750 −0.64 [−1.14, −0.15]. Hill climbers diverge, so the
  // interval is wide; the test claims only the weaker finding (no rise), because the fall
  // rests on one calibration.
  const size = { customers: 750, periods: 260 };
  const baseline = runs('baseline', ADAPTIVE, SEEDS_20, size);
  it('universal programs with clutter do not raise the mean price', () => {
    const d = diff(marketFigure(runs('theatre', ADAPTIVE, SEEDS_20, size), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
    expect(d.mean).toBeLessThan(0);
    // the interval may reach a little above zero (+0.04 measured), never a real rise
    expect(d.ciHigh).toBeLessThan(0.2);
  });
});

describe('soft competition', () => {
  // The full horizon: markup prices need about 250 weeks to settle from the start price.
  // 750 customers: every paired interval below is a fifth of a price unit wide or less
  // (measured values at this size; at 1,500 and 500 customers the same signs, order and
  // values within 0.1).
  const size = { customers: 750, periods: 312 };
  const soft = (set: string[] = []) => runs('soft-competition', set, SEEDS, size);
  const priceEffect = (set: string[], scenario = 'soft-competition') =>
    diff(marketFigure(runs(scenario, set, SEEDS, size), 'meanPrice'), marketFigure(runs(scenario, ['events=[]', ...set], SEEDS, size), 'meanPrice'));
  const noGradient = ['firms.Alpha.program.goalGradient=0', 'firms.Beta.program.goalGradient=0'];
  const FOUR = fileURLToPath(new URL('../fixtures/scenarios/soft-competition-4.yaml', import.meta.url));
  const noGradient4 = ['Alpha', 'Beta', 'Gamma', 'Epsilon'].map((f) => `firms.${f}.program.goalGradient=0`);

  it('strong points pressure with two firms: programs raise the mean price', () => {
    expect(priceEffect([]).ciLow).toBeGreaterThan(0.5); // measured +1.37 [1.32, 1.43]
  });
  it('without a goal gradient the rise is smaller: points pressure is the lever', () => {
    expect(diff(marketFigure(soft(), 'meanPrice'), marketFigure(soft(noGradient), 'meanPrice')).ciLow).toBeGreaterThan(0);
    expect(priceEffect(noGradient).ciLow).toBeGreaterThan(0); // still a rise: +0.42 [0.39, 0.45]
  });
  it('clutter without a goal gradient flips the sign: programs lower the price', () => {
    expect(priceEffect(['clutter=0.5', ...noGradient]).ciHigh).toBeLessThan(0); // −0.85 [−0.88, −0.81]
  });
  it('more firms deepen the flipped fall (Caminal & Claici), and alone do not flip it', () => {
    const two = priceEffect(['clutter=0.5', ...noGradient]);
    const four = priceEffect(['clutter=0.5', ...noGradient4], FOUR);
    expect(four.ciHigh).toBeLessThan(two.ciLow); // −2.66 [−2.73, −2.60] vs −0.85
    expect(priceEffect([], FOUR).ciLow).toBeGreaterThan(0); // κ = 0, γ = 1.5: +2.19 [2.09, 2.28]
  });
  it('without an outside option programs change nothing: markup prices climb alike', () => {
    const noOutside = ['segments.shoppers.outsideUtility=-8', 'segments.heavyBuyers.outsideUtility=-8'];
    const d = priceEffect(noOutside);
    expect(Math.abs(d.mean)).toBeLessThan(0.05);
    expect(Math.min(...marketFigure(soft(noOutside), 'meanPrice'))).toBeGreaterThan(Math.max(...marketFigure(soft(), 'meanPrice')));
  });
});
