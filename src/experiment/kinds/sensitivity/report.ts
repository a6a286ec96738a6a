/**
 * The report of a sensitivity analysis: per explained metric, the parameters ranked by
 * importance (Morris: μ* as a bar, σ as a tick; one at a time: the swing and its 95%
 * interval), findings in words that say which way each parameter moves the metric (the
 * mean effect μ or the swing, with its 95% interval), and the effects table.
 */
import type { SensitivitySummary } from './outputs.js';
import type { MorrisEffect, OatEffect } from './design.js';
import type { Described } from '../../../stats/index.js';
import { withInterval } from '../../../report/experiment-findings.js';
import { capitalise, num, sig } from '../../../report/format.js';
import { htmlTable } from '../../../report/html.js';
import type { ReportContent } from '../../../report/write-report.js';
import { chart } from '../../../report/specs/common.js';
import { firmColour, humanize, type NamedSpec, type VlSpec } from '../../../report/theme.js';

const baseLabel = (firm: string, metric: string): string => `${firm} ${humanize(metric)}`;

/** Which way raising a parameter moves a metric, from the 95% interval of its mean effect. */
const DIRECTIONS = ['raises it', 'lowers it', 'no clear direction'] as const;
const directionOf = (low: number, high: number): (typeof DIRECTIONS)[number] => (low > 0 ? DIRECTIONS[0] : high < 0 ? DIRECTIONS[1] : DIRECTIONS[2]);

