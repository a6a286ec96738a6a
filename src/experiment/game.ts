/**
 * The strategy game (MODEL.md "Experiments: game"): every profile of a strategy choice
 * across firms, replicated on common random numbers; the payoff table with intervals,
 * the pure Nash equilibria, and the verdict. This is the theatre effect, measured.
 *
 * Interval-aware rule (docs/experiments.md): a payoff difference counts only when the
 * 95% t-interval of the paired difference over seeds excludes zero. A player's best
 * responses are the strategies not significantly worse than any alternative; a profile
 * is an equilibrium when every player plays a best response. Differences that the seeds
 * cannot resolve therefore never break an equilibrium.
 */
import type { Scenario } from '../scenario/schema.js';
import { deepMerge, type Json } from '../scenario/merge.js';
import { validateScenario } from '../scenario/load.js';
import { describe, pairedDifference } from './stats.js';
import type { GameProfile, GameSummary, Interval } from './types.js';

export interface GameSpec {
  readonly field: string;
  readonly values: readonly unknown[];
  readonly labels: readonly string[];
  readonly players: readonly string[];
}

/** All profiles: index p encodes each player's strategy index in base |values|, player 0 last digit. */
export function profileCount(spec: GameSpec): number {
  return spec.values.length ** spec.players.length;
}

export function strategiesOf(spec: GameSpec, profile: number): number[] {
  const k = spec.values.length;
  return spec.players.map((_, i) => Math.floor(profile / k ** i) % k);
}

export function profileIndex(spec: GameSpec, strategies: readonly number[]): number {
  const k = spec.values.length;
  return strategies.reduce((sum, s, i) => sum + s * k ** i, 0);
}

/** Symmetric profiles: the first n players adopt the last value, the others play the first. */
export function symmetricProfiles(spec: GameSpec): number[] {
  const last = spec.values.length - 1;
  return spec.players.map((_, n) => n).concat(spec.players.length).map((n) => profileIndex(spec, spec.players.map((_, i) => (i < n ? last : 0))));
}

/** Set a dotted path in a firm (as plain JSON). */
function patchAt(path: string, value: unknown): Json {
  return path.split('.').reduceRight<Json>((inner, key) => ({ [key]: inner }), value as Json);
}

/**
 * The scenario under one profile: each player's strategy value replaces what the scenario
 * plans for the field. Scheduled events of that player that set the field carry the new
 * value (so a launch keeps its timing, or does not happen); otherwise the firm is set.
 */
export function scenarioForProfile(base: Scenario, spec: GameSpec, strategies: readonly number[], source: string): Scenario {
  const raw = structuredClone(base) as unknown as { firms: Json[]; events: { firm: string; set: Json }[] };
  spec.players.forEach((player, i) => {
    const value = spec.values[strategies[i]];
    const patch = patchAt(spec.field, value);
    const events = raw.events.filter((e) => e.firm === player && hasPath(e.set, spec.field));
    if (events.length > 0) {
      for (const e of events) e.set = deepMerge(e.set, patch);
      // Before the first scheduled change the firm keeps its starting setting.
    } else {
      const j = raw.firms.findIndex((f) => (f as { name: string }).name === player);
      raw.firms[j] = deepMerge(raw.firms[j], patch);
    }
  });
  return validateScenario(raw, source);
}

