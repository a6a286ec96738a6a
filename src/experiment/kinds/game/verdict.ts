/**
 * The strategy game (MODEL.md "Experiments: game"): every profile of a strategy choice
 * across firms, replicated on common random numbers; the payoff table with intervals,
 * the pure Nash equilibria, and the verdict. This is the theatre effect, measured.
 *
 * The verdict rule (docs/model.md, "Game verdict rule"): every payoff comparison the
 * verdict could rest on is fixed by the game's shape before any result is seen (each
 * unilateral deviation, and each firm's payoff in each profile against mutual restraint)
 * and tested as a paired difference over seeds with Bonferroni-simultaneous intervals,
 * 95% for the family. A comparison is resolved when its interval excludes zero; an
 * unresolved one is never read as "equal": a verdict that rests on one is
 * `inconclusive`, with the comparisons and an estimate of the seeds each needs.
 */
import { describe, meanCi, pairedDifference, tQuantile } from '../../../stats/index.js';
import {
  EVIDENCE, againstRestraintName, describeProfile, deviationName, deviationText, familyNote as familyText, symmetricStepName, testedText,
} from '../../../report/game-words.js';
import type { GameProfile, GameSummary, Interval } from '../../types.js';
import { profileIndex, strategiesOf, type GameSpec } from './profiles.js';

/** payoff[profile][player][seed] */
export type Payoffs = number[][][];

const interval = (values: readonly number[]): Interval => meanCi(describe(values));

/** Family-wise error rate of the verdict's comparisons. */
export const GAME_ALPHA = 0.05;

/** One paired comparison a − b over seeds (same seeds: common random numbers). */
export interface Comparison {
  readonly label: string;
  readonly a: readonly number[];
  readonly b: readonly number[];
}

export interface TestedComparison {
  readonly label: string;
  readonly meanDiff: number;
  readonly sd: number;
  readonly n: number;
  /** the Bonferroni-simultaneous interval (level 1 − α/m) */
  readonly ciLow: number;
  readonly ciHigh: number;
  /** +1 a resolved higher, −1 resolved lower, 0 unresolved */
  readonly outcome: -1 | 0 | 1;
}

/** Two-sided quantile of the simultaneous interval for a family of m comparisons. */
const familyQuantile = (m: number, df: number): number => tQuantile(1 - GAME_ALPHA / (2 * Math.max(1, m)), df);

export function testComparison(c: Comparison, familySize: number): TestedComparison {
  const d = pairedDifference(c.a, c.b);
  const half = d.n >= 2 && Number.isFinite(d.sd) ? familyQuantile(familySize, d.n - 1) * (d.sd / Math.sqrt(d.n)) : NaN;
  const ciLow = d.meanDiff - half;
  const ciHigh = d.meanDiff + half;
  const outcome = ciLow > 0 ? 1 : ciHigh < 0 ? -1 : 0;
  return { label: c.label, meanDiff: d.meanDiff, sd: d.sd, n: d.n, ciLow, ciHigh, outcome };
}

/**
 * Seeds a comparison needs to be resolved if its mean and sd stay as observed: the least
 * n with t(1 − α/2m, n − 1)·sd/√n < |mean|. Null when no finite n will do (a zero mean,
 * no spread estimate) or when it exceeds a million.
 */
export function seedsNeeded(t: Pick<TestedComparison, 'meanDiff' | 'sd' | 'n'>, familySize: number): number | null {
  const effect = Math.abs(t.meanDiff);
  if (!(effect > 0) || !Number.isFinite(t.sd)) return null;
  if (t.sd === 0) return Math.max(2, t.n);
  // the normal quantile gives a lower bound (t > z); step up from there
  const z = familyQuantile(familySize, 1e6);
  let n = Math.max(2, Math.ceil(((z * t.sd) / effect) ** 2));
  for (; n <= 1_000_000; n = Math.max(n + 1, Math.ceil(n * 1.01))) {
    if (familyQuantile(familySize, n - 1) * (t.sd / Math.sqrt(n)) < effect) return n;
  }
  return null;
}

/**
 * A deviation: the player who moves from the profile to `to` gains when the comparison's
 * outcome times `sign` is +1 (resolved), loses when it is −1.
 */
interface Deviation {
  readonly comparison: number;
  readonly sign: 1 | -1;
}

