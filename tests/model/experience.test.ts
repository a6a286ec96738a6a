/**
 * Experience, satisfaction, expectations and habit (MODEL.md "Experience", "Updates").
 *
 * Closed forms use a market where every customer is identical and buys from the one firm
 * every period (no outside option worth taking, no quality noise), so the firm's mean
 * satisfaction and habit follow the update rules exactly. Effects in a competitive market
 * are measured as paired differences over seeds.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import { clearlyPositive, describeDiff, firmMean, paired, series, tinyScenario, type Patch } from '../helpers/scenario.js';

/** One firm, everyone buys there every period; experience is deterministic. */
const loyal = (...patches: Patch[]) =>
  tinyScenario(
    {
      customers: 200,
      periods: 25,
      behaviour: { qualityNoise: 0, expectationLearning: 0, satisfactionLearning: 0.3, habitSmoothing: 0.8, recoveryParadox: 0.2, unrecoveredPenalty: 0.5 },
      failureKinds: [{ name: 'slip', frequency: 1, severity: 0.2 }],
      segments: [{ name: 'all', shopProbability: 1, outsideUtility: -50, expectation: 0.6 }],
      firms: [{ name: 'A', quality: 0.65, failureRate: 0 }],
    },
    { firms: [{ name: 'B', awareness: 0 }] }, // B exists but nobody knows it
    ...patches,
  );

/** Loss aversion ℓ (the default, 2): a disappointment moves satisfaction twice as much as a delight of the same size. */
const LOSS = 2;
const felt = (d: number) => (d >= 0 ? d : LOSS * d);

/** S_t after t+1 identical experiences with disconfirmation d, from S = 0: (1 − (1−λ)^(t+1))·d, losses weighed ℓ. */
const satisfactionPath = (d: number, lambda: number, periods: number) =>
  Array.from({ length: periods }, (_, t) => (1 - (1 - lambda) ** (t + 1)) * felt(d));

const expectPath = (actual: number[], expected: number[], tolerance = 2e-6) =>
  actual.forEach((x, t) => expect(Math.abs(x - expected[t]), `period ${t}: ${x} vs ${expected[t]}`).toBeLessThan(tolerance));