function hasPath(obj: Json, path: string): boolean {
  let node: Json = obj;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** payoff[profile][player][seed] */
export type Payoffs = number[][][];

const interval = (values: readonly number[]): Interval => {
  const d = describe(values);
  return { mean: d.mean, ci95: [d.ciLow, d.ciHigh] };
};

/** −1 significantly worse, +1 significantly better, 0 cannot tell (paired, 95%). */
export function compare(a: readonly number[], b: readonly number[]): -1 | 0 | 1 {
  const d = pairedDifference(a, b);
  if (d.n < 2) return 0;
  if (d.ciLow > 0) return 1;
  if (d.ciHigh < 0) return -1;
  return 0;
}

/** Player i's best responses to the others' strategies in `profile`. */
export function bestResponses(spec: GameSpec, payoff: Payoffs, profile: number, i: number): number[] {
  const base = strategiesOf(spec, profile);
  const options = spec.values.map((_, s) => profileIndex(spec, base.map((x, k) => (k === i ? s : x))));
  return options
    .map((p, s) => ({ s, p }))
    .filter(({ p }) => options.every((q) => q === p || compare(payoff[p][i], payoff[q][i]) >= 0))
    .map(({ s }) => s);
}

export function equilibria(spec: GameSpec, payoff: Payoffs, profiles: readonly number[]): number[] {
  const all = new Set(profiles);
  return profiles.filter((p) => {
    const strategies = strategiesOf(spec, p);
    return strategies.every((s, i) => {
      // Deviations must have been run (always so for full enumeration).
      const deviations = spec.values.map((_, d) => profileIndex(spec, strategies.map((x, k) => (k === i ? d : x))));
      if (!deviations.every((q) => all.has(q))) return false;
      return bestResponses(spec, payoff, p, i).includes(s);
    });
  });
}

/** Strategy s dominates for player i: a best response to everything, and strictly better somewhere. */
function dominant(spec: GameSpec, payoff: Payoffs, i: number, s: number): boolean {
  let strictSomewhere = false;
  for (let p = 0; p < profileCount(spec); p++) {
    if (strategiesOf(spec, p)[i] !== 0) continue; // visit each profile of the others once
    const br = bestResponses(spec, payoff, p, i);
    if (!br.includes(s)) return false;
    if (br.length === 1) strictSomewhere = true;
  }
  return strictSomewhere;
}

export interface Verdict {
  verdict: GameSummary['verdict'];
  evidence: string[];
}

export function verdictOf(spec: GameSpec, payoff: Payoffs, profiles: readonly number[], eq: readonly number[]): Verdict {
  const P = spec.players.length;
  const last = spec.values.length - 1;
  const restraint = profileIndex(spec, spec.players.map(() => 0));
  const label = (p: number) => describeProfile(spec, p);
  const evidence: string[] = [];
  const full = profiles.length === profileCount(spec);
  if (eq.length > 0 && profiles.includes(restraint) && !eq.includes(restraint)) {
    const worseForAll = eq.every((e) => spec.players.every((_, i) => compare(payoff[e][i], payoff[restraint][i]) < 0));
    if (worseForAll) {
      for (const e of eq) {
        evidence.push(`equilibrium ${label(e)}: every firm earns less than under ${label(restraint)}: ${spec.players.map((name, i) => `${name} ${fmtDiff(payoff[e][i], payoff[restraint][i])}`).join(', ')}`);
      }
      evidence.push(`${label(restraint)} is not an equilibrium: ${deviators(spec, payoff, restraint).join('; ')}`);
      return { verdict: 'prisoners-dilemma', evidence };
    }
  }
  if (full) {
    if (spec.players.every((_, i) => dominant(spec, payoff, i, last))) {
      evidence.push(`"${spec.labels[last]}" is a best response to every profile for every firm`);
      return { verdict: 'dominant-adoption', evidence: [...evidence, ...eq.map((e) => `equilibrium ${label(e)}`)] };
    }
    if (spec.players.every((_, i) => dominant(spec, payoff, i, 0))) {
      evidence.push(`"${spec.labels[0]}" is a best response to every profile for every firm`);
      return { verdict: 'dominant-restraint', evidence: [...evidence, ...eq.map((e) => `equilibrium ${label(e)}`)] };
    }
  }
  if (eq.length >= 2) {
    evidence.push(`${eq.length} pure equilibria: ${eq.map(label).join('; ')}`);
    return { verdict: 'coordination', evidence };
  }
  evidence.push(eq.length === 1 ? `one pure equilibrium, ${label(eq[0])}, neither dominant for all nor worse for all than restraint` : 'no pure equilibrium at the 95% level');
  if (P > 0 && !full) evidence.push('symmetric profiles only: dominance not checked');
  return { verdict: 'mixed', evidence };
}

function deviators(spec: GameSpec, payoff: Payoffs, profile: number): string[] {
  const strategies = strategiesOf(spec, profile);
  const out: string[] = [];
  spec.players.forEach((name, i) => {
    for (let s = 0; s < spec.values.length; s++) {
      if (s === strategies[i]) continue;
      const q = profileIndex(spec, strategies.map((x, k) => (k === i ? s : x)));
      if (payoff[q] && compare(payoff[q][i], payoff[profile][i]) > 0) out.push(`${name} gains ${fmtDiff(payoff[q][i], payoff[profile][i])} by playing "${spec.labels[s]}"`);
    }
  });
  return out.length > 0 ? out : ['(no significant deviation)'];
}

function fmtDiff(a: readonly number[], b: readonly number[]): string {
  const d = pairedDifference(a, b);
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  return `${d.mean >= 0 ? '+' : ''}${f(d.mean)} (95% CI ${f(d.ciLow)} to ${f(d.ciHigh)})`;
}

export function describeProfile(spec: GameSpec, profile: number): string {
  const strategies = strategiesOf(spec, profile);
  const last = spec.values.length - 1;
  if (spec.values.length === 2) {
    const adopters = spec.players.filter((_, i) => strategies[i] === last);
    return adopters.length === 0 ? `nobody plays "${spec.labels[last]}"` : adopters.length === spec.players.length ? `all play "${spec.labels[last]}"` : `${adopters.join(', ')} play "${spec.labels[last]}"`;
  }
  return spec.players.map((name, i) => `${name}: ${spec.labels[strategies[i]]}`).join(', ');
}

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
): GameSummary {
  const payoff: Payoffs = [];
  for (const p of profiles) payoff[p] = figures.get(p)!.byMetric.profit;
  const eq = equilibria(spec, payoff, profiles);
  const { verdict, evidence } = verdictOf(spec, payoff, profiles, eq);
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
    seeds: [...seeds],
    profiles: gameProfiles,
    equilibria: eq.map((p) => ({ adopters: adoptersOf(p), strategies: strategiesOf(spec, p).map((s) => spec.values[s]) })),
    verdict,
    evidence,
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
