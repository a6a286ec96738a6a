/**
 * The repeat-buying counters (buying-windows.ts) against a brute-force count from a
 * purchase log: every quarter's defection, every year's main firms, main-firm changes,
 * exclusive buyers, share of wallet, the heaviest 20%'s part of sales, polarization and
 * breakage, as the metrics report them at each window's end and carry in between.
 *
 * The log is read back from the run, not re-simulated: a customer bought at j in period t
 * when it had a shopping occasion (the shop stream) and its habit for j rose as only a
 * purchase at j makes it rise (from 0 when it moved home that period).
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, stepPeriod } from '../../src/model/simulate.js';
import { uniformAt } from '../../src/model/rng.js';
import { HEAVY_BUYERS } from '../../src/model/buying-windows.js';
import type { RunResult } from '../../src/model/results.js';
import { tinyScenario } from '../helpers/scenario.js';

const YEAR = 12;
const QUARTER = 3;
const PERIODS = 40;

/** Three firms, heterogeneous buyers, tastes, moves, and a program whose points lapse quickly. */
const scenario = tinyScenario({
  customers: 500,
  periods: PERIODS,
  periodsPerYear: YEAR,
  segments: [{
    name: 'all',
    tasteSd: 1.2,
    relocationRate: 0.03,
    shopProbability: { dist: 'beta', mean: 0.5, sd: 0.3 },
    basketValue: { dist: 'lognormal', mean: 1, sd: 0.8 },
    habitWeight: 1,
    switchingCost: 0.4,
    joinProbability: 0.5,
  }],
  firms: [
    { name: 'A', program: { threshold: 40, expiryPeriods: 4, fixedCostPer1000Customers: 0 } },
    { name: 'B', price: 9.5 },
    { name: 'C', price: 10.5, quality: 0.7 },
  ],
});

interface Log {
  /** firm bought at per period and customer (−1: none) */
  readonly bought: Int8Array[];
  /** current firm at the end of each period */
  readonly current: Int8Array[];
  /** whether the customer moved home, per period */
  readonly moved: Uint8Array[];
  readonly basket: Float32Array;
  readonly result: RunResult;
}

function purchaseLog(seed: number): Log {
  const sim = createSimulation(scenario, seed);
  const { ctx } = sim;
  const { pop, M, N } = ctx;
  const bought: Int8Array[] = [];
  const current: Int8Array[] = [];
  const moves: Uint8Array[] = [];
  for (let t = 0; t < PERIODS; t++) {
    const habit = Float32Array.from(pop.habit);
    stepPeriod(sim, t);
    const row = new Int8Array(N).fill(-1);
    const movedNow = new Uint8Array(N);
    for (let i = 0; i < N; i++) {
      const moved = uniformAt(ctx.streams.relocation, i, t) < ctx.segments.relocationRate[pop.segment[i]];
      movedNow[i] = +moved;
      if (!(uniformAt(ctx.streams.shop, i, t) < pop.shopProbability[i])) continue;
      for (let j = 0; j < M; j++) {
        const was = moved ? 0 : habit[i * M + j];
        if (pop.habit[i * M + j] > ctx.habitSmoothing * was + (1 - ctx.habitSmoothing) / 2) row[i] = j;
      }
    }
    bought.push(row);
    current.push(Int8Array.from(pop.currentFirm));
    moves.push(movedNow);
  }
  return { bought, current, moved: moves, basket: Float32Array.from(pop.basketValue), result: sim.result };
}

const M = 3;
const N = 500;

