/**
 * The scenario library's measuring tools: observing a run period by period gives the
 * same run as `simulate`, purchases read off the customers add up to each firm's
 * purchases, and the small statistics behave.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { addSwitches, boughtAt, observe, slope, spearman, Runner } from './helpers.js';

describe('observe', () => {
  it('gives the same run as simulate, and purchases and switches add up', () => {
    const { scenario } = loadScenario('first-mover', { customers: 800, periods: 70 });
    const seed = new Runner({ seeds: 1 }).seedList[0];
    const M = scenario.firms.length;
    const switches = new Float64Array(M * M);
    const observed = observe(scenario, seed, (sim, t, before) => {
      for (let j = 0; j < M; j++) {
        let n = 0;
        for (let i = 0; i < scenario.customers; i++) if (boughtAt(sim, before, t, i, j)) n++;
        expect(n, `firm ${j}, period ${t}`).toBe(sim.result.firm.purchases[t * M + j]);
      }
      addSwitches(sim, before, t, switches);
    });
    const direct = simulate(scenario, seed);
    expect(Array.from(observed.firm.profit)).toEqual(Array.from(direct.firm.profit));
    expect(Array.from(observed.firm.share)).toEqual(Array.from(direct.firm.share));
    // Every switch leaves one firm: switches out of j = customers of j who switched away.
    for (let j = 0; j < M; j++) {
      let out = 0;
      for (let k = 0; k < M; k++) out += switches[j * M + k];
      // switching = switched away / customers at period start (those of the period before who did not move home)
      let switched = 0;
      for (let t = 1; t < scenario.periods; t++) {
        const atStart = direct.firm.customers[(t - 1) * M + j] - direct.firm.movedAway[t * M + j];
        switched += Math.round(direct.firm.switching[t * M + j] * atStart);
      }
      expect(out).toBeGreaterThan(0);
      expect(out).toBe(switched);
    }
  });
});

describe('statistics', () => {
  it('spearman and slope', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 2, 3], [1, 2, 2, 3])).toBeCloseTo(1, 12);
    expect(slope([0, 1, 2], [1, 3, 5])).toBeCloseTo(2, 12);
  });
});
