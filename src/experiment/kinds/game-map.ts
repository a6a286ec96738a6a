/**
 * The theatre map: `game <scenario> --vary path=values [--vary ...]` plays the game in
 * every cell of a grid over scenario fields and tabulates the verdict and each firm's
 * outcome against mutual restraint per cell. Each cell is an ordinary game plan with its
 * own directory (<out>/<scenario>/game-map/<cell>/game/: resume, --shard and merge as
 * for any game); the map's files are read from the cells' summaries.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { toCsv } from '../../io/csv.js';
import { stableJson } from '../../io/json.js';
import { lockResultDir } from '../../io/lock.js';
import { checkResultDir, experimentLayout } from '../../io/ownership.js';
import { InputError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { chartNumber } from '../../report/data.js';
import { differenceWithInterval, escapeHtml, num } from '../../report/format.js';
import { htmlTable } from '../../report/html.js';
import { outcomeChart, theatreCurvesChart, verdictMapChart } from '../../report/specs/game.js';
import type { NamedSpec } from '../../report/theme.js';
import type { ReportContent } from '../../report/write-report.js';
import type { GameSummary } from '../types.js';
import { checkExperimentSize } from '../engine/args.js';
import { executePlan } from '../engine/execute.js';
import { fullFactorial, paramValue, type ParamValue, type VaryAxis } from '../engine/grid-spec.js';
import { safeName, variantFolder, type Plan } from '../engine/plan.js';
import { checkPlanMemory } from '../engine/plan-run.js';
import { GAME_FILES, finishGame } from './game/finish.js';
import { gamePlan, gameSpecFor, gameVariant, nextGameReplicates, type GamePlanOptions } from './game/plan.js';
import type { ExperimentKind, KindContext, KindOutcome } from './kind.js';

export interface GameMapCell {
  /** the cell's directory name under game-map/ */
  cell: string;
  /** path → value */
  params: Record<string, ParamValue>;
  verdict: GameSummary['verdict'];
  seeds: number;
  equilibria: GameSummary['equilibria'];
  vsRestraint: GameSummary['vsRestraint'];
  unresolved: number;
  theatreCurve: GameSummary['theatreCurve'];
}

export interface GameMapSummary {
  scenario: string;
  parameters: string[];
  players: string[];
  cells: GameMapCell[];
}

export interface GameMapSetup {
  readonly dir: string;
  readonly scenario: string;
  readonly description: string;
  readonly paths: readonly string[];
  readonly options: GamePlanOptions;
  readonly cells: readonly MapCell[];
}

interface MapCell {
  readonly cell: string;
  readonly params: Record<string, ParamValue>;
  readonly plan: Plan;
  readonly note: string;
}

/** Every cell's plan first: a bad value in any cell is refused before anything runs. */
export function mapSetup(ref: string, axes: readonly VaryAxis[], options: GamePlanOptions, context: KindContext): GameMapSetup {
  const paths = axes.map((a) => a.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new InputError({ source: 'option --vary', path: dup, message: 'expected each field once' });
  const assignments = fullFactorial(axes);
  const { file, scenario: base } = loadScenario(ref, options.load);
  const scenarioDir = safeName(base.name);
  // a map of another game (a subset of players, another strategy) has its own folder
  const variant = gameVariant(gameSpecFor(options.choice, base, file), base, file, options.symmetric);
  const mapFolder = variant ? variantFolder('game-map', variant) : 'game-map';
  const width = String(assignments.length).length;
  const cells = assignments.map((assignment, i) => {
    const cell = `cell-${String(i + 1).padStart(width, '0')}`;
    const note = assignment.map(([p, v]) => `${p}=${v}`).join(', ');
    let plan: Plan;
    try {
      plan = gamePlan(ref, { ...options, load: { ...options.load, set: [...(options.load.set ?? []), ...assignment.map(([p, v]) => `${p}=${v}`)] }, name: `${scenarioDir}/${mapFolder}/${cell}`, note });
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.problems.map((p) => ({ ...p, source: `${p.source} (map cell ${note})` })));
      throw e;
    }
    checkExperimentSize(plan.points.length * assignments.length, options.sequential ? options.sequential.maxSeeds : options.replicates, 'profiles in all cells');
    const params: Record<string, ParamValue> = {};
    for (const [p, v] of assignment) params[p] = paramValue(v);
    return { cell, params, plan, note };
  });
  for (const c of cells) checkPlanMemory(c.plan, context.workers, context.memoryLimit);
  if (context.shard !== null && context.shard.count > 1 && options.sequential) {
    throw new InputError({ source: 'option --precision', path: '', message: 'cannot be combined with --shard (the number of seeds is decided as results come in)' });
  }
  return { dir: join(context.out, scenarioDir, mapFolder), scenario: base.name, description: base.description ?? '', paths, options, cells };
}