describe('repeat-buying counters against a purchase log', () => {
  const logs = [21, 22].map(purchaseLog);

  it('the log adds up to every firm\'s purchases in every period (the log is right)', () => {
    for (const { bought, result } of logs) {
      for (let t = 0; t < PERIODS; t++) {
        for (let j = 0; j < M; j++) {
          expect(bought[t].filter((f) => f === j).length, `t=${t} firm ${j}`).toBe(result.firm.purchases[t * M + j]);
        }
      }
    }
  });

  it('churn is the defection of the last closed quarter, carried until the next; retention its complement', () => {
    for (const { bought, result } of logs) {
      let expected = [0, 0, 0];
      let market = 0;
      for (let t = 0; t < PERIODS; t++) {
        if ((t + 1) % QUARTER === 0 && t + 1 >= 2 * QUARTER) {
          const inQuarter = (q: number, i: number, j: number) => bought.slice(q * QUARTER, (q + 1) * QUARTER).some((row) => row[i] === j);
          const q = (t + 1) / QUARTER - 1;
          let allBuyers = 0, allLost = 0;
          expected = [0, 1, 2].map((j) => {
            let buyers = 0, lost = 0;
            for (let i = 0; i < N; i++) {
              if (!inQuarter(q - 1, i, j)) continue;
              buyers++;
              lost += +!inQuarter(q, i, j);
            }
            allBuyers += buyers;
            allLost += lost;
            return lost / buyers;
          });
          market = allLost / allBuyers;
        }
        for (let j = 0; j < M; j++) {
          expect(result.firm.churn[t * M + j], `t=${t} firm ${j}`).toBe(expected[j]);
          expect(result.firm.retention[t * M + j]).toBe(1 - expected[j]);
        }
        expect(result.market.churn[t]).toBeCloseTo(market, 12);
      }
      expect(expected.every((c) => c > 0 && c < 1)).toBe(true);
    }
  });

  it('the year\'s figures are those of the log: main firm (ties to last year\'s, then to the current firm), its share, changes, exclusive buyers, share of wallet, the heaviest 20%, polarization', () => {
    for (const { bought, current, basket, result } of logs) {
      let main = new Int8Array(N).fill(-1);
      let checked = 0;
      for (let y = 0; (y + 1) * YEAR <= PERIODS; y++) {
        const end = (y + 1) * YEAR - 1;
        const counts = Array.from({ length: N }, () => [0, 0, 0]);
        for (let t = y * YEAR; t <= end; t++) for (let i = 0; i < N; i++) if (bought[t][i] >= 0) counts[i][bought[t][i]]++;
        const next = new Int8Array(N).fill(-1);
        let buyers = 0, shareSum = 0, exclusive = 0, known = 0, changed = 0, same = 0, pairs = 0;
        const firmBuyers = [0, 0, 0], here = [0, 0, 0], wallet = [0, 0, 0];
        const volumes: number[][] = [[], [], []];
        for (let i = 0; i < N; i++) {
          const c = counts[i];
          const total = c[0] + c[1] + c[2];
          if (total === 0) continue;
          const top = Math.max(...c);
          const tied = [0, 1, 2].filter((j) => c[j] === top);
          const m = tied.includes(main[i]) ? main[i] : tied.includes(current[end][i]) ? current[end][i] : tied[0];
          next[i] = m;
          buyers++;
          shareSum += top / total;
          exclusive += +(c.filter((x) => x > 0).length === 1);
          if (main[i] >= 0) { known++; changed += +(m !== main[i]); }
          same += c.reduce((a, x) => a + x * (x - 1), 0);
          pairs += total * (total - 1);
          for (let j = 0; j < M; j++) {
            if (c[j] === 0) continue;
            firmBuyers[j]++;
            here[j] += c[j];
            wallet[j] += total;
            volumes[j].push(c[j] * basket[i]);
          }
        }
        main = next;
        const yearShare = here.map((h) => h / (here[0] + here[1] + here[2]));
        const heavy = volumes.map((v) => {
          const sorted = [...v].sort((a, b) => b - a);
          const k = HEAVY_BUYERS * v.length;
          let top = 0;
          for (let r = 0; r < Math.ceil(k); r++) top += Math.min(1, k - r) * sorted[r];
          return top / v.reduce((a, b) => a + b, 0);
        });
        const concentration = yearShare.reduce((a, s) => a + s * s, 0);
        const polarization = (same / pairs - concentration) / (1 - concentration);
        // the figures appear at the year's last period and stay until the next year's
        for (let t = end; t < Math.min(PERIODS, end + YEAR); t++) {
          expect(result.market.mainShare[t], `t=${t}`).toBeCloseTo(shareSum / buyers, 12);
          expect(result.market.exclusive[t]).toBe(exclusive / buyers);
          expect(result.market.mainChange[t]).toBe(known > 0 ? changed / known : 0);
          expect(result.market.polarization[t]).toBeCloseTo(polarization, 12);
          for (let j = 0; j < M; j++) {
            expect(result.firm.yearBuyers[t * M + j]).toBe(firmBuyers[j]);
            expect(result.firm.shareOfWallet[t * M + j]).toBe(here[j] / wallet[j]);
            expect(result.firm.yearShare[t * M + j]).toBe(yearShare[j]);
            expect(result.firm.excessLoyalty[t * M + j]).toBeCloseTo(here[j] / wallet[j] / yearShare[j], 12);
            expect(result.firm.heavyBuyerShare[t * M + j]).toBeCloseTo(heavy[j], 12);
          }
        }
        for (let t = 0; t < YEAR - 1; t++) expect(result.market.mainShare[t]).toBe(0);
        checked++;
        if (y >= 1) expect(known).toBeGreaterThan(N / 2);
      }
      expect(checked).toBe(3);
    }
  });

  it('per period, switching is the share of a firm\'s customers who bought elsewhere, and the repeat rate the share of purchases at the customer\'s current firm', () => {
    for (const { bought, current, result, moved } of logs) {
      for (let t = 1; t < PERIODS; t++) {
        const atStart = [0, 0, 0], away = [0, 0, 0];
        let repeat = 0, withFirm = 0;
        for (let i = 0; i < N; i++) {
          const was = moved[t][i] ? -1 : current[t - 1][i];
          if (was < 0) continue;
          atStart[was]++;
          const j = bought[t][i];
          if (j < 0) continue;
          withFirm++;
          if (j === was) repeat++;
          else away[was]++;
        }
        for (let j = 0; j < M; j++) expect(result.firm.switching[t * M + j], `t=${t} firm ${j}`).toBe(away[j] / atStart[j]);
        expect(result.market.repeatRate[t], `t=${t}`).toBe(repeat / withFirm);
      }
    }
  });

  it('breakage is the share of the year\'s resolved points that expired, carried until the next year closes', () => {
    for (const { result } of logs) {
      let expected = 0;
      let seen = false;
      for (let t = 0; t < PERIODS; t++) {
        if ((t + 1) % YEAR === 0) {
          let expired = 0, redeemed = 0;
          for (let u = t + 1 - YEAR; u <= t; u++) { expired += result.firm.pointsExpired[u * M]; redeemed += result.firm.pointsRedeemed[u * M]; }
          expected = expired + redeemed > 0 ? expired / (expired + redeemed) : 0;
          seen ||= expired > 0 && redeemed > 0;
        }
        expect(result.firm.breakage[t * M], `t=${t}`).toBe(expected);
        expect(result.market.breakage[t]).toBe(expected);
      }
      expect(seen).toBe(true);
    }
  });
});
