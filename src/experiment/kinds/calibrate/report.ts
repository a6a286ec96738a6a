/**
 * The report of a calibration: findings in words (one per parameter: its interval and
 * whether the targets identify it), a convergence chart (the objective at each evaluation
 * and the best so far), a fit chart (each target's achieved interval against its band, in
 * band units), the Jacobian as a heatmap (which target moves which parameter), and the
 * fit, parameter and Jacobian tables. Only formats what the calibration computed
 * (outputs.ts summary).
 */
import type { CalibrationSummary } from './outputs.js';
import { ciBounds, num, pct, sig, signed, withCi } from '../../../report/format.js';
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

/**
 * Which target moves which parameter: one cell per target and parameter, labelled with the
 * target's change across the parameter's whole range (its own units), coloured by the same
 * change in the target's half-bands, so that targets of different units compare (symlog:
 * a change of a few half-bands still shows beside one of a hundred).
 */
export function jacobianChart(s: CalibrationSummary): VlSpec {
  const rows = s.identification.jacobian.map((j) => ({ ...j, label: sig(j.acrossRange) })).filter((r) => Number.isFinite(r.halfBands));
  const parameters = s.parameters.map((p) => p.path);
  const targets = s.targets.map((t) => t.name);
  const limit = Math.max(1, ...rows.map((r) => Math.abs(r.halfBands)));
  return chart('Which target moves which parameter', 'Each cell: how much the target moves when the parameter crosses its whole range (first order, at the fit), in the target\'s units; colour: the same in half-bands of the target\'s band (red down, blue up).', {
    data: { values: rows },
    width: Math.min(CHART_WIDTH - 200, 150 * parameters.length),
    height: { step: 34 },
    encoding: {
      // a field path on one line per segment: long paths stay readable in a narrow column
      x: { field: 'parameter', type: 'nominal', sort: parameters, title: null, axis: { labelAngle: 0, labelLimit: 150, labelExpr: "split(datum.label, '.')" } },
      y: { field: 'target', type: 'nominal', sort: targets, title: null, axis: { labelLimit: 200 } },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: { field: 'halfBands', type: 'quantitative', title: 'half-bands', scale: { type: 'symlog', scheme: 'redblue', domain: [-limit, limit], domainMid: 0 } },
          tooltip: [
            { field: 'target' }, { field: 'parameter' },
            { field: 'acrossRange', type: 'quantitative', title: 'across the range', format: '.4~g' },
            { field: 'halfBands', type: 'quantitative', title: 'in half-bands', format: '.3~g' },
            { field: 'derivative', type: 'quantitative', title: 'per unit', format: '.4~g' },
          ],
        },
      },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'label' }, color: { condition: { test: `abs(datum.halfBands) > ${limit / 4}`, value: 'white' }, value: '#222' } } },
    ],
  });
}

export function calibrationCharts(s: CalibrationSummary): NamedSpec[] {
  return [
    { name: 'convergence', spec: convergenceChart(s) },
    { name: 'fit', spec: fitChart(s) },
    { name: 'jacobian', spec: jacobianChart(s) },
  ];
}

type SummaryParameter = CalibrationSummary['parameters'][number];

/** A parameter's value or bound as the targets file and parameters.csv write it. */
const value = (x: number): string => String(x);
const range = (p: SummaryParameter): string => `${value(p.min)}–${value(p.max)}`;

/** The targets that move a parameter most (in half-bands across its range), strongest first. */
function movers(s: CalibrationSummary, p: SummaryParameter): string {
  const cells = s.identification.jacobian.filter((j) => j.parameter === p.path && Number.isFinite(j.halfBands) && Math.abs(j.halfBands) >= 0.5);
  const top = [...cells].sort((a, b) => Math.abs(b.halfBands) - Math.abs(a.halfBands)).slice(0, 2);
  return top.map((j) => `${j.target} (${j.halfBands > 0 ? '+' : '−'}${sig(Math.abs(j.halfBands))} half-bands across the range)`).join(' and ');
}

/** Estimates correlated at least this strongly lie on a ridge of the objective. */
const RIDGE_CORRELATION = 0.9;

/** The other parameter it trades off against, when their estimates are strongly correlated. */
function tradeOff(s: CalibrationSummary, p: SummaryParameter): string {
  const partners = Object.entries(s.identification.correlation[p.path] ?? {})
    .filter(([q, c]) => q !== p.path && c !== null && Math.abs(c) >= RIDGE_CORRELATION) as [string, number][];
  if (partners.length === 0) return '';
  const [q, c] = partners.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0];
  return ` It trades off against ${q} (correlation ${c > 0 ? '+' : '−'}${num(Math.abs(c), 3)}): a ridge along which the targets barely change.`;
}

