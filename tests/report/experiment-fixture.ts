/** Synthetic experiment inputs of every kind, deterministic, shaped like the experiment layer's. */
import type { AggregateRow, DifferenceRow, ExperimentReportInput, GameProfile, PerSeedPoint, RunRow } from '../../src/experiment/types.js';

const FIRMS = ['Alpha', 'Bravo', 'Discounter'];
const SEEDS = [1, 2, 3, 4, 5, 6];
const PERIODS = 104;

/** Deterministic noise in [-0.5, 0.5) from integers. */
const jitter = (...keys: number[]): number => {
  let h = 2166136261;
  for (const k of keys) h = Math.imul(h ^ (k + 0x9e3779b9), 16777619) >>> 0;
  return (h % 10_000) / 10_000 - 0.5;
};

const level = (metric: string, firm: number, lift: number): number =>
  ({ share: 1 / 3 + lift * (firm === 1 ? 0.06 : -0.03), profit: 9000 + lift * (firm === 1 ? 800 : -500), price: 10 - firm * 0.5, satisfaction: 0.03 + 0.01 * firm, churn: 0.03 - 0.003 * firm }[metric] ?? 0);

function series(scenarios: string[], lift: (scenario: string) => number) {
  const aggregate: AggregateRow[] = [];
  const perSeed: PerSeedPoint[] = [];
  const runs: RunRow[] = [];
  scenarios.forEach((scenario, si) => {
    for (const metric of ['share', 'profit', 'price']) {
      FIRMS.forEach((firm, j) => {
        for (let period = 0; period < PERIODS; period += 2) {
          const ramp = Math.min(1, period / 52);
          const values = SEEDS.map((seed) => level(metric, j, lift(scenario) * ramp) * (1 + 0.02 * jitter(si, j, seed, period)));
          const mean = values.reduce((a, b) => a + b, 0) / values.length;
          const half = 0.01 * Math.abs(mean);
          aggregate.push({ scenario, period, firm, metric, mean, sd: half, ciLow: mean - half, ciHigh: mean + half, n: SEEDS.length });
          SEEDS.forEach((seed, k) => perSeed.push({ scenario, seed, period, firm, metric, value: values[k] }));
        }
      });
    }
    for (let period = 0; period < PERIODS; period += 2) {
      const mean = 1.8 + 0.3 * lift(scenario) * Math.min(1, period / 52);
      aggregate.push({ scenario, period, firm: 'market', metric: 'priceSalience', mean, sd: 0.02, ciLow: mean - 0.02, ciHigh: mean + 0.02, n: SEEDS.length });
    }
    SEEDS.forEach((seed, replicate) =>
      FIRMS.forEach((firm, j) => {
        for (const metric of ['share', 'profit', 'price', 'satisfaction', 'churn']) {
          runs.push({ scenario, params: {}, replicate, seed, firm, metric, value: level(metric, j, lift(scenario)) * (1 + 0.02 * jitter(si, j, seed)) });
        }
      }),
    );
  });
  return { aggregate, perSeed, runs };
}