describe('experience and satisfaction: closed forms', () => {
  const E = Math.fround(0.6);
  const cases = [
    { what: 'no failure: X = q', patch: {}, x: 0.65 },
    { what: 'failure, no complaint: X = q − severity', patch: { firms: [{ name: 'A', failureRate: 1 }], segments: [{ name: 'all', complaintProbability: 0 }] }, x: 0.65 - 0.2 },
    // a failure every period: only the first is a first failure, every later one repeats within the failure memory
    { what: 'complaint recovered: X = q + paradox·severity after a first failure (better than no failure), q − paradox·severity after a repeat', patch: { firms: [{ name: 'A', failureRate: 1, recoveryRate: 1 }], segments: [{ name: 'all', complaintProbability: 1 }] }, x: 0.65 - 0.2 * 0.2, first: 0.65 + 0.2 * 0.2 },
    { what: 'complaint not recovered: X = q − (1 + penalty)·severity (worse than the failure)', patch: { firms: [{ name: 'A', failureRate: 1, recoveryRate: 0 }], segments: [{ name: 'all', complaintProbability: 1 }] }, x: 0.65 - 0.2 * 1.5 },
  ];
  for (const c of cases) {
    it(`${c.what}; S ← (1−λ)·S + λ·(X − E), losses weighed ℓ; Q ← (1−ρ)·Q + ρ·X from Q = q`, () => {
      const r = simulate(loyal(c.patch), 1);
      expect(series(r, 'purchases', 0).every((n) => n === 200)).toBe(true);
      // experiences X_0 = first (if given), then X every period: S and Q are exponential smoothings of them
      const xs = Array.from({ length: 25 }, (_, t) => (t === 0 && c.first !== undefined ? c.first : c.x));
      let S = 0, Q = 0.65;
      const sPath = xs.map((x) => (S = 0.7 * S + 0.3 * felt(x - E)));
      const qPath = xs.map((x) => (Q = 0.8 * Q + 0.2 * x));
      expectPath(series(r, 'satisfaction', 0), sPath);
      // perceived quality after t+1 identical experiences: X + (q − X)·(1−ρ)^(t+1), ρ = 0.2
      expectPath(series(r, 'perceivedQuality', 0), qPath);
      if (c.first === undefined) expectPath(series(r, 'satisfaction', 0), satisfactionPath(c.x - E, 0.3, 25));
    });
  }

  it('failures, complaints and recoveries are counted and costed', () => {
    const r = simulate(loyal({ firms: [{ name: 'A', failureRate: 1, recoveryRate: 1, complaintCost: 1.5, recoveryCost: 2 }], segments: [{ name: 'all', complaintProbability: 1 }] }), 1);
    expect(series(r, 'failures', 0).every((n) => n === 200)).toBe(true);
    expect(series(r, 'complaints', 0).every((n) => n === 200)).toBe(true);
    expect(series(r, 'recoveries', 0).every((n) => n === 200)).toBe(true);
    expectPath(series(r, 'complaintCost', 0), new Array(25).fill(200 * (1.5 + 2)), 1e-9);
    const none = simulate(loyal({ firms: [{ name: 'A', failureRate: 0 }] }), 1);
    expect(series(none, 'failures', 0).every((n) => n === 0)).toBe(true);
    expect(series(none, 'complaintCost', 0).every((n) => n === 0)).toBe(true);
  });

  it('failure kinds occur in proportion to their frequencies and hurt by their severity', () => {
    // Two kinds, 3:1; over many customers the mean experience is q − (¾·0.4 + ¼·0.1).
    const s = loyal({
      customers: 8000,
      periods: 1,
      // (named lists merge by name: the base's 'slip' stays, with frequency 0 it never occurs)
      failureKinds: [{ name: 'slip', frequency: 0, severity: 0.2 }, { name: 'big', frequency: 3, severity: 0.4 }, { name: 'small', frequency: 1, severity: 0.1 }],
      segments: [{ name: 'all', complaintProbability: 0 }],
      firms: [{ name: 'A', failureRate: 1 }],
    });
    const r = simulate(s, 2);
    // S_0 = λ·ℓ·(X − E) (every X is below E); the mean over customers gives the mean severity.
    const meanSeverity = 0.65 - E - r.firm.satisfaction[0] / (0.3 * LOSS);
    const expected = 0.75 * 0.4 + 0.25 * 0.1;
    const sd = Math.sqrt(0.75 * 0.25) * 0.3; // severity is 0.4 or 0.1
    expect(Math.abs(meanSeverity - expected)).toBeLessThan(4 * sd / Math.sqrt(8000));
  });
});

describe('expectations', () => {
  it('with no promise, expectations move toward experience: E ← E + ε·(X − E), and satisfaction fades to 0', () => {
    const eps = 0.1, lambda = 0.3, q = 0.65;
    const r = simulate(loyal({ behaviour: { expectationLearning: eps } }), 1);
    let e = Math.fround(0.6), s = 0;
    const expected = Array.from({ length: 25 }, () => {
      s = Math.fround((1 - lambda) * s + lambda * felt(q - e));
      e = Math.fround(e + eps * (q - e));
      return s;
    });
    expectPath(series(r, 'satisfaction', 0), expected);
  });

  it('an advertised promise pushes expectations up: E → (1−ω)·X + ω·promise, so over-promising leaves satisfaction below 0', () => {
    const eps = 0.1, lambda = 0.3, q = 0.65, promise = 0.9, omega = 0.5;
    const r = simulate(loyal({ behaviour: { expectationLearning: eps }, firms: [{ name: 'A', promise, promiseWeight: omega }] }), 1);
    let e = Math.fround(0.6), s = 0;
    const expected = Array.from({ length: 25 }, () => {
      s = Math.fround((1 - lambda) * s + lambda * felt(q - e));
      e = Math.fround(e + eps * ((1 - omega) * q + omega * promise - e));
      return s;
    });
    expectPath(series(r, 'satisfaction', 0), expected);
    // At rest: S = ℓ·(X − E*) = ℓ·ω·(q − promise) < 0.
    const long = simulate(loyal({ periods: 200, behaviour: { expectationLearning: eps }, firms: [{ name: 'A', promise, promiseWeight: omega }] }), 1);
    expect(long.firm.satisfaction[199 * 2]).toBeCloseTo(LOSS * omega * (q - promise), 4);
  });

  it('under-promising (promise below quality) leaves customers satisfied at rest', () => {
    const r = simulate(loyal({ periods: 200, behaviour: { expectationLearning: 0.1 }, firms: [{ name: 'A', promise: 0.5, promiseWeight: 0.5 }] }), 1);
    expect(r.firm.satisfaction[199 * 2]).toBeCloseTo(0.5 * (0.65 - 0.5), 4);
  });
});

