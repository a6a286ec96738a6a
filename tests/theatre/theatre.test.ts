/**
 * The theatre effect, across 8 seeds with paired 95% intervals (prices.test.ts: what it does to prices).
 * Every effect here emerges from customer and firm rules; no code knows the answer.
 */
import { describe, expect, it } from 'vitest';
import { diff, firmFigure, marketFigure, runs } from './helpers.js';

const FIRMS = ['Aurora', 'Boreal', 'Cirrus', 'Delta'];

describe('first-mover', () => {
  it('the launcher\'s share rises after launch, interval above zero', () => {
    const d = diff(firmFigure(runs('first-mover'), 'Boreal', 'share'), firmFigure(runs('baseline'), 'Boreal', 'share'));
    expect(d.ciLow).toBeGreaterThan(0);
    // modest, as the literature finds after self-selection: a few share points, not tens
    expect(d.mean).toBeLessThan(0.15);
  });
});

describe('a lone program (κ = 0.25): whoever stands up alone sees better', () => {
  const without = runs('theatre', ['events=[]']);
  it.each(FIRMS)('%s launching alone raises its own share and no rival\'s', (launcher) => {
    const alone = runs('theatre', [`events=[{period: 52, firm: ${launcher}, set: {program: {enabled: true}}}]`]);
    for (const firm of FIRMS) {
      const d = diff(firmFigure(alone, firm, 'share'), firmFigure(without, firm, 'share'));
      if (firm === launcher) expect(d.ciLow, `${launcher}'s own share`).toBeGreaterThan(0);
      // no rival gains: no interval above 0, and none reaching half a point (so an undecided difference does not pass)
      else {
        expect(d.ciLow, `${firm}'s share when ${launcher} launches`).toBeLessThanOrEqual(0);
        expect(d.ciHigh, `${firm}'s share when ${launcher} launches`).toBeLessThan(0.005);
      }
    }
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
  // Every firm, the quality leader too, earns less by about its program cost: customers who
  // prefer a firm for their own reasons are not won over by its rivals' programs, so without
  // clutter the programs do not amplify the leader's lead (its share moves by +0.07 points
  // [0.00, 0.14] at this size).
  it.each(FIRMS)('%s earns less than at baseline, by about its program cost', (firm) => {
    const profitLoss = diff(firmFigure(baseline, firm, 'profit'), firmFigure(theatre, firm, 'profit'));
    const cost = firmFigure(theatre, firm, 'programCost');
    const meanCost = cost.reduce((a, b) => a + b, 0) / cost.length;
    expect(meanCost).toBeGreaterThan(0); // visible in the cost lines
    expect(profitLoss.ciLow).toBeGreaterThan(0);
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

describe('clutter onset (clutterFreeMemberships)', () => {
  // The quality leader launching alone: with every membership cluttering (onset 0), its own
  // members see its quality edge blurred; when a single card is not clutter (onset 1,
  // MODEL.md) it gains like any launcher.
  const alone = ['events=[{period: 52, firm: Aurora, set: {program: {enabled: true}}}]'];
  const without = runs('theatre', ['events=[]']);
  it('onset 0 (every card clutters): the leader\'s lone program gains less share than with onset 1', () => {
    const onset0 = diff(firmFigure(runs('theatre', [...alone, 'clutterFreeMemberships=0']), 'Aurora', 'share'), firmFigure(runs('theatre', ['events=[]', 'clutterFreeMemberships=0']), 'Aurora', 'share'));
    const onset1 = diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(without, 'Aurora', 'share'));
    expect(onset0.mean).toBeLessThan(onset1.mean);
    expect(diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(runs('theatre', [...alone, 'clutterFreeMemberships=0']), 'Aurora', 'share')).ciLow).toBeGreaterThan(0);
  });
  it('onset 1 (the default): the leader\'s lone program wins it share', () => {
    const d = diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(without, 'Aurora', 'share'));
    expect(d.ciLow).toBeGreaterThan(0);
  });
});
