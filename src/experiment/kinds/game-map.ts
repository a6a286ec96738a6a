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
import { writeManifest } from '../../io/run-output.js';
import { InputError } from '../../scenario/errors.js';
import { loadScenario } from '../../scenario/load.js';
import { renderGameMapReport, writeOutputIndex } from '../../report/index.js';
import { memoryLimitFrom, parseShard, resolveWorkers, say, type CommonArgs } from '../../cli/common.js';
import { lockResultDir } from '../../io/lock.js';
import { EXPERIMENT_LAYOUT, checkResultDir } from '../../io/ownership.js';
import { checkExperimentSize, checkPlanMemory } from '../options.js';
import { fullFactorial, paramValue, type ParamValue, type VaryAxis } from '../engine/grid-spec.js';
import { gamePlan, nextGameReplicates, type GamePlanOptions } from './game/plan.js';
import { executePlan } from '../engine/execute.js';
import { finalizeExperiment } from '../outputs.js';
import { safeName } from '../engine/plan.js';
import type { GameSummary } from '../types.js';

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

export interface GameMapArgs extends CommonArgs {
  workers?: string;
  shard?: string;
}

export async function runGameMap(args: GameMapArgs, ref: string, axes: readonly VaryAxis[], options: GamePlanOptions): Promise<void> {
  const paths = axes.map((a) => a.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new InputError({ source: 'option --vary', path: dup, message: 'expected each field once' });
  const assignments = fullFactorial(axes);
  const base = loadScenario(ref, options.load).scenario;
  const scenarioDir = safeName(base.name);
  const mapDir = join(args.out, scenarioDir, 'game-map');
  const width = String(assignments.length).length;
  // Every cell's plan first: a bad value in any cell is refused before anything runs.
  const cells = assignments.map((assignment, i) => {
    const cell = `cell-${String(i + 1).padStart(width, '0')}`;
    const note = assignment.map(([p, v]) => `${p}=${v}`).join(', ');
    let plan;
    try {
      plan = gamePlan(ref, { ...options, load: { ...options.load, set: [...(options.load.set ?? []), ...assignment.map(([p, v]) => `${p}=${v}`)] }, name: `${scenarioDir}/game-map/${cell}`, note });
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.problems.map((p) => ({ ...p, source: `${p.source} (map cell ${note})` })));
      throw e;
    }
    checkExperimentSize(plan.points.length * assignments.length, options.sequential ? options.sequential.maxSeeds : options.replicates, 'profiles in all cells');
    const params: Record<string, ParamValue> = {};
    for (const [p, v] of assignment) params[p] = paramValue(v);
    return { cell, params, plan, note };
  });
  const workers = resolveWorkers(args.workers);
  for (const c of cells) checkPlanMemory(c.plan, workers, memoryLimitFrom(args));
  const shard = parseShard(args.shard) ?? null;
  const partial = shard !== null && shard.count > 1;
  if (partial && options.sequential) {
    throw new InputError({ source: 'option --precision', path: '', message: 'cannot be combined with --shard (the number of seeds is decided as results come in)' });
  }
  say(args, `game-map ${base.name}: ${cells.length} cells over ${paths.join(', ')}, ${cells[0].plan.points.length} profiles × ${options.replicates}${options.sequential ? `–${options.sequential.maxSeeds}` : ''} seeds each, ${workers} worker${workers === 1 ? '' : 's'}`);
  const results: GameMapCell[] = [];
  for (const [i, c] of cells.entries()) {
    const dir = join(args.out, c.plan.name, 'game');
    // each cell's folder as any experiment's: locked, holding only the tool's names
    const release = lockResultDir(dir, partial ? `shard-${shard!.index}-of-${shard!.count}` : '');
    try {
      checkResultDir(dir, EXPERIMENT_LAYOUT);
      const result = await playCell(dir, c, i);
      if (result) results.push(result);
    } finally {
      release();
    }
  }
  async function playCell(dir: string, c: (typeof cells)[number], i: number): Promise<GameMapCell | null> {
    const done = await executePlan(dir, c.plan, {
      workers, shard, quiet: args.quiet, label: `cell ${i + 1}/${cells.length} (${c.note})`,
      maxReplicates: options.sequential?.maxSeeds ?? c.plan.replicates,
      ...(options.sequential ? { adapt: nextGameReplicates } : {}),
    });
    if (partial) return null;
    const { game } = await finalizeExperiment(dir, { charts: args.charts, argv: process.argv.slice(2), manifest: { workers, computed: done.computed, reused: done.reused, cell: c.cell } });
    const g = game!;
    say(args, `  ${c.cell} ${c.note}: ${g.verdict} (${g.seeds.length} seeds)${g.vsRestraint.length ? `; against restraint: ${g.vsRestraint.map((v) => `${v.firm} ${v.outcome}`).join(', ')}` : ''}`);
    return { cell: c.cell, params: c.params, verdict: g.verdict, seeds: g.seeds.length, equilibria: g.equilibria, vsRestraint: g.vsRestraint, unresolved: g.unresolved.length, theatreCurve: g.theatreCurve };
  }
  if (partial) {
    say(args, `wrote shard ${shard!.index}/${shard!.count} of every cell under ${mapDir}; merge the shards, then run the same command without --shard to draw the map`);
    return;
  }
  const players = cells[0].plan.game!.players;
  const summary: GameMapSummary = { scenario: base.name, parameters: paths, players: [...players], cells: results };
  writeFileAtomic(join(mapDir, 'map.csv'), mapCsv(summary));
  writeFileAtomic(join(mapDir, 'summary.json'), stableJson(summary));
  if (args.charts) renderGameMapReport(mapDir, summary, base.description ?? '');
  writeManifest(mapDir, { argv: process.argv.slice(2), extra: { experiment: 'game-map', cells: cells.length } });
  if (args.charts) writeOutputIndex(args.out);
  say(args, `wrote ${mapDir}`);
  if (args.json) process.stdout.write(stableJson(summary));
}

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