export function effectsChart(s: SensitivitySummary): VlSpec {
  const outputLabel = labeller(s);
  const parameters = s.parameters.map((p) => p.path);
  const y = { field: 'parameter', type: 'nominal', sort: parameters, title: null, axis: { labelLimit: 360 } };
  const row = { field: 'output', type: 'nominal', title: null, sort: [...new Set(s.outputs.map((o) => outputLabel(o.firm, o.metric)))], header: { labelAngle: 0, labelAlign: 'left' } };
  if (s.method === 'morris') {
    const rows = s.morris!.map((e) => ({ parameter: e.parameter, output: outputLabel(e.firm, e.metric), muStar: e.muStar, sigma: e.sigma, mu: e.mu, direction: directionOf(e.muLow, e.muHigh) }));
    return chart('Elementary effects (Morris)', `μ* (bar, coloured by the direction of the mean effect μ where its 95% interval excludes 0): mean absolute change of the metric when a parameter moves across its whole range; σ (tick): how much that change varies (non-linearity, interactions). ${s.trajectories} trajectories, ${s.levels} levels, ${s.seeds.length} common seeds.`, byOutput(rows, row, [
    { mark: { type: 'bar', height: 14 }, encoding: { y, x: { field: 'muStar', type: 'quantitative', title: 'μ* (per full range)' }, color: { field: 'direction', type: 'nominal', title: 'raising the parameter', scale: { domain: [...DIRECTIONS], range: ['#54a24b', '#e45756', '#bab0ac'] } }, tooltip: [{ field: 'parameter' }, { field: 'direction' }, { field: 'muStar', type: 'quantitative', format: '.4~g' }, { field: 'mu', type: 'quantitative', format: '.4~g' }, { field: 'sigma', type: 'quantitative', format: '.4~g' }] } },
    { mark: { type: 'tick', color: '#333', thickness: 2 }, encoding: { y, x: { field: 'sigma', type: 'quantitative' } } },
    ]));
  }
  const rows = s.oat!.map((e) => ({ parameter: e.parameter, output: outputLabel(e.firm, e.metric), swing: e.swing, ciLow: e.ciLow, ciHigh: e.ciHigh }));
  return chart('One at a time: swing over each range', `Change of the metric from the lowest to the highest value of each parameter (the others as the scenario has them), paired over ${s.seeds.length} common seeds, with 95% intervals.`, byOutput(rows, row, [
    { mark: { type: 'rule', color: '#999', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
    { mark: { type: 'rule', strokeWidth: 2, color: firmColour(0) }, encoding: { y, x: { field: 'ciLow', type: 'quantitative', title: 'swing (highest − lowest value)' }, x2: { field: 'ciHigh' } } },
    { mark: { type: 'point', filled: true, size: 50, color: firmColour(0) }, encoding: { y, x: { field: 'swing', type: 'quantitative' }, tooltip: [{ field: 'parameter' }, { field: 'swing', type: 'quantitative', format: '.4~g' }, { field: 'ciLow', type: 'quantitative', format: '.4~g' }, { field: 'ciHigh', type: 'quantitative', format: '.4~g' }] } },
  ]));
}

/** One panel per output (row facet), parameters down the side, each panel its own x scale. */
function byOutput(rows: readonly object[], row: object, layer: readonly object[]): VlSpec {
  return {
    data: { values: rows },
    facet: { row },
    resolve: { scale: { x: 'independent' } },
    spec: { width: 520, height: { step: 22 }, layer },
  } as VlSpec;
}

/** "Boreal profit", or with a reference "Boreal profit (theatre − baseline)". */
const labeller = (s: SensitivitySummary) => (firm: string, metric: string): string =>
  s.reference ? `${baseLabel(firm, metric)} (${s.scenario} − ${s.reference})` : baseLabel(firm, metric);

/** A parameter in words: "price sensitivity (segments.0.priceSensitivity)". */
/** A distribution's own fields say little alone: "price sensitivity mean", not "mean". */
const DISTRIBUTION_FIELDS = new Set(['mean', 'sd', 'min', 'max']);
function parameterWords(path: string): string {
  const parts = path.split('.');
  const last = parts[parts.length - 1];
  const name = DISTRIBUTION_FIELDS.has(last) && parts.length > 1 ? `${humanize(parts[parts.length - 2])} ${last}` : humanize(last);
  return `${name} (${path})`;
}

/**
 * What raising a parameter does to a metric, from its mean effect and that effect's 95%
 * interval: "raises" or "lowers" when the interval excludes 0, else no direction.
 */
function direction(parameter: string, label: string, metric: string, effect: Pick<Described, 'mean' | 'ciLow' | 'ciHigh'>, per: string): string {
  const figure = `${withInterval(metric, effect, true)} ${per}`;
  const way = directionOf(effect.ciLow, effect.ciHigh);
  if (way === 'no clear direction') return `${parameterWords(parameter)} moves ${label} in no clear direction: ${figure}, the interval includes 0`;
  return `raising ${parameterWords(parameter)} ${way === 'raises it' ? 'raises' : 'lowers'} ${label}: ${figure}`;
}

/**
 * Per explained metric, the parameter it is most sensitive to and which way it moves the
 * metric (the mean effect and its 95% interval), then the others by importance.
 */
export function sensitivityFindings(s: SensitivitySummary): string[] {
  const outputLabel = labeller(s);
  const lines: string[] = [];
  for (const o of s.outputs) {
    const label = outputLabel(o.firm, o.metric);
    if (s.method === 'morris') {
      const rows = s.morris!.filter((e) => e.firm === o.firm && e.metric === o.metric).sort((a, b) => b.muStar - a.muStar);
      if (rows.length === 0) continue;
      const effect = (r: MorrisEffect) => ({ mean: r.mu, ciLow: r.muLow, ciHigh: r.muHigh });
      const words = (r: MorrisEffect) => `${direction(r.parameter, label, o.metric, effect(r), `per full range over ${r.r} trajectories`)} (μ* ${sig(r.muStar)}, σ ${sig(r.sigma)})`;
      lines.push(`${capitalise(words(rows[0]))}${rows.length > 1 ? `; then, by importance: ${rows.slice(1).map(words).join('; ')}` : ''}.`);
    } else {
      const rows = s.oat!.filter((e) => e.firm === o.firm && e.metric === o.metric).sort((a, b) => Math.abs(b.swing) - Math.abs(a.swing));
      if (rows.length === 0) continue;
      const words = (r: OatEffect) => direction(r.parameter, label, o.metric, { mean: r.swing, ciLow: r.ciLow, ciHigh: r.ciHigh }, `from ${r.lo} to ${r.hi}`);
      lines.push(`${capitalise(words(rows[0]))}${rows.length > 1 ? `; then, by swing: ${rows.slice(1).map(words).join('; ')}` : ''}.`);
    }
  }
  return lines;
}

export function sensitivityCharts(s: SensitivitySummary): NamedSpec[] {
  return [{ name: 'effects', spec: effectsChart(s) }];
}

export function sensitivityReport(s: SensitivitySummary): ReportContent {
  const table = s.method === 'morris'
    ? htmlTable(['parameter', 'firm', 'metric', 'μ*', 'μ (direction, 95% CI)', 'σ', 'r'], s.morris!.map((e) => [e.parameter, e.firm, e.metric, sig(e.muStar), withInterval(e.metric, { mean: e.mu, ciLow: e.muLow, ciHigh: e.muHigh }, true), sig(e.sigma), String(e.r)]), [0, 1, 2])
    : htmlTable(['parameter', 'firm', 'metric', 'range', 'at lowest', 'at highest', 'swing (95% CI)', 'seeds'], s.oat!.map((e) => [e.parameter, e.firm, e.metric, `${e.lo}–${e.hi}`, sig(e.atLow), sig(e.atHigh), withInterval(e.metric, { mean: e.swing, ciLow: e.ciLow, ciHigh: e.ciHigh }, true), String(e.n)]), [0, 1, 2]);
  return {
    title: `${s.scenario}: sensitivity (${s.method === 'morris' ? 'Morris elementary effects' : 'one at a time'})`,
    question: `How much do ${[...new Set(s.outputs.map((o) => humanize(o.metric)))].join(', ')}${s.reference ? ` (${s.scenario} minus ${s.reference}, seed by seed)` : ''} move with ${s.parameters.map((p) => p.path).join(', ')}?`,
    meta: `${s.points} design points × ${s.seeds.length} common seeds, ${num(s.customers)} customers × ${num(s.periods)} periods. Metrics are last-quarter means of each run. Command: ${s.command}`,
    findings: sensitivityFindings(s),
    charts: sensitivityCharts(s),
    sections: [{ title: 'Effects', html: table }],
  };
}
