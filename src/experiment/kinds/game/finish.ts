/**
 * What a game writes once its runs are all cached: summary.json (the payoff table, the
 * equilibria and the verdict of INTERFACE.md), payoffs.csv, the shared tables, and its
 * report (payoffs, who gains and who loses against restraint, the theatre curve).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic.js';
import { toCsv } from '../../../io/csv.js';
import { stableJson } from '../../../io/json.js';
import { chartNumber, type Row } from '../../../report/data.js';
import { MARKET, profileLabel, sameStrategies } from '../../../report/experiment-data.js';
import { meanFindings, seedCount, withInterval } from '../../../report/experiment-findings.js';
import { bandCharts, experimentContent } from '../../../report/experiment-report.js';
import type { Findings } from '../../../report/findings.js';
import { byUnit, escapeHtml, num } from '../../../report/format.js';
import { gameAnswer, gameResultLines, gameSentences } from '../../../report/game-words.js';
import { htmlTable, type ReportSection } from '../../../report/html.js';
import { payoffChart, theatreChart } from '../../../report/specs/experiment.js';
import { vsRestraintChart } from '../../../report/specs/game.js';
import type { NamedSpec } from '../../../report/theme.js';
import type { ReportContent } from '../../../report/write-report.js';
import type { ExperimentReportInput, GameSummary } from '../../types.js';
import type { Plan } from '../../engine/plan.js';
import { reportInputOf } from '../../engine/summary.js';
import { prepareToFinish, writeTables } from '../../engine/tables.js';
import type { KindOutcome } from '../kind.js';
import { gameSummaryOf } from './plan.js';

/** What a game writes beside the tables every plan writes. */
export const GAME_FILES = ['payoffs.csv'];

/** Band charts of a game are drawn for at most this many profiles (one line each per panel). */
const MAX_GAME_BAND_PROFILES = 8;

function gameCharts(input: ExperimentReportInput, game: GameSummary): NamedSpec[] {
  const specs: NamedSpec[] = [];
  const labels = game.profiles.map((p) => {
    const equilibrium = game.equilibria.some((e) => sameStrategies(e.strategies, p.strategies));
    return `${equilibrium ? '★ ' : ''}${profileLabel(p, game.players, game.values)}`;
  });
  const charts = [
    { metric: 'profit', name: 'payoffs', title: 'Payoffs of every strategy profile', changeTitle: 'profit change', changeFormat: '+.0%', change: (v: number, base: number) => v / base - 1 },
    { metric: 'share', name: 'payoff-shares', title: 'Shares in every strategy profile', changeTitle: 'share change (points)', changeFormat: '+.1f', change: (v: number, base: number) => 100 * (v - base) },
  ] as const;
  for (const c of charts) {
    const base = new Map(game.profiles[0].firms.map((f) => [f.name, f[c.metric].mean]));
    const rows: Row[] = game.profiles.flatMap((p, i) =>
      p.firms.map((f) => ({
        profile: labels[i],
        firm: f.name,
        mean: chartNumber(f[c.metric].mean),
        low: chartNumber(f[c.metric].ci95[0]),
        high: chartNumber(f[c.metric].ci95[1]),
        change: chartNumber(c.change(f[c.metric].mean, base.get(f.name) ?? NaN)),
      })),
    );
    const largest = Math.max(0, ...rows.map((r) => Math.abs(Number(r.change))).filter(Number.isFinite));
    specs.push({ name: c.name, spec: payoffChart({ title: c.title, rows, profiles: labels, firmNames: input.firmNames, metric: c.metric, changeTitle: c.changeTitle, changeFormat: c.changeFormat, strong: chartNumber(0.6 * largest) ?? 0 }) });
  }
  if (game.vsRestraint.length) {
    const first = game.profiles.find((p) => sameStrategies(p.strategies, game.equilibria[0].strategies));
    const restraint = game.profiles.find((p) => p.adopters.length === 0 && p.strategies.every((s) => s === game.values[0]));
    specs.push({
      name: 'vs-restraint',
      spec: vsRestraintChart({
        rows: game.vsRestraint.map((v) => ({ firm: v.firm, outcome: v.outcome, meanDiff: chartNumber(v.meanDiff), ciLow: chartNumber(v.ciLow), ciHigh: chartNumber(v.ciHigh) })),
        firms: game.players,
        equilibrium: first ? profileLabel(first, game.players, game.values) : 'the equilibrium',
        restraint: restraint ? profileLabel(restraint, game.players, game.values) : 'restraint',
        level: `${Number((100 * game.intervalLevel).toPrecision(4))}%`,
      }),
    });
  }
  if (game.theatreCurve.length) {
    const metrics = [...new Set(game.theatreCurve.map((t) => t.metric))];
    const curve = game.theatreCurve.map((t) => ({ adopters: t.adopters, group: t.group, metric: t.metric, mean: chartNumber(t.mean), ciLow: chartNumber(t.ciLow), ciHigh: chartNumber(t.ciHigh) }));
    specs.push({ name: 'theatre', spec: theatreChart({ rows: curve, metrics, adopters: game.players.length }) });
  }
  return specs;
}


