/**
 * A game's result in words: what its verdict means, who gains and who loses against
 * mutual restraint, what is unresolved and how many seeds it would take. The verdict itself
 * is computed in src/experiment/kinds/game/verdict.ts; this only says it.
 */
import type { GameSpec } from '../experiment/kinds/game/profiles.js';
import type { TestedComparison } from '../experiment/kinds/game/verdict.js';
import type { GameSummary } from '../experiment/types.js';
import { profileLabel, sameStrategies } from './experiment-data.js';
import { differenceWithInterval, num } from './format.js';
import type { ReportAnswer } from './answers.js';

const VERDICTS: Record<GameSummary['verdict'], string> = {
  'prisoners-dilemma': "a prisoner's dilemma: adopting is the equilibrium, yet every firm earns less than if none adopted (the theatre effect)",
  transfer: 'a transfer: the equilibrium makes some firms better off and others worse off than mutual restraint',
  coordination: 'a coordination game: more than one resolved equilibrium; which one firms reach depends on what the others do',
  'dominant-adoption': 'adoption is dominant and pays: each firm gains by adopting whatever the others do, and none loses against restraint',
  'dominant-restraint': 'restraint is dominant: no firm gains by adopting, whatever the others do',
  'single-equilibrium': 'one resolved equilibrium that is neither dominant nor worse for anyone than restraint',
  mixed: 'no pure equilibrium: in every profile some firm resolvedly gains by switching',
  inconclusive: 'inconclusive: the seeds run do not resolve every comparison the verdict rests on',
};

/** What a verdict means, in one clause. */
export const verdictMeaning = (verdict: GameSummary['verdict']): string => VERDICTS[verdict] ?? verdict;

/** The game's findings: the verdict, against restraint, what is unresolved, the equilibria, the evidence. */
export function gameSentences(game: GameSummary): string[] {
  const out: string[] = [];
  out.push(`Verdict: ${verdictMeaning(game.verdict)} (${game.seeds.length} seeds; ${game.comparisons} comparisons, each resolved when its simultaneous interval excludes zero).`);
  const named = (outcome: string) => game.vsRestraint.filter((v) => v.outcome === outcome).map((v) => `${v.firm} ${differenceWithInterval(v.meanDiff, v.ciLow, v.ciHigh)}`);
  const better = named('better'), worse = named('worse'), open = named('unresolved');
  if (better.length + worse.length + open.length > 0) {
    out.push(`Against mutual restraint, profit per period in the equilibrium: ${[better.length ? `better off ${better.join(', ')}` : '', worse.length ? `worse off ${worse.join(', ')}` : '', open.length ? `unresolved ${open.join(', ')} (${UNRESOLVED_MEANS})` : ''].filter(Boolean).join('; ')}.`);
  }
  if (game.unresolved.length) {
    const shown = game.unresolved.slice(0, 8).map((u) => `${u.comparison} (${u.seedsNeeded === null ? 'difference near zero: no estimate' : `about ${num(u.seedsNeeded)} seeds`})`);
    out.push(`Unresolved comparisons the verdict rests on (${UNRESOLVED_MEANS}): ${shown.join('; ')}${game.unresolved.length > 8 ? `; and ${game.unresolved.length - 8} more (summary.json)` : ''}.`);
  }
  const eq = game.equilibria.map((e) => {
    const profile = game.profiles.find((p) => sameStrategies(p.strategies, e.strategies));
    return profile ? profileLabel(profile, game.players, game.values) : e.strategies.map(String).join(', ');
  });
  out.push(eq.length ? `Pure Nash equilibria: ${eq.join('; ')}.` : 'No pure Nash equilibrium.');
  out.push(...game.evidence);
  return out;
}

/** What "unresolved" means, said wherever the word is printed. */
export const UNRESOLVED_MEANS = 'unresolved: the interval includes zero, so the seeds run cannot tell a gain from a loss; --precision adds seeds until they can';