/** The game's comparisons, laid out by what the verdict reads from them. */
interface GameLayout {
  readonly comparisons: Comparison[];
  /** per profile: the unilateral deviations from it */
  readonly deviations: Map<number, Deviation[]>;
  /** per strategy index (first, last): the deviations toward it that dominance needs to be gains */
  readonly dominance: { readonly adoption: Deviation[]; readonly restraint: Deviation[] };
  /** per profile other than restraint: comparison index per player (payoff there − under restraint) */
  readonly vsRestraint: Map<number, number[]>;
  readonly restraint: number;
}

/** Full enumeration: every unilateral deviation of every player, each unordered pair once. */
function fullLayout(spec: GameSpec, payoff: Payoffs, profiles: readonly number[]): GameLayout {
  const comparisons: Comparison[] = [];
  const deviations = new Map<number, Deviation[]>(profiles.map((p) => [p, []]));
  const adoption: Deviation[] = [];
  const restraintDev: Deviation[] = [];
  const last = spec.values.length - 1;
  const run = new Set(profiles);
  for (const p of profiles) {
    const strategies = strategiesOf(spec, p);
    spec.players.forEach((player, i) => {
      for (let s = strategies[i] + 1; s < spec.values.length; s++) {
        const q = profileIndex(spec, strategies.map((x, k) => (k === i ? s : x)));
        if (!run.has(q)) continue;
        const c = comparisons.push({ label: deviationName(spec, strategies, i, s), a: payoff[q][i], b: payoff[p][i] }) - 1;
        deviations.get(p)!.push({ comparison: c, sign: 1 });
        deviations.get(q)!.push({ comparison: c, sign: -1 });
        // toward the last value from p, toward the first value from q
        if (s === last) adoption.push({ comparison: c, sign: 1 });
        if (strategies[i] === 0) restraintDev.push({ comparison: c, sign: -1 });
      }
    });
  }
  const restraint = profileIndex(spec, spec.players.map(() => 0));
  return { comparisons, deviations, dominance: { adoption, restraint: restraintDev }, vsRestraint: restraintComparisons(spec, payoff, profiles, restraint, comparisons), restraint };
}

/** Per seed, the mean payoff of the players in a group of a profile (null when the group is empty). */
function groupPayoff(payoff: Payoffs, profile: number, members: readonly number[]): number[] | null {
  if (members.length === 0) return null;
  const seeds = payoff[profile][members[0]].length;
  return Array.from({ length: seeds }, (_, k) => members.reduce((sum, i) => sum + payoff[profile][i][k], 0) / members.length);
}

/**
 * Symmetric profiles (the first k players adopt): the symmetric game's own deviations.
 * A non-adopter at k adopters who adopts lands among k + 1 adopters; an adopter who stops
 * lands among k − 1. So the one comparison between k and k + 1 is the adopters' mean
 * payoff at k + 1 against the non-adopters' mean payoff at k.
 */
function symmetricLayout(spec: GameSpec, payoff: Payoffs, profiles: readonly number[]): GameLayout {
  const last = spec.values.length - 1;
  const byCount = profiles.map((p) => ({ p, adopters: strategiesOf(spec, p).map((s, i) => (s === last ? i : -1)).filter((i) => i >= 0) })).sort((a, b) => a.adopters.length - b.adopters.length);
  const comparisons: Comparison[] = [];
  const deviations = new Map<number, Deviation[]>(profiles.map((p) => [p, []]));
  const adoption: Deviation[] = [];
  for (let k = 0; k + 1 < byCount.length; k++) {
    const low = byCount[k], high = byCount[k + 1];
    const nonAdopters = spec.players.map((_, i) => i).filter((i) => !low.adopters.includes(i));
    const a = groupPayoff(payoff, high.p, high.adopters)!;
    const b = groupPayoff(payoff, low.p, nonAdopters)!;
    const c = comparisons.push({ label: symmetricStepName(low.adopters.length, high.adopters.length), a, b }) - 1;
    deviations.get(low.p)!.push({ comparison: c, sign: 1 });
    deviations.get(high.p)!.push({ comparison: c, sign: -1 });
    adoption.push({ comparison: c, sign: 1 });
  }
  const restraint = byCount[0].p;
  return {
    comparisons, deviations,
    dominance: { adoption, restraint: adoption.map((d) => ({ comparison: d.comparison, sign: -1 as const })) },
    vsRestraint: restraintComparisons(spec, payoff, profiles, restraint, comparisons),
    restraint,
  };
}