describe('habit', () => {
  for (const alpha of [0.8, 0.5]) {
    it(`H ← α·H + (1−α)·[chose j] per occasion (α = ${alpha}): after t+1 purchases H = 1 − α^(t+1)`, () => {
      const r = simulate(loyal({ behaviour: { habitSmoothing: alpha } }), 1);
      expectPath(series(r, 'habit', 0), Array.from({ length: 25 }, (_, t) => 1 - alpha ** (t + 1)));
    });
  }

  it('habit grows only on shopping occasions', () => {
    // Shopping every other period on average: habit lags the every-period path.
    const every = simulate(loyal({ behaviour: { habitSmoothing: 0.8 } }), 1);
    const half = simulate(loyal({ behaviour: { habitSmoothing: 0.8 }, segments: [{ name: 'all', shopProbability: 0.5 }] }), 1);
    expect(firmMean(half, 'habit', 0, 0, 10)).toBeLessThan(firmMean(every, 'habit', 0, 0, 10) - 0.1);
  });
});

/** Two equal firms in competition; customers heterogeneous enough to switch. */
const market = (...patches: Patch[]) =>
  tinyScenario(
    {
      customers: 1500,
      periods: 25,
      segments: [{ name: 'all', switchingCost: 0.5, habitWeight: 1.5, expectation: { dist: 'normal', mean: 0.6, sd: 0.05 } }],
      firms: [{ name: 'A', failureRate: 0.05 }, { name: 'B', failureRate: 0.05 }],
    },
    ...patches,
  );
const late = 5; // measure from this period on

describe('experience in a market: effects in isolation (paired over seeds)', () => {
  it('raising a firm\'s failure rate lowers its satisfaction and raises its switching (its customers buying elsewhere)', () => {
    const base = market();
    const failing = market({ firms: [{ name: 'A', failureRate: 0.4 }] });
    const satisfaction = paired(failing, base, (r) => firmMean(r, 'satisfaction', 0, late)); // base − failing
    const switching = paired(base, failing, (r) => firmMean(r, 'switching', 0, late)); // failing − base
    expect(clearlyPositive(satisfaction), describeDiff(satisfaction)).toBe(true);
    expect(clearlyPositive(switching), describeDiff(switching)).toBe(true);
  });

  it('good complaint recovery raises satisfaction and keeps more customers (less switching) relative to the same failure rate without it', () => {
    const patch = (recoveryRate: number) => market({ firms: [{ name: 'A', failureRate: 0.3, recoveryRate }], segments: [{ name: 'all', complaintProbability: 0.8 }] });
    const satisfaction = paired(patch(0), patch(1), (r) => firmMean(r, 'satisfaction', 0, late));
    const kept = paired(patch(0), patch(1), (r) => 1 - firmMean(r, 'switching', 0, late));
    expect(clearlyPositive(satisfaction), describeDiff(satisfaction)).toBe(true);
    expect(clearlyPositive(kept), describeDiff(kept)).toBe(true);
  });

  it('over-promising lowers satisfaction and raises switching at the same quality', () => {
    const honest = market({ behaviour: { expectationLearning: 0.2 } });
    const boasting = market({ behaviour: { expectationLearning: 0.2 }, firms: [{ name: 'A', promise: 0.95, promiseWeight: 0.5 }] });
    const satisfaction = paired(boasting, honest, (r) => firmMean(r, 'satisfaction', 0, late));
    const switching = paired(honest, boasting, (r) => firmMean(r, 'switching', 0, late));
    expect(clearlyPositive(satisfaction), describeDiff(satisfaction)).toBe(true);
    expect(clearlyPositive(switching), describeDiff(switching)).toBe(true);
  });

  it('habit makes choices stickier: a higher habit weight lowers switching', () => {
    const noHabit = market({ segments: [{ name: 'all', habitWeight: 0 }] });
    const habitual = market({ segments: [{ name: 'all', habitWeight: 4 }] });
    const switching = paired(habitual, noHabit, (r) => (firmMean(r, 'switching', 0, late) + firmMean(r, 'switching', 1, late)) / 2);
    expect(clearlyPositive(switching), describeDiff(switching)).toBe(true);
  });
});