export async function runMap(setup: GameMapSetup, context: KindContext): Promise<KindOutcome> {
  const { cells, options } = setup;
  const { shard, workers } = context;
  const partial = shard !== null && shard.count > 1;
  context.say(`game-map ${setup.scenario}: ${cells.length} cells over ${setup.paths.join(', ')}, ${cells[0].plan.points.length} profiles × ${options.replicates}${options.sequential ? `–${options.sequential.maxSeeds}` : ''} seeds each, ${workers} worker${workers === 1 ? '' : 's'}`);
  const results: GameMapCell[] = [];
  const parts: KindOutcome[] = [];
  for (const [i, c] of cells.entries()) {
    const dir = join(context.out, c.plan.name, 'game');
    // each cell's folder as any experiment's: locked, holding only the tool's names
    const release = lockResultDir(dir, partial ? `shard-${shard!.index}-of-${shard!.count}` : '');
    try {
      checkResultDir(dir, experimentLayout(GAME_FILES));
      const done = await executePlan(dir, c.plan, {
        workers, shard, quiet: context.quiet, label: `cell ${i + 1}/${cells.length} (${c.note})`,
        maxReplicates: options.sequential?.maxSeeds ?? c.plan.replicates,
        ...(options.sequential ? { adapt: nextGameReplicates } : {}),
      });
      if (partial) continue;
      const { game: g, ...outcome } = await finishGame(dir, done.plan, { workers, computed: done.computed, reused: done.reused, cell: c.cell });
      parts.push(outcome);
      context.say(`  ${c.cell} ${c.note}: ${g.verdict} (${g.seeds.length} seeds)${g.vsRestraint.length ? `; against restraint: ${g.vsRestraint.map((v) => `${v.firm} ${v.outcome}`).join(', ')}` : ''}`);
      results.push({ cell: c.cell, params: c.params, verdict: g.verdict, seeds: g.seeds.length, equilibria: g.equilibria, vsRestraint: g.vsRestraint, unresolved: g.unresolved.length, theatreCurve: g.theatreCurve });
    } finally {
      release();
    }
  }
  if (partial) {
    return { dir: setup.dir, complete: false, parts, lines: [`wrote shard ${shard!.index}/${shard!.count} of every cell under ${setup.dir}; merge the shards, then run the same command without --shard to draw the map`], json: null, manifest: {} };
  }
  const summary: GameMapSummary = { scenario: setup.scenario, parameters: [...setup.paths], players: [...cells[0].plan.game!.players], cells: results };
  writeFileAtomic(join(setup.dir, 'map.csv'), mapCsv(summary));
  writeFileAtomic(join(setup.dir, 'summary.json'), stableJson(summary));
  return {
    dir: setup.dir,
    complete: true,
    report: gameMapReport(summary, setup.description),
    parts,
    lines: [`wrote ${setup.dir}`],
    json: summary,
    manifest: { experiment: 'game-map', cells: cells.length },
  };
}

/** What a map's folder holds: map.csv, and each cell's folder (a game's result folder of its own). */
export const MAP_FOLDER = { files: ['map.csv'], results: /^cell-\d+$/ } as const;

/** The theatre map: no command of its own (`game --vary` runs it), a folder and a front-page section of its own. */
export const kind: ExperimentKind<GameMapSetup> = {
  positionals: {},
  options: {},
  pool: true,
  shardable: true,
  ...MAP_FOLDER,
  setup: () => { throw new Error('the theatre map is run by game --vary'); },
  run: runMap,
};

/** map.csv: one row per cell and player (INTERFACE.md); a cell without an equilibrium other than restraint leaves the outcome empty. */
function mapCsv(summary: GameMapSummary): string {
  const rows: (string | number)[][] = [];
  for (const c of summary.cells) {
    const head = [c.cell, ...summary.parameters.map((p) => { const v = c.params[p]; return typeof v === 'boolean' ? String(v) : v; })];
    for (const firm of summary.players) {
      const v = c.vsRestraint.find((x) => x.firm === firm);
      rows.push([...head, c.verdict, firm, v?.outcome ?? '', v ? v.meanDiff : '', v ? v.ciLow : '', v ? v.ciHigh : '', c.seeds]);
    }
  }
  return toCsv(['cell', ...summary.parameters, 'verdict', 'firm', 'outcome', 'meanDiff', 'ciLow', 'ciHigh', 'seeds'], rows);
}

