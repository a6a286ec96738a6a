/**
 * What a calibration writes into <out>/<scenario>/calibrate/ (INTERFACE.md), each file
 * atomically: fit.csv, parameters.csv (with each parameter's interval and identification),
 * jacobian.csv, evaluations.csv, calibrated.yaml, summary.json;
 * and the fit table in words for the terminal. Nothing here depends on the clock, the worker count or the
 * output path, so the same inputs give the same bytes.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../../../io/atomic.js';
import { toCsv } from '../../../io/csv.js';
import { stableJson } from '../../../io/json.js';
import { num, withCi } from '../../../report/format.js';
import { targetFormatter } from './report.js';
import { MAX_NAME_LENGTH } from '../../../scenario/checks.js';
import type { CalibrationResult, CalibrationSetup, FittedParameter, TargetFit } from './fit.js';
import type { ParameterPrecision } from './identification.js';
import { roundParameter } from './targets.js';

const conditionText = (k: number): string => (Number.isFinite(k) ? num(k, k < 10 ? 2 : 0) : 'infinite: singular');

/** The options that decide the result, as a command line (no --out, --workers or display options: they change no result). */
function canonicalCommand(setup: CalibrationSetup): string {
  const quote = (s: string) => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['loyalty-sim', 'calibrate', setup.ref, '--targets', setup.targets.file, '--seeds', String(setup.seeds), '--seed-base', String(setup.seedBase)];
  if (setup.load.customers !== undefined) parts.push('--customers', String(setup.load.customers));
  if (setup.load.periods !== undefined) parts.push('--periods', String(setup.load.periods));
  for (const s of setup.load.set ?? []) parts.push('--set', s);
  parts.push('--max-evals', String(setup.maxEvaluations), '--tolerance', String(setup.tolerance));
  return parts.map(quote).join(' ');
}


const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The fitted value and its 95% interval, in the parameter's own digits. */
const fittedText = (p: FittedParameter): string => withCi(String(p.fitted), p.low, p.high, String);

const verdictText = (p: FittedParameter): string =>
  p.verdict === 'identified' ? 'identified'
    : p.verdict === 'flat' ? `NOT identified: the bands cannot tell ${p.bandLow}–${p.bandHigh} apart`
      : 'NOT identified: its interval spans most of the range';

/** One line per target: band, achieved mean and 95% interval, within or not. */
function targetLine(t: TargetFit): string {
  const f = targetFormatter(t);
  const where = t.firm === 'market' ? 'market' : t.firm;
  const verdict = t.within ? 'within' : t.ciLow > t.high || t.ciHigh < t.low ? 'OUTSIDE the band' : 'NOT within (interval crosses the band edge)';
  const half = (t.ciHigh - t.ciLow) / 2;
  return `${t.name} (${where} ${t.metric}, ${t.kind}): band ${f(t.low)}–${f(t.high)} (value ${f(t.value)}), achieved ${withCi(`${f(t.achieved)} ± ${f(half)}`, t.ciLow, t.ciHigh, f)}: ${verdict}`;
}

export function resultLines(setup: CalibrationSetup, r: CalibrationResult): string[] {
  const hard = r.fit.filter((t) => t.kind === 'hard');
  const lines = [
    `calibrate ${r.base.name}: ${r.parameters.length} parameter${r.parameters.length === 1 ? '' : 's'}, ${r.fit.length} target${r.fit.length === 1 ? '' : 's'}, ${setup.seeds} seeds; ${r.history.length} evaluations (${r.stop === 'converged' ? 'converged' : 'stopped at --max-evals'}); objective ${num(r.objective.start, 4)} → ${num(r.objective.fitted, 4)}`,
    `${hard.filter((t) => t.within).length} of ${hard.length} hard targets within their band (95% interval inside it):`,
    ...r.fit.map((t) => `  ${targetLine(t)}`),
    `fitted parameters, with 95% intervals (condition number of the weighted Jacobian ${conditionText(r.identification.conditionNumber)}):`,
    ...r.parameters.map((p) => `  ${p.path}: ${p.start} → ${fittedText(p)} (bounds ${p.min}–${p.max}): ${verdictText(p)}`),
  ];
  return lines;
}

