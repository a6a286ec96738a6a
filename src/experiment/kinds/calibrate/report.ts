/**
 * The report of a calibration: findings in words, a convergence chart (the objective at
 * each evaluation and the best so far), a fit chart (each target's achieved interval
 * against its band, in band units), and the fit and parameter tables. Only formats what
 * the calibration computed (outputs.ts summary).
 */
import type { CalibrationSummary } from './outputs.js';
import { num } from '../../../report/format.js';
import { htmlTable } from '../../../report/html.js';
import type { ReportContent } from '../../../report/write-report.js';
import { chart } from '../../../report/specs/common.js';
import { CHART_HEIGHT, CHART_WIDTH, MARKET_COLOUR, firmColour, type NamedSpec, type VlSpec } from '../../../report/theme.js';

/** Decimals that show a target's band and achieved value at the band's resolution. */
export function targetFormatter(t: { readonly low: number; readonly high: number }): (x: number) => string {
  const digits = Math.min(8, Math.max(0, 2 - Math.floor(Math.log10(t.high - t.low))));
  return (x) => num(x, digits);
}

/** Objective per evaluation (points) and the best so far (line); symlog so that zero and large starts both show. */
export function convergenceChart(s: CalibrationSummary): VlSpec {
  const rows = s.history.flatMap((h) => [
    { evaluation: h.evaluation, series: 'this evaluation', objective: Number.isFinite(h.objective) ? h.objective : null },
    { evaluation: h.evaluation, series: 'best so far', objective: Number.isFinite(h.best) ? h.best : null },
  ]).filter((r) => r.objective !== null);
  const colour = { field: 'series', type: 'nominal', title: null, scale: { domain: ['this evaluation', 'best so far'], range: [MARKET_COLOUR, firmColour(0)] } };
  const x = { field: 'evaluation', type: 'quantitative', title: 'evaluation', axis: { tickMinStep: 1 } };
  const y = { field: 'objective', type: 'quantitative', title: 'objective Σ weight · z²', scale: { type: 'symlog' } };
  return chart('Convergence', `The objective at each of ${s.history.length} evaluations (${s.seeds.length} common seeds each) and the best so far; ${s.stop === 'converged' ? 'the search converged' : 'the search stopped at --max-evals'}.`, {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: rows },
    layer: [
      { transform: [{ filter: "datum.series === 'best so far'" }], mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y, color: colour } },
      {
        transform: [{ filter: "datum.series === 'this evaluation'" }],
        mark: { type: 'point', filled: true, size: 28, opacity: 0.7 },
        encoding: { x, y, color: colour, tooltip: [{ field: 'evaluation', type: 'quantitative' }, { field: 'objective', type: 'quantitative', format: '.4~g' }] },
      },
    ],
  });
}

/** Each target's achieved mean and 95% interval in band units: z = (x − value) / half-band; the band is −1 to 1. */
export function fitChart(s: CalibrationSummary): VlSpec {
  const half = (t: CalibrationSummary['targets'][number]) => (t.high - t.low) / 2;
  const rows = s.targets.map((t) => ({
    target: t.name,
    kind: t.kind,
    z: t.z,
    zLow: (t.ciLow - t.value) / half(t),
    zHigh: (t.ciHigh - t.value) / half(t),
    zStart: (t.start - t.value) / half(t),
    within: t.within ? 'within' : 'not within',
  })).filter((r) => Number.isFinite(r.z));
  const y = { field: 'target', type: 'nominal', sort: s.targets.map((t) => t.name), title: null };
  const x = (f: string) => ({ field: f, type: 'quantitative', title: 'distance from the target value, in half-bands (band = −1 to 1)' });
  return chart('Targets: achieved against the band', 'Filled dot and bar: the fitted mean and its 95% interval; open circle: the start; the grey area is the band.', {
    width: CHART_WIDTH,
    height: { step: 26 },
    data: { values: rows },
    layer: [
      { mark: { type: 'rect', color: '#e8e8e8' }, encoding: { y, x: { datum: -1, type: 'quantitative' }, x2: { datum: 1 } } },
      { mark: { type: 'rule', color: '#999', strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'point', shape: 'circle', size: 50, color: '#888' }, encoding: { y, x: x('zStart') } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: x('zLow'), x2: { field: 'zHigh' }, color: { field: 'within', type: 'nominal', title: null, scale: { domain: ['within', 'not within'], range: [firmColour(2), firmColour(3)] } } } },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          y,
          x: x('z'),
          color: { field: 'within', type: 'nominal', title: null },
          tooltip: [{ field: 'target' }, { field: 'kind' }, { field: 'z', type: 'quantitative', format: '.3~f' }, { field: 'zLow', type: 'quantitative', format: '.3~f' }, { field: 'zHigh', type: 'quantitative', format: '.3~f' }],
        },
      },
    ],
  });
}

