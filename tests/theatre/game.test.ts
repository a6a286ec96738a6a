/** The game's equilibrium rule and verdicts on payoff tables with known answers. */
import { describe, expect, it } from 'vitest';
import { equilibria, profileIndex, verdictOf, type GameSpec, type Payoffs } from '../../src/experiment/game.js';

const spec: GameSpec = { field: 'program.enabled', values: [false, true], labels: ['no program', 'program'], players: ['A', 'B'] };
const SEEDS = 8;
/** A payoff table from means per profile [none, A only, B only, both] for players A and B, with small seed noise. */
function table(means: [number, number][]): Payoffs {
  const wiggle = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.1];
  const payoff: Payoffs = [];
  const order = [[0, 0], [1, 0], [0, 1], [1, 1]];
  order.forEach((strategies, k) => {
    payoff[profileIndex(spec, strategies)] = means[k].map((m) => Array.from({ length: SEEDS }, (_, s) => m + wiggle[(s + 3 * k) % SEEDS]));
  });
  return payoff;
}
const ALL = [0, 1, 2, 3];

describe('game verdicts', () => {
  it('prisoner\'s dilemma: adopting dominates, but both earn less than under mutual restraint', () => {
    const payoff = table([[10, 10], [12, 7], [7, 12], [8, 8]]);
    const eq = equilibria(spec, payoff, ALL);
    expect(eq).toEqual([profileIndex(spec, [1, 1])]);
    expect(verdictOf(spec, payoff, ALL, eq).verdict).toBe('prisoners-dilemma');
  });
  it('dominant adoption when adopting pays and mutual adoption beats restraint', () => {
    const payoff = table([[10, 10], [12, 9], [9, 12], [11, 11]]);
    expect(verdictOf(spec, payoff, ALL, equilibria(spec, payoff, ALL)).verdict).toBe('dominant-adoption');
  });
  it('dominant restraint when a program never pays', () => {
    const payoff = table([[10, 10], [8, 10], [10, 8], [7, 7]]);
    expect(verdictOf(spec, payoff, ALL, equilibria(spec, payoff, ALL)).verdict).toBe('dominant-restraint');
  });
  it('coordination when both matching profiles are equilibria', () => {
    const payoff = table([[10, 10], [7, 8], [8, 7], [11, 11]]);
    const eq = equilibria(spec, payoff, ALL);
    expect(eq.length).toBe(2);
    expect(verdictOf(spec, payoff, ALL, eq).verdict).toBe('coordination');
  });
  it('mixed for the asymmetric "one program, one price fighter" equilibrium', () => {
    // A gains from a program whatever B does; B is better off without one when A has one.
    const payoff = table([[10, 10], [12, 9], [9, 11], [11, 8]]);
    const eq = equilibria(spec, payoff, ALL);
    expect(eq).toEqual([profileIndex(spec, [1, 0])]);
    expect(verdictOf(spec, payoff, ALL, eq).verdict).toBe('mixed');
  });
  it('differences the seeds cannot resolve never break an equilibrium', () => {
    const payoff = table([[10, 10], [10.05, 9.95], [9.95, 10.05], [10, 10]]);
    // with seed noise of ±0.4 every profile is an equilibrium: nothing is significantly better
    expect(equilibria(spec, payoff, ALL).length).toBe(4);
  });
});