/** What `game` prints: the verdict and what it means, its evidence, who gains and who loses, and what an inconclusive verdict needs. */
export function gameResultLines(game: GameSummary, sequential: { maxSeeds: number } | null): string[] {
  const lines = [`verdict: ${game.verdict} (${game.seeds.length} seeds${sequential ? `, sequential up to ${sequential.maxSeeds}` : ''}): ${verdictMeaning(game.verdict)}`];
  const others = game.bystanders ?? [];
  if (others.length) lines.push(`  players: ${game.players.join(', ')}${game.players.length === 1 ? ' only' : ''}; ${others.join(', ')} ${others.length === 1 ? 'keeps' : 'keep'} the scenario's settings`);
  for (const line of game.evidence) lines.push(`  ${line}`);
  if (game.vsRestraint.length) {
    lines.push(`  against mutual restraint, profit per period in the equilibrium (${Number((100 * game.intervalLevel).toPrecision(4))}% simultaneous intervals):`);
    const width = Math.max(...game.vsRestraint.map((v) => v.firm.length));
    for (const v of game.vsRestraint) lines.push(`    ${v.firm.padEnd(width)}  ${v.outcome.padEnd(10)}  ${differenceWithInterval(v.meanDiff, v.ciLow, v.ciHigh)}`);
  }
  for (const u of game.unresolved.slice(0, 12)) lines.push(`  unresolved: ${u.comparison}: needs ${u.seedsNeeded === null ? 'more seeds than can be estimated (difference near zero)' : `about ${num(u.seedsNeeded)} seeds`}`);
  if (game.unresolved.length > 12) lines.push(`  … and ${game.unresolved.length - 12} more unresolved comparisons (summary.json)`);
  if (game.unresolved.length || game.vsRestraint.some((v) => v.outcome === 'unresolved')) lines.push(`  (${UNRESOLVED_MEANS}${sequential ? ` or --max-seeds (${sequential.maxSeeds}) is spent` : ''})`);
  return lines;
}

/** "Aurora, Boreal and Cirrus" */
const listed = (names: readonly string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0] ?? '');

/**
 * The game's answer for the front page and the main job: the verdict, each player's profit
 * in the equilibrium against mutual restraint with its interval, who wins and who loses.
 * `per`: what a period is (a week).
 */
export function gameAnswer(game: GameSummary, per: string): ReportAnswer {
  const equilibrium = game.equilibria[0] && game.profiles.find((p) => sameStrategies(p.strategies, game.equilibria[0].strategies));
  const restraint = game.labels.length ? `all play "${game.labels[0]}"` : 'restraint';
  const level = `${Number((100 * game.intervalLevel).toPrecision(4))}%`;
  const measure = `profit per ${per} in the equilibrium (${equilibrium ? profileLabel(equilibrium, game.players, game.values) : 'none'}) against mutual restraint (${restraint}), ${level} simultaneous intervals over ${game.seeds.length} seeds`;
  const named = (outcome: string) => game.vsRestraint.filter((v) => v.outcome === outcome).map((v) => v.firm);
  const better = named('better'), worse = named('worse'), open = named('unresolved');
  const needed = Math.max(0, ...game.unresolved.map((u) => u.seedsNeeded ?? 0));
  const who = game.vsRestraint.length
    ? [
      better.length ? `${better.length === 1 ? 'Winner' : 'Winners'}: ${listed(better)}.` : 'No firm gains against restraint.',
      worse.length ? `${worse.length === 1 ? 'Loser' : 'Losers'}: ${listed(worse)}.` : 'No firm loses against restraint.',
      open.length ? `Unresolved: ${listed(open)} (the interval includes zero: the seeds cannot tell a gain from a loss).` : '',
    ].filter(Boolean).join(' ')
    : game.verdict === 'inconclusive'
      ? `Who gains is not resolved: ${game.unresolved.length} comparison${game.unresolved.length === 1 ? '' : 's'} the verdict rests on include${game.unresolved.length === 1 ? 's' : ''} zero${needed ? ` (about ${num(needed)} seeds would resolve them)` : ''}.`
      : game.equilibria.length === 0 ? 'No pure equilibrium, so no one outcome to hold against restraint.' : 'Nobody gains or loses: mutual restraint is the equilibrium.';
  return {
    verdict: game.verdict,
    // the verdict is shown beside its meaning: "inconclusive: inconclusive: …" says it twice
    meaning: verdictMeaning(game.verdict).replace(/^inconclusive: /, ''),
    measure,
    figures: game.vsRestraint.map((v) => ({ name: v.firm, value: differenceWithInterval(v.meanDiff, v.ciLow, v.ciHigh), outcome: v.outcome })),
    who,
  };
}

// ---------------------------------------------------------------------------------------
// The verdict's evidence and its comparisons' names (kinds/game/verdict.ts decides; these say it)

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "for every firm", or for the players only, naming the firms that keep the scenario's settings. */
export function forPlayers(spec: GameSpec): string {
  const others = spec.bystanders ?? [];
  if (others.length === 0) return 'for every firm';
  const who = spec.players.length === 1 ? `${spec.players[0]} (the only player` : `${spec.players.join(', ')} (the players`;
  return `for ${who}; ${others.join(', ')} ${others.length === 1 ? 'keeps' : 'keep'} the scenario's settings)`;
}

/** A profile in words: who plays the last value (two values), or every player's value. */
export function describeProfile(spec: GameSpec, strategies: readonly number[]): string {
  const last = spec.values.length - 1;
  if (spec.values.length === 2) {
    const adopters = spec.players.filter((_, i) => strategies[i] === last);
    return adopters.length === 0 ? `nobody plays "${spec.labels[last]}"` : adopters.length === spec.players.length ? `all play "${spec.labels[last]}"` : `${adopters.join(', ')} ${adopters.length === 1 ? 'plays' : 'play'} "${spec.labels[last]}"`;
  }
  return spec.players.map((name, i) => `${name}: ${spec.labels[strategies[i]]}`).join(', ');
}

