/**
 * The theatre effect, across 8 seeds with paired 95% intervals (issue 3's acceptance).
 * Every effect here emerges from customer and firm rules; no code knows the answer.
 */
import { describe, expect, it } from 'vitest';
import { diff, firmFigure, marketFigure, MARKUP, runs } from './helpers.js';

const FIRMS = ['Aurora', 'Boreal', 'Cirrus', 'Delta'];

describe('first-mover', () => {
  it('the launcher\'s share rises after launch, interval above zero', () => {
    const d = diff(firmFigure(runs('first-mover'), 'Boreal', 'share'), firmFigure(runs('baseline'), 'Boreal', 'share'));
    expect(d.ciLow).toBeGreaterThan(0);
    // modest, as the literature finds after self-selection: a few share points, not tens
    expect(d.mean).toBeLessThan(0.15);
  });
});

describe('theatre without clutter (κ = 0)', () => {
  const theatre = runs('theatre-no-clutter');
  const baseline = runs('baseline');
  it.each(FIRMS)('%s keeps its baseline share within ±2 points', (firm) => {
    const d = diff(firmFigure(theatre, firm, 'share'), firmFigure(baseline, firm, 'share'));
    expect(d.ciLow).toBeGreaterThan(-0.02);
    expect(d.ciHigh).toBeLessThan(0.02);
  });
  it.each(FIRMS)('%s earns less than at baseline, by about its program cost', (firm) => {
    const profitLoss = diff(firmFigure(baseline, firm, 'profit'), firmFigure(theatre, firm, 'profit'));
    const cost = firmFigure(theatre, firm, 'programCost');
    const meanCost = cost.reduce((a, b) => a + b, 0) / cost.length;
    expect(meanCost).toBeGreaterThan(0); // visible in the cost lines
    expect(profitLoss.mean).toBeGreaterThan(0);
    // "about": within a factor of three of the program cost either way
    expect(profitLoss.mean).toBeLessThan(3 * meanCost);
    expect(profitLoss.mean).toBeGreaterThan(meanCost / 3);
  });
});

describe('theatre with clutter', () => {
  const theatre = runs('theatre');
  const baseline = runs('baseline');
  it('raises price salience over baseline', () => {
    expect(diff(marketFigure(theatre, 'priceSalience'), marketFigure(baseline, 'priceSalience')).ciLow).toBeGreaterThan(0);
  });
  it('moves share from the quality leader toward the weakest firm', () => {
    expect(diff(firmFigure(theatre, 'Aurora', 'share'), firmFigure(baseline, 'Aurora', 'share')).ciHigh).toBeLessThan(0);
    expect(diff(firmFigure(theatre, 'Delta', 'share'), firmFigure(baseline, 'Delta', 'share')).ciLow).toBeGreaterThan(0);
  });
  it('raises price salience more than the same programs without clutter', () => {
    expect(diff(marketFigure(theatre, 'priceSalience'), marketFigure(runs('theatre-no-clutter'), 'priceSalience')).ciLow).toBeGreaterThan(0);
  });
});

describe('competition slides toward price (markup pricing)', () => {
  const baseline = runs('baseline', MARKUP);
  const fall = diff(marketFigure(runs('theatre', MARKUP), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  const fallNoClutter = diff(marketFigure(runs('theatre-no-clutter', MARKUP), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  it('universal programs with clutter lower the mean price below the market without programs', () => {
    expect(fall.ciHigh).toBeLessThan(0);
  });
  it('with κ = 0 that fall shrinks', () => {
    expect(fallNoClutter.mean).toBeGreaterThan(fall.mean);
  });
});

describe('soft competition', () => {
  const withPrograms = runs('soft-competition');
  it('strong points pressure with two firms: programs raise the mean price', () => {
    const d = diff(marketFigure(withPrograms, 'meanPrice'), marketFigure(runs('soft-competition', ['events=[]']), 'meanPrice'));
    expect(d.ciLow).toBeGreaterThan(0);
  });
  it('without a goal gradient the price rise is smaller: the gradient is the lever', () => {
    const noGradient = runs('soft-competition', ['firms.Alpha.program.goalGradient=0', 'firms.Beta.program.goalGradient=0']);
    expect(diff(marketFigure(withPrograms, 'meanPrice'), marketFigure(noGradient, 'meanPrice')).ciLow).toBeGreaterThan(0);
  });
});
