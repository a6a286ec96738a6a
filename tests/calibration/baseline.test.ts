/**
 * The reference market is calibrated (MODEL.md v2, LITERATURE.md "Calibration targets"):
 * on the shipped baseline, over 8 seeds, the hard targets' 95% intervals lie inside
 * their bands, and firms that are alike stay alike (no spurious lock-in).
 *
 * 5,000 customers instead of the shipped 20,000: both moments are means over shoppers,
 * so a smaller market estimates the same figure with a wider interval.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun, type RunSummary } from '../../src/model/summary.js';
import { replicateSeed } from '../../src/model/rng.js';
import { describe as describeValues } from '../../src/stats/index.js';

const SEEDS = Array.from({ length: 8 }, (_, k) => replicateSeed(1, k));
const run = (name: string, set: string[] = []): RunSummary[] => {
  const { scenario } = loadScenario(name, { customers: 5000, set });
  return SEEDS.map((seed) => summarizeRun(simulate(scenario, seed)));
};

describe('the calibrated reference market (baseline, 8 seeds)', () => {
  const baseline = run('baseline');
  it('share-weighted own-price elasticity: 95% interval inside 2.0–3.2 (Bijmolt et al. 2005: 2.62)', () => {
    const d = describeValues(baseline.map((s) => s.market.elasticity));
    expect(d.ciLow).toBeGreaterThan(2.0);
    expect(d.ciHigh).toBeLessThan(3.2);
  });
  it('inertia premium: 95% interval inside 0.10–0.30 of price (Dubé et al. 2010; Osborne 2011)', () => {
    const d = describeValues(baseline.map((s) => s.market.inertiaPremium));
    expect(d.ciLow).toBeGreaterThan(0.1);
    expect(d.ciHigh).toBeLessThan(0.3);
  });
  it('look-alike firms (same quality, price and service) keep equal shares: each within 2 points of 1/M', () => {
    const same = ['Aurora', 'Boreal', 'Cirrus', 'Delta'].flatMap((f) => [
      `firms.${f}.price=10`, `firms.${f}.quality=0.65`, `firms.${f}.failureRate=0.05`, `firms.${f}.recoveryRate=0.5`,
    ]);
    const alike = run('baseline', same);
    for (const firm of ['Aurora', 'Boreal', 'Cirrus', 'Delta']) {
      const d = describeValues(alike.map((s) => Number(s.firms.find((f) => f.name === firm)!.share)));
      expect(d.ciLow, firm).toBeGreaterThan(0.25 - 0.02);
      expect(d.ciHigh, firm).toBeLessThan(0.25 + 0.02);
    }
  });
});
