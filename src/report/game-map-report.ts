/**
 * The theatre map's report: where each verdict holds over the varied fields, which firms
 * the equilibrium makes better or worse off than mutual restraint in each cell, and the
 * theatre curve per cell. Formats what the cells' games computed; computes nothing.
 */
import { join } from 'node:path';
import type { GameMapSummary } from '../experiment/kinds/game-map.js';
import { writeFileAtomic } from '../io/atomic.js';
import { chartNumber } from './data.js';
import { escapeHtml, num } from './format.js';
import { htmlTable, reportHtml } from './html.js';
import { renderSvgs, writeCharts } from './render.js';
import { outcomeChart, theatreCurvesChart, verdictMapChart } from './specs/game.js';
import type { NamedSpec } from './theme.js';

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

export function renderGameMapReport(dir: string, summary: GameMapSummary, description: string): void {
  const charts = renderSvgs(gameMapCharts(summary));
  writeCharts(dir, charts);
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
    return [c.cell, cellLabel(summary, c.params), c.verdict, firm, v?.outcome ?? '–', v ? `${num(v.meanDiff, 0)} (${num(v.ciLow, 0)} to ${num(v.ciHigh, 0)})` : '–', String(c.seeds)];
  }));
  writeFileAtomic(join(dir, 'report.html'), reportHtml({
    title: `${summary.scenario}: the theatre map`,
    question: description.trim() || 'Where is the game a prisoner\'s dilemma, and where a transfer between firms?',
    meta: `${summary.cells.length} cells over ${summary.parameters.map(escapeHtml).join(', ')}; each cell is a game on common seeds (its own directory). Differences against restraint are profit per period in the equilibrium minus under mutual restraint, with simultaneous intervals (Bonferroni over each game's comparisons).`,
    findings,
    charts,
    sections: [{ title: 'Cells', html: htmlTable(['cell', 'coordinates', 'verdict', 'firm', 'against restraint', 'profit difference (interval)', 'seeds'], rows, [0, 1, 2, 3, 4]) }],
  }));
}