/** A field's last path segment when no other varied field ends the same way (facet headers stay short). */
const shortName = (path: string, all: readonly string[]): string => {
  const last = (p: string) => p.split('.').pop()!;
  return all.filter((p) => last(p) === last(path)).length === 1 ? last(path) : path;
};

const cellLabel = (summary: GameMapSummary, params: Record<string, unknown>) => summary.parameters.map((p) => `${shortName(p, summary.parameters)}=${String(params[p])}`).join(', ');

export function gameMapCharts(summary: GameMapSummary): NamedSpec[] {
  const [x, y] = summary.parameters;
  const rest = summary.parameters.slice(2);
  const xValues = [...new Set(summary.cells.map((c) => String(c.params[x])))];
  const yValues = y ? [...new Set(summary.cells.map((c) => String(c.params[y])))] : [];
  const labels = summary.cells.map((c) => cellLabel(summary, c.params));
  const verdictRows = summary.cells.map((c, i) => ({
    x: String(c.params[x]), y: y ? String(c.params[y]) : '', group: rest.map((p) => `${p}=${String(c.params[p])}`).join(', '), verdict: c.verdict, seeds: c.seeds, cell: labels[i],
  }));
  const outcomeRows = summary.cells.flatMap((c, i) => summary.players.map((firm) => {
    const v = c.vsRestraint.find((r) => r.firm === firm);
    return { cell: labels[i], firm, outcome: v?.outcome ?? 'no equilibrium but restraint', meanDiff: chartNumber(v?.meanDiff ?? NaN), ciLow: chartNumber(v?.ciLow ?? NaN), ciHigh: chartNumber(v?.ciHigh ?? NaN) };
  }));
  const curveRows = summary.cells.flatMap((c, i) => c.theatreCurve.filter((t) => t.metric === 'profit').map((t) => ({ cell: labels[i], adopters: t.adopters, group: t.group, mean: chartNumber(t.mean), ciLow: chartNumber(t.ciLow), ciHigh: chartNumber(t.ciHigh) })));
  return [
    { name: 'verdict-map', spec: verdictMapChart({ rows: verdictRows, x, y, xValues, yValues, grouped: rest.length > 0 }) },
    { name: 'winners-losers', spec: outcomeChart({ rows: outcomeRows, cells: labels, firms: summary.players }) },
    { name: 'theatre-curves', spec: theatreCurvesChart({ rows: curveRows, cells: labels, players: summary.players.length }) },
  ];
}

/** The map's report: where each verdict holds, who wins and who loses in each cell, the theatre curves. */
function gameMapReport(summary: GameMapSummary, description: string): ReportContent {
  const counts = new Map<string, number>();
  for (const c of summary.cells) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const findings = [
    `Verdicts over ${summary.cells.length} cells of ${summary.parameters.join(' × ')}: ${[...counts].map(([v, n]) => `${v} in ${n}`).join(', ')}.`,
    ...summary.cells.map((c) => {
      const better = c.vsRestraint.filter((v) => v.outcome === 'better').map((v) => v.firm);
      const worse = c.vsRestraint.filter((v) => v.outcome === 'worse').map((v) => v.firm);
      const who = better.length || worse.length ? `; against restraint ${better.length ? `better off: ${better.join(', ')}` : ''}${better.length && worse.length ? ', ' : ''}${worse.length ? `worse off: ${worse.join(', ')}` : ''}` : '';
      return `${cellLabel(summary, c.params)}: ${c.verdict} (${c.seeds} seeds${c.unresolved ? `, ${c.unresolved} comparisons unresolved` : ''})${who}.`;
    }),
  ];
  const rows = summary.cells.flatMap((c) => summary.players.map((firm) => {
    const v = c.vsRestraint.find((r) => r.firm === firm);
    return [c.cell, cellLabel(summary, c.params), c.verdict, firm, v?.outcome ?? '–', v ? differenceWithInterval(v.meanDiff, v.ciLow, v.ciHigh) : '–', String(c.seeds)];
  }));
  return {
    title: `${summary.scenario}: the theatre map`,
    question: description.trim() || 'Where is the game a prisoner\'s dilemma, and where a transfer between firms?',
    meta: `${summary.cells.length} cells over ${summary.parameters.map(escapeHtml).join(', ')}; each cell is a game on common seeds (its own directory). Differences against restraint are profit per period in the equilibrium minus under mutual restraint, with simultaneous intervals (Bonferroni over each game's comparisons).`,
    findings,
    charts: gameMapCharts(summary),
    sections: [{ title: 'Cells', html: htmlTable(['cell', 'coordinates', 'verdict', 'firm', 'against restraint', 'profit difference (interval)', 'seeds'], rows, [0, 1, 2, 3, 4]) }],
  };
}