/** What the other players play, after a player's deviation. */
function othersText(spec: GameSpec, strategies: readonly number[], i: number): string {
  if (spec.players.length === 1) return '';
  const others = spec.players.map((name, k) => ({ name, s: strategies[k] })).filter((_, k) => k !== i);
  if (spec.values.length === 2) {
    const last = spec.values.length - 1;
    const adopters = others.filter((o) => o.s === last).map((o) => o.name);
    return adopters.length === 0 ? `, no other firm playing "${spec.labels[last]}"` : `, with ${adopters.join(', ')} playing "${spec.labels[last]}"`;
  }
  return `, others: ${others.map((o) => `${o.name} "${spec.labels[o.s]}"`).join(', ')}`;
}

/** A unilateral deviation: player i plays value `to` rather than what it plays in `strategies`. */
export const deviationName = (spec: GameSpec, strategies: readonly number[], i: number, to: number): string =>
  `${spec.players[i]}: "${spec.labels[to]}" rather than "${spec.labels[strategies[i]]}"${othersText(spec, strategies, i)}`;

/** The symmetric game's step from k to k + 1 adopters. */
export const symmetricStepName = (others: number, adopters: number): string =>
  `adopting when ${plural(others, 'other firm')} adopt: an adopter among ${adopters} against a non-adopter among ${others}`;

/** A player's payoff in a profile against mutual restraint. */
export const againstRestraintName = (player: string, profile: string, restraint: string): string => `${player}: ${profile} against ${restraint}`;

const levelText = (level: number): string => `${Number((100 * level).toPrecision(4))}%`;

/** A tested difference, signed, with its simultaneous interval (the other way round when sign is −1). */
export const testedText = (t: TestedComparison, sign: 1 | -1 = 1): string =>
  sign === 1 ? differenceWithInterval(t.meanDiff, t.ciLow, t.ciHigh) : differenceWithInterval(-t.meanDiff, -t.ciHigh, -t.ciLow);

/** A deviation and what it does to the deviating player. */
export const deviationText = (t: TestedComparison, sign: 1 | -1): string =>
  (sign === 1 ? `${t.label}: ${testedText(t)}` : `the reverse of ${t.label}: ${testedText(t, -1)}`);

/** How the game's comparisons are resolved. */
export const familyNote = (comparisons: number, level: number): string =>
  `${comparisons} comparisons, each resolved when its ${levelText(level)} simultaneous interval (Bonferroni, 95% for the family) excludes zero`;

/** The evidence sentences, one per situation the verdict can be in. */
export const EVIDENCE = {
  undetermined: (profiles: readonly string[]) => `${plural(profiles.length, 'profile')} neither shown to be an equilibrium nor shown not to be: ${profiles.join('; ')}`,
  unresolvedDeviations: (count: number, seeds: number, note: string) => `${plural(count, 'deviation')} unresolved at ${seeds} seeds (${note})`,
  noPureEquilibrium: 'no pure equilibrium: every profile has a deviation that resolvedly pays',
  broken: (profile: string, deviation: string) => `${profile}: ${deviation}`,
  moreBroken: (count: number) => `… and ${count} more profiles, each broken the same way`,
  equilibrium: (profile: string, restraint: string, players: readonly string[], differences: readonly string[] | null) =>
    (differences ? `equilibrium ${profile} against ${restraint}: ${players.map((name, i) => `${name} ${differences[i]}`).join(', ')}` : `equilibrium ${profile}`),
  restraintBroken: (restraint: string, deviation: string) => `${restraint} is not an equilibrium: ${deviation}`,
  maybeDilemma: (spec: GameSpec) => `every equilibrium may be worse than restraint (a prisoner's dilemma) ${forPlayers(spec)}, but not every difference is resolved`,
  coordination: (profiles: readonly string[]) => `${profiles.length} pure equilibria: ${profiles.join('; ')}`,
  transfer: (profile: string, better: readonly string[], worse: readonly string[], restraint: string) =>
    `one equilibrium, ${profile}: it makes ${better.join(', ')} better off and ${worse.join(', ')} worse off than ${restraint}`,
  maybeDominant: (value: string, spec: GameSpec) => `"${value}" may be a best response to every profile ${forPlayers(spec)}, but not every comparison is resolved`,
  dominant: (value: string, spec: GameSpec) => `"${value}" is a resolved best response to every profile ${forPlayers(spec)}`,
  dominantUnresolvedTransfer: 'adoption is dominant, but whether it makes some firms worse off than restraint is not resolved',
  singleUnresolved: (profile: string) => `one equilibrium, ${profile}; who gains and who loses against restraint is not resolved`,
  single: (profile: string) => `one equilibrium, ${profile}, not dominant, no firm worse off than restraint`,
} as const;