/** calibrated.yaml: the fitted scenario, loadable by every command, headed by what it was fitted to. */
function calibratedYaml(setup: CalibrationSetup, r: CalibrationResult): string {
  const name = `${r.base.name.slice(0, MAX_NAME_LENGTH - '-calibrated'.length)}-calibrated`;
  const header = [
    `${name}: ${r.base.name} with parameters fitted by loyalty-sim calibrate.`,
    `Command: ${canonicalCommand(setup)}`,
    `Seeds: ${r.seeds.length} (seed base ${setup.seedBase}): ${r.seeds.join(', ')}; ${r.base.customers} customers × ${r.base.periods} periods.`,
    `Search: ${r.history.length} evaluations, ${r.stop === 'converged' ? 'converged' : 'stopped at --max-evals'}; objective ${num(r.objective.start, 4)} at the start, ${num(r.objective.fitted, 4)} fitted.`,
    'Fitted parameters (start → fitted [95% interval], bounds: identified or not):',
    ...r.parameters.flatMap((p) => [
      `  ${p.path}: ${p.start} → ${fittedText(p)} (${p.min}–${p.max}): ${verdictText(p)}${p.scales ? `, a scale of ${p.scales.length} field${p.scales.length === 1 ? '' : 's'} (scenario value × scale):` : ''}`,
      ...(p.scales ?? []).map((f) => `    ${f.path}: ${f.base} → ${roundParameter(f.base * p.fitted)}`),
    ]),
    'Targets (value, band, kind, weight; achieved mean (95% CI) on the seeds above; source):',
    ...r.fit.map((t) => {
      const f = targetFormatter(t);
      return `  ${oneLine(t.name)}: ${t.firm} ${t.metric} = ${f(t.value)}, band ${f(t.low)}–${f(t.high)}, ${t.kind}, weight ${t.weight}; achieved ${withCi(f(t.achieved), t.ciLow, t.ciHigh, f)} ${t.within ? 'within' : 'not within'}; source: ${oneLine(t.source)}`;
    }),
  ];
  const body = stringify({ ...r.fitted, name }, { lineWidth: 0 });
  return header.map((l) => `# ${l}`.trimEnd()).join('\n') + '\n' + body;
}

/** One cell of the Jacobian: how a target moves with a parameter, per unit, across the whole range, and in half-bands. */
export interface JacobianRow {
  target: string;
  parameter: string;
  derivative: number;
  acrossRange: number;
  halfBands: number;
}

function jacobianRows(r: CalibrationResult): JacobianRow[] {
  return r.fit.flatMap((t, k) => r.parameters.map((p, j) => ({
    target: t.name,
    parameter: p.path,
    derivative: r.identification.jacobian[k][j] / (p.max - p.min),
    acrossRange: r.identification.jacobian[k][j],
    halfBands: r.identification.jacobianBands[k][j],
  })));
}

const PARAMETER_COLUMNS = ['path', 'start', 'fitted', 'min', 'max', 'low', 'high', 'identified', 'verdict', 'se', 'bandLow', 'bandHigh', 'reach'] as const;

const fitRow = (t: TargetFit) => [t.name, t.metric, t.firm, t.value, t.low, t.high, t.achieved, t.ciLow, t.ciHigh, String(t.within), t.kind, t.weight, t.z, t.n, t.source];

export interface CalibrationSummary {
  scenario: string;
  targetsFile: string;
  command: string;
  seedBase: number;
  seeds: number[];
  customers: number;
  periods: number;
  evaluations: number;
  iterations: number;
  stop: CalibrationResult['stop'];
  objective: CalibrationResult['objective'];
  hardWithin: boolean;
  parameters: ({ path: string; start: number; fitted: number; min: number; max: number } & ParameterPrecision & { scales?: { path: string; base: number; fitted: number }[] })[];
  /** the condition number (null when the Jacobian is singular), the Jacobian and the parameters' correlation */
  identification: {
    conditionNumber: number | null;
    jacobian: JacobianRow[];
    correlation: Record<string, Record<string, number | null>>;
  };
  targets: (Omit<TargetFit, 'n'> & { n: number; start: number })[];
  history: { evaluation: number; objective: number; best: number; values: Record<string, number> }[];
}