export function calibrationCharts(s: CalibrationSummary): NamedSpec[] {
  return [
    { name: 'convergence', spec: convergenceChart(s) },
    { name: 'fit', spec: fitChart(s) },
  ];
}

export function calibrationFindings(s: CalibrationSummary): string[] {
  const hard = s.targets.filter((t) => t.kind === 'hard');
  const soft = s.targets.filter((t) => t.kind === 'soft');
  const findings = [
    `${hard.filter((t) => t.within).length} of ${hard.length} hard targets have their 95% interval inside the band${soft.length ? `; ${soft.filter((t) => t.within).length} of ${soft.length} soft targets (reported, weighted low)` : ''}.`,
    `The objective fell from ${num(s.objective.start, 4)} at the start to ${num(s.objective.fitted, 4)} in ${s.evaluations} evaluations (${s.stop === 'converged' ? 'converged' : 'stopped at --max-evals: the fit may improve with more'}).`,
  ];
  for (const t of s.targets.filter((x) => !x.within)) {
    const f = targetFormatter(t);
    findings.push(Math.abs(t.z) <= 1
      ? `${t.name}: the mean (${f(t.achieved)}) is inside the band ${f(t.low)}–${f(t.high)}, but its interval [${f(t.ciLow)}, ${f(t.ciHigh)}] is not: more seeds would tell.`
      : `${t.name}: the mean (${f(t.achieved)}) misses the band ${f(t.low)}–${f(t.high)}${t.kind === 'soft' ? ' (a soft target: reported, not forced)' : ''}.`);
  }
  for (const p of s.parameters) findings.push(`${p.path}: ${p.start} → ${p.fitted} (bounds ${p.min}–${p.max}${p.fitted === p.min || p.fitted === p.max ? '; at a bound: widen it or question the target' : ''}).`);
  return findings;
}

export function calibrationReport(s: CalibrationSummary): ReportContent {
  const fitRows = s.targets.map((t) => {
    const f = targetFormatter(t);
    return [t.name, t.firm, t.metric, t.kind, `${f(t.low)}–${f(t.high)}`, f(t.value), f(t.start), `${f(t.achieved)} [${f(t.ciLow)}, ${f(t.ciHigh)}]`, t.within ? 'yes' : 'no', t.source];
  });
  return {
    title: `${s.scenario}: calibration`,
    question: `Which values of ${s.parameters.map((p) => p.path).join(', ')} bring ${s.scenario} to the target moments of ${s.targetsFile}?`,
    meta: `${s.seeds.length} common seeds (${s.seeds.join(', ')}), ${num(s.customers)} customers × ${num(s.periods)} periods. Targets are last-quarter means of each run; intervals are 95% t-intervals of the mean over seeds. Command: ${s.command}`,
    findings: calibrationFindings(s),
    charts: calibrationCharts(s),
    sections: [
      { title: 'Fit', html: htmlTable(['target', 'firm', 'metric', 'kind', 'band', 'value', 'start', 'achieved [95% CI]', 'within', 'source'], fitRows, [0, 1, 2, 3, 9]) },
      { title: 'Parameters', html: htmlTable(['path', 'start', 'fitted', 'min', 'max'], s.parameters.map((p) => [p.path, String(p.start), String(p.fitted), String(p.min), String(p.max)])) },
    ],
  };
}