function gameSection(game: GameSummary): ReportSection {
  const rows = game.profiles.flatMap((p) => {
    const equilibrium = game.equilibria.some((e) => sameStrategies(e.strategies, p.strategies));
    return p.firms.map((f) => [
      profileLabel(p, game.players, game.values),
      f.name,
      withInterval('profit', { mean: f.profit.mean, ciLow: f.profit.ci95[0], ciHigh: f.profit.ci95[1] }),
      withInterval('share', { mean: f.share.mean, ciLow: f.share.ci95[0], ciHigh: f.share.ci95[1] }),
      num(f.price.mean, 2),
      byUnit('currency', f.programCost.mean),
      equilibrium ? '★' : '',
    ]);
  });
  const evidence = game.evidence.length ? `<ul>${game.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : '';
  return {
    title: `Payoffs (verdict: ${game.verdict})`,
    html: htmlTable(['profile', 'firm', 'profit', 'share', 'price', 'program cost', 'equilibrium'], rows, [1]) + evidence,
  };
}

/** summary.json of a game: the GameSummary of INTERFACE.md, and how the experiment ran. */
function gameSummaryFile(plan: Plan, game: GameSummary, findings: Findings, window: { from: number; to: number } | null) {
  const sequential = plan.game?.sequential ?? null;
  return {
    kind: 'game' as const,
    name: plan.name,
    title: plan.title,
    ...game,
    findings,
    seedBase: plan.seedBase,
    replicates: plan.replicates,
    periods: plan.points[0].periods,
    customers: plan.points[0].customers,
    window,
    // sequential seeds: how many seeds the verdict took, and whether it was resolved within the budget
    sequential: sequential ? { maxSeeds: sequential.maxSeeds, seeds: plan.replicates, resolved: game.verdict !== 'inconclusive' } : null,
  };
}

function payoffsCsv(game: GameSummary): string {
  const rows: (string | number)[][] = [];
  game.profiles.forEach((profile, p) => {
    for (const firm of profile.firms) {
      for (const metric of ['profit', 'share', 'price', 'programCost'] as const) {
        const x = firm[metric];
        rows.push([p, profile.adopters.join(' '), firm.name, metric, x.mean, x.ci95[0], x.ci95[1], game.seeds.length]);
      }
    }
  });
  return toCsv(['profile', 'adopters', 'firm', 'metric', 'mean', 'ciLow', 'ciHigh', 'n'], rows);
}

/** The verdict and who gains and who loses, in words (input.game: the game's summary). */
export function findingsOf(input: ExperimentReportInput): Findings {
  const game = input.game!;
  const out = gameSentences(game);
  if (!out.length) out.push(...meanFindings(input));
  if (!out.length) out.push('No run summaries to report.');
  return {
    basis: `every strategy profile on the same ${seedCount(input)}: last-quarter means, 95% intervals; the verdict on simultaneous intervals over the game's comparisons`,
    sentences: out,
    highlights: out.slice(0, 3),
  };
}

/** The payoffs of every profile, who gains against restraint, the theatre curve; bands while they stay readable. `per`: what a period is. */
export function reportOf(input: ExperimentReportInput, findings = findingsOf(input), per = 'period'): ReportContent {
  const game = input.game!;
  return { ...experimentContent(input, findings, [...bandCharts(input), ...gameCharts(input, game)], [gameSection(game)], game.verdict), answer: gameAnswer(game, per) };
}

/** The game of a plan whose runs are all cached: its summary, payoffs.csv, the shared tables, the report. */
export async function finishGame(dir: string, plan: Plan, manifest: Record<string, unknown>): Promise<KindOutcome & { game: GameSummary }> {
  prepareToFinish(dir, plan);
  const tables = writeTables(dir, plan, { runRows: false });
  const game = gameSummaryOf(plan, tables.agg.summaries, plan.points[0].scenarioName);
  // per-period bands only while they stay readable
  const bands = plan.points.length <= MAX_GAME_BAND_PROFILES;
  const input = reportInputOf(plan, tables, {
    aggregate: bands ? tables.aggregate.filter((r) => r.firm !== MARKET || r.metric === 'priceSalience') : [],
    perSeed: bands ? tables.agg.perSeed : [],
    game,
  });
  const findings = findingsOf(input);
  const first = tables.agg.summaries[0]?.[0];
  const summary = gameSummaryFile(plan, game, findings, first ? first.window : null);
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));
  writeFileAtomic(join(dir, 'payoffs.csv'), payoffsCsv(game));
  return {
    dir,
    complete: true,
    report: reportOf(input, findings, plan.points[0].scenario.periodsPerYear === 52 ? 'week' : 'period'),
    lines: [`wrote ${dir}`, ...gameResultLines(game, plan.game?.sequential ?? null)],
    json: game,
    manifest: { experiment: plan.kind, runs: plan.jobs.length, ...manifest },
    game,
  };
}

