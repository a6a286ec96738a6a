/**
 * Scheduled events (MODEL.md "Firms", fixed strategy): "at period k, firm A launches a
 * program" takes effect at period k, not before; programs can also stop.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { series, tinyScenario } from '../helpers/scenario.js';

const program = { enabled: false, earnRate: 1, threshold: 50, rewardValue: 4 };

describe('events', () => {
  it('a program launched at period k has no members and costs nothing before k, and members from k on', () => {
    const s = tinyScenario({
      customers: 1500,
      periods: 25,
      segments: [{ name: 'all', joinProbability: 0.5 }],
      firms: [{ name: 'A', program }],
      events: [{ period: 10, firm: 'A', set: { program: { enabled: true } }, note: 'A launches its program' }],
    });
    const r = simulate(s, 1);
    const members = series(r, 'members', 0), cost = series(r, 'programCost', 0);
    for (let t = 0; t < 10; t++) {
      expect(members[t], `period ${t}`).toBe(0);
      expect(cost[t], `period ${t}`).toBe(0);
    }
    for (let t = 10; t < 25; t++) {
      expect(members[t], `period ${t}`).toBeGreaterThan(0);
      expect(cost[t], `period ${t}`).toBeGreaterThan(0);
    }
    expect(r.events).toContainEqual({ period: 10, firm: 'A', note: 'A launches its program' });
  });

  it('a program stopped at period k ends every membership; outstanding points lapse', () => {
    const s = tinyScenario({
      customers: 1500,
      periods: 25,
      segments: [{ name: 'all', joinProbability: 1 }],
      firms: [{ name: 'A', program: { ...program, enabled: true } }],
      events: [{ period: 15, firm: 'A', set: { program: { enabled: false } } }],
    });
    const r = simulate(s, 1);
    const members = series(r, 'members', 0), outstanding = series(r, 'pointsOutstanding', 0);
    expect(members[14]).toBeGreaterThan(0);
    expect(outstanding[14]).toBeGreaterThan(0);
    for (let t = 15; t < 25; t++) {
      expect(members[t]).toBe(0);
      expect(outstanding[t]).toBe(0);
      expect(r.firm.programCost[t * 2]).toBe(0);
    }
    expect(r.firm.pointsExpired[15 * 2]).toBeGreaterThanOrEqual(outstanding[14]);
    expect(r.events.some((e) => e.period === 15 && e.firm === 'A')).toBe(true);
  });

  it('a price change at period k shows from period k and moves demand', () => {
    const s = tinyScenario({ customers: 1500, periods: 20, events: [{ period: 8, firm: 'B', set: { price: 13 } }] });
    const r = simulate(s, 1);
    const price = series(r, 'price', 1);
    expect(price.slice(0, 8).every((p) => p === 10)).toBe(true);
    expect(price.slice(8).every((p) => p === 13)).toBe(true);
    const shareBefore = series(r, 'share', 1).slice(4, 8), shareAfter = series(r, 'share', 1).slice(12);
    expect(Math.max(...shareAfter)).toBeLessThan(Math.min(...shareBefore));
  });
});
