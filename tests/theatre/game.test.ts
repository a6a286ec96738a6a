/**
 * The game's verdict rule on payoff tables with known answers: constructed prisoner's
 * dilemmas, coordination, dominant and transfer games for 2 to 4 players, full and
 * symmetric, get their verdicts; noise alone never gets a resolved one.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { profileCount, profileIndex, strategiesOf, symmetricProfiles, type GameSpec } from '../../src/experiment/kinds/game/profiles.js';
import { analyzeGame, seedsNeeded, summarizeGame, testComparison, type Payoffs } from '../../src/experiment/kinds/game/verdict.js';
import { forPlayers } from '../../src/report/game-words.js';
import { gameResultLines } from '../../src/report/game-words.js';
import { tQuantile } from '../../src/stats/index.js';

const specFor = (players: number): GameSpec => ({
  field: 'program.enabled', values: [false, true], labels: ['no program', 'program'],
  players: ['Aurora', "O'Brien", 'a.b', 'x[0]'].slice(0, players),
});

const SEEDS = 12;

/** Payoffs from a mean per (player, strategies), plus seed noise (deterministic, sd about `noise`). */
function table(spec: GameSpec, mean: (i: number, adopts: boolean[]) => number, profiles: readonly number[], noise = 0.2, seed = 'table'): Payoffs {
  const rng = seedrandom.alea(seed);
  const payoff: Payoffs = [];
  for (const p of profiles) {
    const adopts = strategiesOf(spec, p).map((s) => s === 1);
    payoff[p] = spec.players.map((_, i) => Array.from({ length: SEEDS }, () => mean(i, adopts) + noise * 2 * Math.sqrt(3) * (rng() - 0.5)));
  }
  return payoff;
}

const adoptersOf = (adopts: boolean[]) => adopts.filter(Boolean).length;
const othersAdopting = (i: number, adopts: boolean[]) => adoptersOf(adopts) - (adopts[i] ? 1 : 0);

/** Classic games in "own payoff from my choice and the number of others adopting" form. */
const GAMES: Record<string, { mean: (i: number, adopts: boolean[], n: number) => number; verdict: string; symmetric: boolean }> = {
  // adopting gains 3 for me and costs every firm 2 per adopter: dominant, and all worse off
  "prisoner's dilemma": { mean: (i, a) => 10 + 3 * +a[i] - 2 * adoptersOf(a), verdict: 'prisoners-dilemma', symmetric: true },
  // adopting pays only when every other firm adopts
  coordination: { mean: (i, a, n) => 10 + +a[i] * (othersAdopting(i, a) === n - 1 ? 2 : -2), verdict: 'coordination', symmetric: true },
  'dominant adoption': { mean: (i, a) => 10 + 2.5 * +a[i] - 0.5 * othersAdopting(i, a), verdict: 'dominant-adoption', symmetric: true },
  'dominant restraint': { mean: (i, a) => 10 - 1.5 * +a[i] + 0.3 * othersAdopting(i, a), verdict: 'dominant-restraint', symmetric: true },
  // everyone gains 2 by adopting, but the first firm (the quality leader) loses 3 for each other adopter
  transfer: { mean: (i, a) => 10 + 2 * +a[i] - (i === 0 ? 3 * othersAdopting(i, a) : 0), verdict: 'transfer', symmetric: false },
};