export function fixtureExperiment(kind: ExperimentReportInput['kind']): ExperimentReportInput {
  const base = { kind, firmNames: FIRMS, periods: PERIODS, seeds: SEEDS };
  if (kind === 'replicate') {
    return { ...base, title: 'first-mover — replicate', description: 'Does a lone program win share across seeds?', scenarios: ['first-mover'], ...series(['first-mover'], () => 1) };
  }
  if (kind === 'compare') {
    const scenarios = ['baseline', 'first-mover'];
    const data = series(scenarios, (s) => (s === 'baseline' ? 0 : 1));
    const differences: DifferenceRow[] = [];
    for (const metric of ['share', 'profit']) {
      FIRMS.forEach((firm, j) => {
        for (let period = 0; period < PERIODS; period += 2) {
          const meanDiff = level(metric, j, Math.min(1, period / 52)) - level(metric, j, 0);
          const half = 0.2 * Math.abs(meanDiff) + 1e-3;
          differences.push({ scenario: 'first-mover', reference: 'baseline', period, firm, metric, meanDiff, ciLow: meanDiff - half, ciHigh: meanDiff + half, n: SEEDS.length, pBetter: meanDiff > 0 ? 1 : 0 });
        }
      });
    }
    return { ...base, title: 'baseline vs first-mover', description: 'What does a lone program change, seed for seed?', scenarios, ...data, differences };
  }
  if (kind === 'grid') {
    const runs: RunRow[] = [];
    const rates = [0, 0.01, 0.02, 0.04];
    const clutters = [0, 0.5, 1];
    let replicate = 0;
    for (const rate of rates) for (const clutter of clutters) for (const seed of SEEDS) {
      FIRMS.forEach((firm, j) => {
        for (const metric of ['share', 'profit', 'price']) {
          const lift = rate * 25 * (1 - clutter / 2);
          runs.push({ scenario: 'theatre', params: { 'firms.1.program.rewardRate': rate, clutter }, replicate: replicate, seed, firm, metric, value: level(metric, j, lift) * (1 + 0.02 * jitter(j, seed, rate * 100, clutter * 10)) });
        }
      });
      replicate++;
    }
    return { ...base, title: 'theatre — grid', description: 'How do reward rate and clutter shape the gain?', scenarios: ['theatre'], aggregate: [], perSeed: [], runs, parameters: ['firms.1.program.rewardRate', 'clutter'] };
  }
  const players = FIRMS;
  const profiles: GameProfile[] = [];
  for (let mask = 0; mask < 8; mask++) {
    const strategies = players.map((_, j) => Boolean(mask & (1 << j)));
    const adopters = players.filter((_, j) => strategies[j]);
    const firms = players.map((name, j) => {
      const profit = 9000 - 400 * adopters.length + (strategies[j] ? 600 : 0) - (strategies[j] && adopters.length === 3 ? 300 : 0);
      const share = 1 / 3 + (strategies[j] ? 0.05 : 0) - 0.05 * adopters.length / 3;
      const iv = (m: number, h: number) => ({ mean: m, ci95: [m - h, m + h] as [number, number] });
      return { name, profit: iv(profit, 120), share: iv(share, 0.01), price: iv(10, 0.05), programCost: iv(strategies[j] ? 400 : 0, 20) };
    });
    profiles.push({ adopters, strategies, firms });
  }
  const theatreCurve: NonNullable<ExperimentReportInput['game']>['theatreCurve'] = [];
  for (let k = 0; k <= 3; k++) {
    for (const metric of ['profit', 'share', 'price']) {
      const groups: ('adopter' | 'non-adopter' | 'market')[] = [...(k > 0 ? ['adopter' as const] : []), ...(k < 3 ? ['non-adopter' as const] : []), 'market'];
      for (const group of groups) {
        const mean = metric === 'profit' ? 9000 - 400 * k + (group === 'adopter' ? 600 : 0) : metric === 'share' ? 1 / 3 + (group === 'adopter' ? 0.05 : group === 'market' ? 0 : -0.02) : 10 - 0.1 * k;
        theatreCurve.push({ adopters: k, group, metric, mean, ciLow: mean * 0.98, ciHigh: mean * 1.02 });
      }
    }
  }
  return {
    ...base,
    title: 'theatre — game',
    description: 'Is running a program a prisoner\'s dilemma?',
    scenarios: profiles.map((p) => (p.adopters.length ? p.adopters.join('+') : 'nobody')),
    aggregate: [],
    perSeed: [],
    runs: [],
    game: {
      scenario: 'theatre', field: 'program.enabled', values: [false, true], labels: ['no program', 'program'], players, symmetric: false, seeds: SEEDS, profiles,
      equilibria: [{ adopters: players, strategies: [true, true, true] }],
      verdict: 'prisoners-dilemma',
      evidence: ['Everyone adopting earns 7,700 each against 9,000 when nobody adopts.'],
      vsRestraint: players.map((firm) => ({ firm, outcome: 'worse' as const, meanDiff: -1300, ciLow: -1500, ciHigh: -1100 })),
      unresolved: [],
      comparisons: 36,
      intervalLevel: 1 - 0.05 / 36,
      theatreCurve,
    },
  };
}