/** One sentence (or two) per parameter: the fitted value, how sure, and what pins it down or fails to. */
export function parameterFinding(s: CalibrationSummary, p: SummaryParameter): string {
  const atBound = p.fitted === p.min || p.fitted === p.max ? ' It is at a bound: widen it or question the targets.' : '';
  const interval = `95% CI ${ciBounds(p.low, p.high, value)}`;
  const span = (low: number, high: number) => (high - low) / (p.max - p.min);
  if (p.verdict === 'flat' && p.reach === 0) {
    return `${p.path}: not identified by these targets: none of them responds to it, so its interval ${range(p)} covers the whole range (fitted ${value(p.fitted)} means nothing).${tradeOff(s, p)}`;
  }
  if (p.verdict === 'flat') {
    const whole = p.bandLow === p.min && p.bandHigh === p.max;
    return `${p.path}: not identified by these targets: with the other parameters re-fitted, the bands cannot tell ${whole ? `its whole range ${range(p)}` : `${value(p.bandLow)} from ${value(p.bandHigh)} (${pct(span(p.bandLow, p.bandHigh), 0)} of its range ${range(p)})`} apart; fitted ${value(p.fitted)}, ${interval}.${tradeOff(s, p)}${atBound}`;
  }
  if (p.verdict === 'wide') {
    return `${p.path}: not identified by these targets: its 95% interval ${ciBounds(p.low, p.high, value)} (fitted ${value(p.fitted)}) is wider than half its range ${range(p)} before the cut at the bounds; the targets' noise over the seeds hides where it lies.${tradeOff(s, p)}${atBound}`;
  }
  const by = movers(s, p);
  return `${p.path}: ${value(p.fitted)}, ${interval} (${pct(span(p.low, p.high), 0)} of its range ${range(p)}); identified${by ? `, mostly by ${by}` : ''}.${tradeOff(s, p)}${atBound}`;
}

function conditionFinding(s: CalibrationSummary): string {
  const k = s.identification.conditionNumber;
  if (k === null) return 'The weighted Jacobian is singular: some combination of the parameters moves no target at all, so the targets cannot fit every parameter.';
  return `The weighted Jacobian's condition number is ${num(k, k < 10 ? 1 : 0)} (1: each parameter moves the targets its own way; the larger, the closer some combination of parameters comes to moving none of them).`;
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
      ? `${t.name}: the mean (${f(t.achieved)}) is inside the band ${f(t.low)}–${f(t.high)}, but its 95% interval, ${ciBounds(t.ciLow, t.ciHigh, f)}, is not: more seeds would tell.`
      : `${t.name}: the mean (${f(t.achieved)}) misses the band ${f(t.low)}–${f(t.high)}${t.kind === 'soft' ? ' (a soft target: reported, not forced)' : ''}.`);
  }
  for (const p of s.parameters) findings.push(parameterFinding(s, p));
  findings.push(conditionFinding(s));
  return findings;
}

export function calibrationReport(s: CalibrationSummary): ReportContent {
  const fitRows = s.targets.map((t) => {
    const f = targetFormatter(t);
    return [t.name, t.firm, t.metric, t.kind, `${f(t.low)}–${f(t.high)}`, f(t.value), f(t.start), withCi(f(t.achieved), t.ciLow, t.ciHigh, f), t.within ? 'yes' : 'no', t.source];
  });
  return {
    title: `${s.scenario}: calibration`,
    question: `Which values of ${s.parameters.map((p) => p.path).join(', ')} bring ${s.scenario} to the target moments of ${s.targetsFile}?`,
    meta: `${s.seeds.length} common seeds (${s.seeds.join(', ')}), ${num(s.customers)} customers × ${num(s.periods)} periods. Targets are last-quarter means of each run; their intervals are 95% t-intervals of the mean over seeds. Parameter intervals are the method of simulated moments' (the targets' Jacobian on the same seeds, their covariance over the seeds); the band range is what the bands cannot tell apart when the other parameters re-fit. Command: ${s.command}`,
    findings: calibrationFindings(s),
    charts: calibrationCharts(s),
    sections: [
      { title: 'Fit', html: htmlTable(['target', 'firm', 'metric', 'kind', 'band', 'value', 'start', 'achieved [95% CI]', 'within', 'source'], fitRows, [0, 1, 2, 3, 9]) },
      {
        title: 'Parameters',
        html: htmlTable(['path', 'start', 'fitted', '95% interval', 'band range', 'bounds', 'identified'], s.parameters.map((p) => [
          p.path, value(p.start), value(p.fitted),
          `${value(p.low)}–${value(p.high)}`,
          `${value(p.bandLow)}–${value(p.bandHigh)}`, range(p),
          p.identified ? 'yes' : `no (${p.verdict === 'flat' ? 'the bands cannot tell most of the range apart' : 'the interval spans most of the range'})`,
        ]), [0, 6]),
      },
      {
        title: 'Which target moves which parameter',
        html: htmlTable(['target', ...s.parameters.map((p) => `${p.path} (${range(p)})`)], s.targets.map((t) => [
          t.name,
          ...s.parameters.map((p) => {
            const j = s.identification.jacobian.find((c) => c.target === t.name && c.parameter === p.path)!;
            return `${signed(j.acrossRange, sig)} (${signed(j.halfBands, sig)} half-bands)`;
          }),
        ])),
      },
    ],
  };
}