describe('constructed games get their verdicts', () => {
  for (const players of [2, 3, 4]) {
    const spec = specFor(players);
    const full = Array.from({ length: profileCount(spec) }, (_, p) => p);
    const symmetric = symmetricProfiles(spec);
    for (const [name, game] of Object.entries(GAMES)) {
      it(`${name}, ${players} players, every profile`, () => {
        const a = analyzeGame(spec, table(spec, (i, adopts) => game.mean(i, adopts, players), full), full, false);
        expect(a.verdict, a.evidence.join('\n')).toBe(game.verdict);
        expect(a.unresolved).toEqual([]);
      });
      if (game.symmetric) {
        it(`${name}, ${players} players, symmetric profiles`, () => {
          const a = analyzeGame(spec, table(spec, (i, adopts) => game.mean(i, adopts, players), symmetric), symmetric, true);
          expect(a.verdict, a.evidence.join('\n')).toBe(game.verdict);
        });
      }
    }
  }

  it('a transfer names its winners and losers; a prisoner\'s dilemma makes every firm worse off', () => {
    const spec = specFor(3);
    const full = Array.from({ length: profileCount(spec) }, (_, p) => p);
    const transfer = analyzeGame(spec, table(spec, (i, a) => GAMES.transfer.mean(i, a, 3), full), full, false);
    expect(transfer.vsRestraint.map((v) => [v.firm, v.outcome])).toEqual([['Aurora', 'worse'], ["O'Brien", 'better'], ['a.b', 'better']]);
    for (const v of transfer.vsRestraint) expect(v.outcome).toBe(v.ciLow > 0 ? 'better' : v.ciHigh < 0 ? 'worse' : 'unresolved');
    const pd = analyzeGame(spec, table(spec, (i, a) => GAMES["prisoner's dilemma"].mean(i, a, 3), full), full, false);
    expect(pd.equilibria).toEqual([profileIndex(spec, [1, 1, 1])]);
    expect(pd.vsRestraint.every((v) => v.outcome === 'worse' && v.ciHigh < 0)).toBe(true);
  });

  it('no pure equilibrium, every profile resolvedly broken: mixed (matching pennies)', () => {
    const spec = specFor(2);
    const full = [0, 1, 2, 3];
    // Aurora wants to match O'Brien, O'Brien wants to differ
    const mean = (i: number, a: boolean[]) => 10 + (i === 0 ? (a[0] === a[1] ? 2 : -2) : a[0] !== a[1] ? 2 : -2);
    const a = analyzeGame(spec, table(spec, mean, full), full, false);
    expect(a.verdict, a.evidence.join('\n')).toBe('mixed');
    expect(a.equilibria).toEqual([]);
  });

  it('one equilibrium with every firm better off that is not dominant is not called a transfer or mixed', () => {
    const spec = specFor(2);
    const full = [0, 1, 2, 3];
    // Aurora adopts whatever happens; O'Brien gains from Aurora's program and adopts only if Aurora does not
    const mean = (i: number, a: boolean[]) => (i === 0 ? 10 + 2 * +a[0] : 10 + 3 * +a[0] + (a[0] ? -1 : 1) * +a[1]);
    const a = analyzeGame(spec, table(spec, mean, full), full, false);
    expect(a.verdict, a.evidence.join('\n')).toBe('single-equilibrium');
    expect(a.equilibria).toEqual([profileIndex(spec, [1, 0])]);
  });
});