function restraintComparisons(spec: GameSpec, payoff: Payoffs, profiles: readonly number[], restraint: number, comparisons: Comparison[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (!profiles.includes(restraint)) return out;
  for (const p of profiles) {
    if (p === restraint) continue;
    out.set(p, spec.players.map((name, i) => comparisons.push({ label: againstRestraintName(name, profileName(spec, p), profileName(spec, restraint)), a: payoff[p][i], b: payoff[restraint][i] }) - 1));
  }
  return out;
}

export type Verdict = GameSummary['verdict'];

export interface VsRestraint {
  firm: string;
  outcome: 'better' | 'worse' | 'unresolved';
  meanDiff: number;
  ciLow: number;
  ciHigh: number;
}

export interface Unresolved {
  comparison: string;
  /** seeds the comparison needs at the observed mean and sd; null when no finite number will do */
  seedsNeeded: number | null;
}

export interface GameAnalysis {
  readonly verdict: Verdict;
  readonly evidence: string[];
  readonly equilibria: number[];
  readonly vsRestraint: VsRestraint[];
  readonly unresolved: Unresolved[];
  /** number of comparisons in the family (the Bonferroni divisor) */
  readonly comparisons: number;
  /** the two-sided level of each simultaneous interval */
  readonly level: number;
}

/**
 * The verdict from the payoffs. `symmetric`: the profiles are "the first k players adopt"
 * (symmetricProfiles), otherwise every profile was run.
 */
export function analyzeGame(spec: GameSpec, payoff: Payoffs, profiles: readonly number[], symmetric: boolean): GameAnalysis {
  const layout = symmetric ? symmetricLayout(spec, payoff, profiles) : fullLayout(spec, payoff, profiles);
  const m = layout.comparisons.length;
  const tested = layout.comparisons.map((c) => testComparison(c, m));
  const gain = (d: Deviation) => d.sign * tested[d.comparison].outcome; // +1 gain, −1 loss, 0 unresolved
  const label = (p: number) => profileName(spec, p);
  const unresolvedOf = (indices: Iterable<number>): Unresolved[] =>
    [...new Set(indices)].filter((c) => tested[c].outcome === 0).map((c) => ({ comparison: tested[c].label, seedsNeeded: seedsNeeded(tested[c], m) }));

  // Equilibria: every deviation a resolved loss. Not one: some deviation a resolved gain.
  const equilibria: number[] = [];
  const undetermined: number[] = [];
  for (const p of profiles) {
    const devs = layout.deviations.get(p)!;
    if (devs.some((d) => gain(d) > 0)) continue;
    if (devs.every((d) => gain(d) < 0)) equilibria.push(p);
    else undetermined.push(p);
  }
  const level = 1 - GAME_ALPHA / Math.max(1, m);
  const result = (verdict: Verdict, evidence: string[], unresolved: Unresolved[] = []): GameAnalysis => ({
    verdict, evidence, equilibria, vsRestraint: vsRestraintOf(equilibria[0]), unresolved: verdict === 'inconclusive' ? unresolved : [], comparisons: m, level,
  });
  const vsRestraintOf = (e: number | undefined): VsRestraint[] => {
    const cs = e === undefined ? undefined : layout.vsRestraint.get(e);
    if (!cs) return []; // no equilibrium, or restraint itself
    return spec.players.map((firm, i) => {
      const t = tested[cs[i]];
      return { firm, outcome: t.outcome > 0 ? 'better' as const : t.outcome < 0 ? 'worse' as const : 'unresolved' as const, meanDiff: t.meanDiff, ciLow: t.ciLow, ciHigh: t.ciHigh };
    });
  };
  const familyNote = familyText(m, level);

  if (undetermined.length > 0) {
    const unresolved = unresolvedOf(undetermined.flatMap((p) => layout.deviations.get(p)!.map((d) => d.comparison)));
    return result('inconclusive', [
      EVIDENCE.undetermined(undetermined.map(label)),
      EVIDENCE.unresolvedDeviations(unresolved.length, tested[0]?.n ?? 0, familyNote),
    ], unresolved);
  }
  if (equilibria.length === 0) {
    return result('mixed', [
      EVIDENCE.noPureEquilibrium,
      ...profiles.slice(0, 8).map((p) => { const d = layout.deviations.get(p)!.find((x) => gain(x) > 0)!; return EVIDENCE.broken(label(p), deviationText(tested[d.comparison], d.sign)); }),
      ...(profiles.length > 8 ? [EVIDENCE.moreBroken(profiles.length - 8)] : []),
      familyNote,
    ]);
  }
  const restraintIsEquilibrium = equilibria.includes(layout.restraint);
  const others = equilibria.filter((e) => e !== layout.restraint);
  const vsCells = others.flatMap((e) => layout.vsRestraint.get(e) ?? []);
  const eqEvidence = (e: number) => {
    const cs = layout.vsRestraint.get(e);
    return EVIDENCE.equilibrium(label(e), label(layout.restraint), spec.players, cs ? cs.map((c) => testedText(tested[c])) : null);
  };

  // Prisoner's dilemma: restraint is not an equilibrium and every equilibrium is worse for every firm.
  if (!restraintIsEquilibrium && layout.vsRestraint.size > 0) {
    const allWorse = vsCells.every((c) => tested[c].outcome < 0);
    const noneBetter = vsCells.every((c) => tested[c].outcome <= 0);
    const breaker = layout.deviations.get(layout.restraint)!.find((d) => gain(d) > 0);
    if (allWorse) {
      return result('prisoners-dilemma', [
        ...equilibria.map(eqEvidence),
        EVIDENCE.restraintBroken(label(layout.restraint), breaker ? deviationText(tested[breaker.comparison], breaker.sign) : ''),
        familyNote,
      ]);
    }
    if (noneBetter) {
      return result('inconclusive', [
        EVIDENCE.maybeDilemma(spec),
        ...equilibria.map(eqEvidence), familyNote,
      ], unresolvedOf(vsCells));
    }
  }
  if (equilibria.length >= 2) {
    return result('coordination', [EVIDENCE.coordination(equilibria.map(label)), ...equilibria.map(eqEvidence), familyNote]);
  }
  const [e] = equilibria;
  const vs = e === layout.restraint ? [] : layout.vsRestraint.get(e) ?? [];
  const better = vs.filter((c) => tested[c].outcome > 0);
  const worse = vs.filter((c) => tested[c].outcome < 0);
  if (better.length > 0 && worse.length > 0) {
    const named = (cs: number[]) => cs.map((c) => spec.players[vs.indexOf(c)]);
    return result('transfer', [
      EVIDENCE.transfer(label(e), named(better), named(worse), label(layout.restraint)),
      eqEvidence(e), familyNote,
    ]);
  }
  const last = spec.values.length - 1;
  const adoptionProfile = profiles.find((p) => strategiesOf(spec, p).every((s) => s === last));
  const dominance = (devs: Deviation[], name: string, verdict: Verdict): GameAnalysis | null => {
    if (devs.some((d) => gain(d) < 0)) return null; // resolvedly not dominant
    if (devs.some((d) => gain(d) === 0)) {
      return result('inconclusive', [EVIDENCE.maybeDominant(name, spec), eqEvidence(e), familyNote], unresolvedOf(devs.map((d) => d.comparison)));
    }
    return result(verdict, [EVIDENCE.dominant(name, spec), eqEvidence(e), familyNote]);
  };
  if (e === adoptionProfile) {
    const unresolvedVs = vs.filter((c) => tested[c].outcome === 0);
    const d = dominance(layout.dominance.adoption, spec.labels[last], 'dominant-adoption');
    if (d && d.verdict !== 'inconclusive' && unresolvedVs.length > 0) {
      // dominant, but whether it pays for every firm (or is a transfer) rests on unresolved differences
      return result('inconclusive', [EVIDENCE.dominantUnresolvedTransfer, eqEvidence(e), familyNote], unresolvedOf(unresolvedVs));
    }
    if (d) return d;
  }
  if (e === layout.restraint) {
    const d = dominance(layout.dominance.restraint, spec.labels[0], 'dominant-restraint');
    if (d) return d;
  }
  const unresolvedVs = vs.filter((c) => tested[c].outcome === 0);
  if (unresolvedVs.length > 0) {
    return result('inconclusive', [EVIDENCE.singleUnresolved(label(e)), eqEvidence(e), familyNote], unresolvedOf(unresolvedVs));
  }
  return result('single-equilibrium', [EVIDENCE.single(label(e)), eqEvidence(e), familyNote]);
}

/** A profile in words. */
export const profileName = (spec: GameSpec, profile: number): string => describeProfile(spec, strategiesOf(spec, profile));

export interface ProfileFigures {
  /** metric → [player][seed] */
  readonly byMetric: Record<'profit' | 'share' | 'price' | 'programCost' | 'revenue', number[][]>;
}

/** The GameSummary of INTERFACE.md, with the theatre curve. */
export function summarizeGame(
  scenarioName: string,
  spec: GameSpec,
  seeds: readonly number[],
  profiles: readonly number[],
  figures: ReadonlyMap<number, ProfileFigures>,
  symmetric: boolean,
): GameSummary {
  const payoff: Payoffs = [];
  for (const p of profiles) payoff[p] = figures.get(p)!.byMetric.profit;
  const analysis = analyzeGame(spec, payoff, profiles, symmetric);
  const last = spec.values.length - 1;
  const adoptersOf = (p: number) => spec.players.filter((_, i) => strategiesOf(spec, p)[i] === last);
  const gameProfiles: GameProfile[] = profiles.map((p) => {
    const f = figures.get(p)!.byMetric;
    return {
      adopters: adoptersOf(p),
      strategies: strategiesOf(spec, p).map((s) => spec.values[s]),
      firms: spec.players.map((name, i) => ({
        name,
        profit: interval(f.profit[i]),
        share: interval(f.share[i]),
        price: interval(f.price[i]),
        programCost: interval(f.programCost[i]),
      })),
    };
  });
  return {
    scenario: scenarioName,
    field: spec.field,
    values: [...spec.values],
    players: [...spec.players],
    ...(spec.bystanders?.length ? { bystanders: [...spec.bystanders] } : {}),
    seeds: [...seeds],
    profiles: gameProfiles,
    labels: [...spec.labels],
    symmetric,
    equilibria: analysis.equilibria.map((p) => ({ adopters: adoptersOf(p), strategies: strategiesOf(spec, p).map((s) => spec.values[s]) })),
    verdict: analysis.verdict,
    evidence: analysis.evidence,
    vsRestraint: analysis.vsRestraint,
    unresolved: analysis.unresolved,
    comparisons: analysis.comparisons,
    intervalLevel: analysis.level,
    theatreCurve: theatreCurve(spec, seeds.length, profiles, figures),
  };
}

/**
 * Profit, share, price and program cost as a share of revenue by number of adopters,
 * for adopters, non-adopters and the market: each seed's mean over the firms of the
 * group and the profiles with that number of adopters, then the interval over seeds.
 */
function theatreCurve(spec: GameSpec, seedCount: number, profiles: readonly number[], figures: ReadonlyMap<number, ProfileFigures>): GameSummary['theatreCurve'] {
  const last = spec.values.length - 1;
  const rows: GameSummary['theatreCurve'] = [];
  for (let n = 0; n <= spec.players.length; n++) {
    const withN = profiles.filter((p) => strategiesOf(spec, p).filter((s) => s === last).length === n);
    if (withN.length === 0) continue;
    for (const group of ['adopter', 'non-adopter', 'market'] as const) {
      for (const metric of ['profit', 'share', 'price', 'programCostShare'] as const) {
        const perSeed: number[] = [];
        for (let seed = 0; seed < seedCount; seed++) {
          let sum = 0;
          let count = 0;
          for (const p of withN) {
            const strategies = strategiesOf(spec, p);
            const f = figures.get(p)!.byMetric;
            spec.players.forEach((_, i) => {
              const adopter = strategies[i] === last;
              if (group === 'adopter' && !adopter) return;
              if (group === 'non-adopter' && adopter) return;
              const value = metric === 'programCostShare' ? (f.revenue[i][seed] > 0 ? f.programCost[i][seed] / f.revenue[i][seed] : 0) : f[metric][i][seed];
              sum += value;
              count++;
            });
          }
          if (count > 0) perSeed.push(sum / count);
        }
        if (perSeed.length === 0) continue;
        const d = describe(perSeed);
        rows.push({ adopters: n, group, metric, mean: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh });
      }
    }
  }
  return rows;
}