function calibrationSummary(setup: CalibrationSetup, r: CalibrationResult): CalibrationSummary {
  return {
    scenario: r.base.name,
    targetsFile: setup.targets.file,
    command: canonicalCommand(setup),
    seedBase: setup.seedBase,
    seeds: [...r.seeds],
    customers: r.base.customers,
    periods: r.base.periods,
    evaluations: r.history.length,
    iterations: r.iterations,
    stop: r.stop,
    objective: r.objective,
    hardWithin: r.fit.filter((t) => t.kind === 'hard').every((t) => t.within),
    parameters: r.parameters.map((p) => ({
      path: p.path, start: p.start, fitted: p.fitted, min: p.min, max: p.max,
      low: p.low, high: p.high, identified: p.identified, verdict: p.verdict, se: p.se, bandLow: p.bandLow, bandHigh: p.bandHigh, reach: p.reach,
      ...(p.scales ? { scales: p.scales.map((f) => ({ path: f.path, base: f.base, fitted: roundParameter(f.base * p.fitted) })) } : {}),
    })),
    identification: {
      conditionNumber: Number.isFinite(r.identification.conditionNumber) ? r.identification.conditionNumber : null,
      jacobian: jacobianRows(r),
      correlation: Object.fromEntries(r.parameters.map((a, i) => [a.path, Object.fromEntries(r.parameters.map((b, j) => {
        const c = r.identification.correlation[i][j];
        return [b.path, Number.isFinite(c) ? c : null];
      }))])),
    },
    targets: r.fit.map((t, i) => ({ ...t, start: r.start[i].achieved })),
    history: r.history.map((h) => ({
      evaluation: h.evaluation,
      objective: h.objective,
      best: h.best,
      values: Object.fromEntries(r.parameters.map((p, i) => [p.path, h.values[i]])),
    })),
  };
}

/** fit.csv, parameters.csv, jacobian.csv, evaluations.csv, calibrated.yaml and summary.json; the summary the report formats. */
export function writeCalibration(setup: CalibrationSetup, r: CalibrationResult): CalibrationSummary {
  const dir = setup.dir;
  writeFileAtomic(join(dir, 'fit.csv'), toCsv(
    ['target', 'metric', 'firm', 'value', 'low', 'high', 'achieved', 'ciLow', 'ciHigh', 'within', 'kind', 'weight', 'z', 'n', 'source'],
    r.fit.map(fitRow),
  ));
  writeFileAtomic(join(dir, 'parameters.csv'), toCsv(PARAMETER_COLUMNS, r.parameters.map((p) => PARAMETER_COLUMNS.map((c) => (typeof p[c] === 'boolean' ? String(p[c]) : p[c])))));
  writeFileAtomic(join(dir, 'jacobian.csv'), toCsv(['target', 'parameter', 'derivative', 'acrossRange', 'halfBands'], jacobianRows(r).map((j) => [j.target, j.parameter, j.derivative, j.acrossRange, j.halfBands])));
  writeFileAtomic(join(dir, 'evaluations.csv'), toCsv(
    ['evaluation', 'objective', 'best', ...r.parameters.map((p) => p.path), ...r.fit.map((t) => `achieved.${t.name}`)],
    r.history.map((h) => [h.evaluation, h.objective, h.best, ...h.values, ...h.achieved]),
  ));
  writeFileAtomic(join(dir, 'calibrated.yaml'), calibratedYaml(setup, r));
  const summary = calibrationSummary(setup, r);
  writeFileAtomic(join(dir, 'summary.json'), stableJson(summary));
  return summary;
}