describe('the game in words', () => {
  it('one number format on the terminal, "unresolved" explained where it is printed, and only the players named', () => {
    const spec: GameSpec = { ...specFor(2), bystanders: ['Zed'] };
    const full = [0, 1, 2, 3];
    // both adopt (each gains by it); against restraint Aurora loses 1,179 a period, O'Brien nothing the seeds can tell
    const mean = (i: number, a: boolean[]) => (i === 0 ? 5000 + 300 * +a[0] - 1479 * +a[1] : 5000 + 200 * +a[1] - 200 * +a[0]);
    const payoff = table(spec, mean, full, 50, 'words');
    const a = analyzeGame(spec, payoff, full, false);
    const game = summarizeGame('words', spec, Array.from({ length: SEEDS }, (_, k) => k + 1), full, new Map(full.map((p) => [p, { byMetric: {
      profit: payoff[p],
      share: spec.players.map(() => Array(SEEDS).fill(0.5)), price: spec.players.map(() => Array(SEEDS).fill(10)),
      programCost: spec.players.map(() => Array(SEEDS).fill(0)), revenue: spec.players.map(() => Array(SEEDS).fill(0)),
    } }])), false);
    expect(game.verdict).toBe(a.verdict);
    const text = gameResultLines(game, null).join('\n');
    // the evidence and the table print −1,179 (−1,2xx to −1,1xx), never -1179 or [lo, hi]
    expect(text).toMatch(/Aurora +worse +−1,\d{3} \(95% CI −1,\d{3} to −1,\d{3}\)/);
    expect(text).toMatch(/O'Brien +unresolved/);
    expect(text).not.toMatch(/(^|[\s(])-\d/m);
    expect(text).not.toMatch(/\[[−\d]/);
    expect(text).toMatch(/unresolved: the interval includes zero, so the seeds run cannot tell a gain from a loss/);
    expect(text).not.toMatch(/every firm/);
    expect(text).toMatch(/players: Aurora, O'Brien; Zed keeps the scenario's settings/);
    // with one player, the words say which firm plays and which keep their settings
    expect(forPlayers({ ...spec, players: ['Aurora'], bystanders: ["O'Brien", 'Zed'] })).toBe("for Aurora (the only player; O'Brien, Zed keep the scenario's settings)");
    expect(forPlayers(specFor(2))).toBe('for every firm');
  });
});

describe('an unresolved difference is never equal', () => {
  it('noise-only payoff tables never give a resolved verdict (200 draws, 2–4 players, full and symmetric)', () => {
    const rng = seedrandom.alea('noise-tables');
    const verdicts = new Map<string, number>();
    for (let draw = 0; draw < 200; draw++) {
      const players = 2 + (draw % 3);
      const spec = specFor(players);
      const symmetric = draw % 2 === 1;
      const profiles = symmetric ? symmetricProfiles(spec) : Array.from({ length: profileCount(spec) }, (_, p) => p);
      const level = 5000 + 5000 * rng();
      const spread = 50 + 500 * rng();
      const payoff = table(spec, () => level, profiles, spread, `noise-${draw}`);
      const a = analyzeGame(spec, payoff, profiles, symmetric);
      verdicts.set(a.verdict, (verdicts.get(a.verdict) ?? 0) + 1);
      expect(a.verdict, `draw ${draw}: ${a.evidence.join('\n')}`).toBe('inconclusive');
      expect(a.unresolved.length).toBeGreaterThan(0);
    }
    expect([...verdicts.keys()]).toEqual(['inconclusive']);
  });

  it('a prisoner\'s dilemma but for one firm whose loss the seeds cannot resolve is inconclusive, and says what it needs', () => {
    const spec = specFor(3);
    const full = Array.from({ length: profileCount(spec) }, (_, p) => p);
    // adopting gains 3 for each firm; all adopting costs Aurora almost nothing, the others a lot
    const mean = (i: number, a: boolean[]) => 10 + 3 * +a[i] - (i === 0 ? 1.02 : 2) * adoptersOf(a);
    const a = analyzeGame(spec, table(spec, mean, full, 0.4), full, false);
    expect(a.verdict, a.evidence.join('\n')).toBe('inconclusive');
    expect(a.unresolved.map((u) => u.comparison)).toEqual([expect.stringContaining('Aurora')]);
    expect(a.unresolved[0].seedsNeeded).toBeGreaterThan(SEEDS);
    expect(a.vsRestraint.find((v) => v.firm === 'Aurora')!.outcome).toBe('unresolved');
  });

  it('the seeds needed are the least n whose simultaneous interval excludes the observed mean difference', () => {
    const m = 20;
    const n = seedsNeeded({ meanDiff: 1, sd: 2, n: 8 }, m)!;
    const half = (k: number) => tQuantile(1 - 0.05 / (2 * m), k - 1) * (2 / Math.sqrt(k));
    expect(half(n)).toBeLessThan(1);
    expect(half(n - 1)).toBeGreaterThanOrEqual(1);
    expect(seedsNeeded({ meanDiff: 0, sd: 2, n: 8 }, m)).toBeNull();
    // and the interval of a comparison widens with the family
    const c = { label: 'x', a: [1, 2, 3, 4, 5], b: [0, 0, 1, 1, 2] };
    const one = testComparison(c, 1), many = testComparison(c, 50);
    expect(many.ciHigh - many.ciLow).toBeGreaterThan(one.ciHigh - one.ciLow);
  });
});
