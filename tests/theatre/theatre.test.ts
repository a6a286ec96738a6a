/**
 * The theatre effect, across 8 seeds with paired 95% intervals.
 * Every effect here emerges from customer and firm rules; no code knows the answer.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ADAPTIVE, diff, firmFigure, marketFigure, MARKUP, runs, SEEDS, SEEDS_20 } from './helpers.js';

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
  // Differentiated firms: the quality leader is the exception. Without clutter, universal
  // programs amplify its lead (+1.9 share points at 20,000 × 260, 8 seeds): the share it wins
  // pays for most of its program, so its profit falls by far less than the program's cost
  // (−215 [−274, −155] against a cost of 1,004 there; +28 [7, 49] at this test's size).
  // In v1, before the calibration, every firm earned less by about its program cost; the
  // look-alike theatre is where the dilemma lives.
  it('the quality leader gains share and loses far less than its program cost (under a third)', () => {
    expect(diff(firmFigure(theatre, 'Aurora', 'share'), firmFigure(baseline, 'Aurora', 'share')).ciLow).toBeGreaterThan(0);
    const cost = firmFigure(theatre, 'Aurora', 'programCost');
    const meanCost = cost.reduce((a, b) => a + b, 0) / cost.length;
    expect(diff(firmFigure(baseline, 'Aurora', 'profit'), firmFigure(theatre, 'Aurora', 'profit')).ciHigh).toBeLessThan(meanCost / 3);
  });
  it.each(FIRMS.slice(1))('%s earns less than at baseline, by about its program cost', (firm) => {
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

describe('competition slides toward price (markup pricing)', () => {
  const baseline = runs('baseline', MARKUP);
  const fall = diff(marketFigure(runs('theatre', MARKUP), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  const fallNoClutter = diff(marketFigure(runs('theatre-no-clutter', MARKUP), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
  it('universal programs with clutter lower the mean price below the market without programs', () => {
    expect(fall.ciHigh).toBeLessThan(0);
  });
  it('with κ = 0 that fall shrinks', () => {
    expect(fallNoClutter.mean).toBeGreaterThan(fall.mean);
    // paired by seed, so the common baseline cancels
    expect(diff(marketFigure(runs('theatre-no-clutter', MARKUP), 'meanPrice'), marketFigure(runs('theatre', MARKUP), 'meanPrice')).ciLow).toBeGreaterThan(0);
  });
});

describe('the same comparison under adaptive prices (20 seeds)', () => {
  // Reported whatever it shows. Measured on the calibrated market (3,000 customers × 260
  // weeks): −0.83 (95% CI −1.43 to −0.22), a resolved fall (v1: −0.52, −1.07 to +0.04, not
  // resolved). Hill climbers diverge, so the interval is wide; the test keeps v1's weaker
  // claim (no rise) rather than the fall, which rests on one calibration.
  const size = { customers: 3000, periods: 260 };
  const baseline = runs('baseline', ADAPTIVE, SEEDS_20, size);
  it('universal programs with clutter do not raise the mean price', () => {
    const d = diff(marketFigure(runs('theatre', ADAPTIVE, SEEDS_20, size), 'meanPrice'), marketFigure(baseline, 'meanPrice'));
    expect(d.mean).toBeLessThan(0);
    // the interval may reach a little above zero (+0.04 measured), never a real rise
    expect(d.ciHigh).toBeLessThan(0.2);
  });
});

describe('clutter onset (clutterFreeMemberships)', () => {
  // The quality leader launching alone: with every membership cluttering (v1), its own
  // members see its quality edge blurred; when a single card is not clutter (onset 1,
  // MODEL.md v2) it gains like any launcher.
  const alone = ['events=[{period: 52, firm: Aurora, set: {program: {enabled: true}}}]'];
  const without = runs('theatre', ['events=[]']);
  it('onset 0 (v1: every card clutters): the leader\'s lone program gains less share than with onset 1', () => {
    const v1 = diff(firmFigure(runs('theatre', [...alone, 'clutterFreeMemberships=0']), 'Aurora', 'share'), firmFigure(runs('theatre', ['events=[]', 'clutterFreeMemberships=0']), 'Aurora', 'share'));
    const v2 = diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(without, 'Aurora', 'share'));
    expect(v1.mean).toBeLessThan(v2.mean);
    expect(diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(runs('theatre', [...alone, 'clutterFreeMemberships=0']), 'Aurora', 'share')).ciLow).toBeGreaterThan(0);
  });
  it('onset 1 (the default): the leader\'s lone program wins it share', () => {
    const d = diff(firmFigure(runs('theatre', alone), 'Aurora', 'share'), firmFigure(without, 'Aurora', 'share'));
    expect(d.ciLow).toBeGreaterThan(0);
  });
});

describe('soft competition', () => {
  // The full horizon: markup prices need about 250 weeks to settle from the start price.
  const size = { customers: 3000, periods: 312 };
  const soft = (set: string[] = []) => runs('soft-competition', set, SEEDS, size);
  const priceEffect = (set: string[], scenario = 'soft-competition') =>
    diff(marketFigure(runs(scenario, set, SEEDS, size), 'meanPrice'), marketFigure(runs(scenario, ['events=[]', ...set], SEEDS, size), 'meanPrice'));
  const noGradient = ['firms.Alpha.program.goalGradient=0', 'firms.Beta.program.goalGradient=0'];
  const FOUR = fileURLToPath(new URL('../fixtures/scenarios/soft-competition-4.yaml', import.meta.url));
  const noGradient4 = ['Alpha', 'Beta', 'Gamma', 'Epsilon'].map((f) => `firms.${f}.program.goalGradient=0`);

  it('strong points pressure with two firms: programs raise the mean price', () => {
    expect(priceEffect([]).ciLow).toBeGreaterThan(0.5); // measured +1.68 (+11%)
  });
  it('without a goal gradient the rise is smaller: points pressure is the lever', () => {
    expect(diff(marketFigure(soft(), 'meanPrice'), marketFigure(soft(noGradient), 'meanPrice')).ciLow).toBeGreaterThan(0);
    expect(priceEffect(noGradient).ciLow).toBeGreaterThan(0); // still a rise: +0.42
  });
  it('clutter without a goal gradient flips the sign: programs lower the price', () => {
    expect(priceEffect(['clutter=0.5', ...noGradient]).ciHigh).toBeLessThan(0); // −0.72
  });
  it('more firms deepen the flipped fall (Caminal & Claici), and alone do not flip it', () => {
    const two = priceEffect(['clutter=0.5', ...noGradient]);
    const four = priceEffect(['clutter=0.5', ...noGradient4], FOUR);
    expect(four.ciHigh).toBeLessThan(two.ciLow); // −2.40 vs −0.72
    expect(priceEffect([], FOUR).ciLow).toBeGreaterThan(0); // κ = 0, γ = 1.5: +2.71
  });
  it('without an outside option programs change nothing: markup prices climb alike', () => {
    const noOutside = ['segments.shoppers.outsideUtility=-8', 'segments.heavyBuyers.outsideUtility=-8'];
    const d = priceEffect(noOutside);
    expect(Math.abs(d.mean)).toBeLessThan(0.05);
    expect(Math.min(...marketFigure(soft(noOutside), 'meanPrice'))).toBeGreaterThan(Math.max(...marketFigure(soft(), 'meanPrice')));
  });
});
