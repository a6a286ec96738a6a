/**
 * The explorer page: levers → the simulation worker → live charts, summary, theatre panel.
 * Every setting change cancels the run in progress and starts a new one after a short
 * pause (so dragging a slider does not start a run per pixel).
 */
import type { Levers } from '../levers.js';
import type { ExploreData, Preset } from '../page-html.js';
import type { FirmRow, FromWorker, MarketRow } from '../protocol.js';
import type { RunSummary } from '../../model/summary.js';
import type { InputProblem } from '../../errors.js';
import { firmDifferences, marketDifferences } from '../compare.js';
import { renderLevers, readLevers } from './levers-form.js';
import { LiveChart } from './live-charts.js';
import { SimulationWorker, workerUrl } from './runner.js';
import { summaryTable } from './summary-table.js';
import { TheatrePanel } from './theatre-panel.js';
import { escapeHtml } from '../../report/format.js';

/** A run of one preset with one set of levers, as far as it got. */
interface RunRecord {
  readonly key: string;
  readonly levers: Levers;
  readonly firms: FirmRow[];
  readonly market: MarketRow[];
  summary: RunSummary | null;
  yaml: string | null;
  milliseconds: number;
  decisions: number;
}

const SETTLE_MS = 150;
const KEEP_RUNS = 12;

const data = JSON.parse(document.getElementById('explore-data')?.textContent ?? '{}') as ExploreData;
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = byId<HTMLFormElement>('levers');
const status = byId<HTMLElement>('status');
const compareBox = byId<HTMLInputElement>('compare');
const url = workerUrl('explore-worker');

let preset: Preset = data.presets.find((p) => p.name === data.start) ?? data.presets[0];
let nextId = 1;
/** the run on screen (or in progress) */
let current: RunRecord | null = null;
let currentId = 0;
/** the previous settings' run on the current seed, while it is computed for the comparison */
let pairing: RunRecord | null = null;
let pairingId = 0;
/** levers of the last completed run before the current settings */
let previousLevers: Levers | null = null;
const completed = new Map<string, RunRecord>();
let problems: readonly InputProblem[] = [];
/** runs finished on screen (body data-runs: scripts wait on it) */
let finishedRuns = 0;
const countRun = (): void => { document.body.dataset.runs = String(++finishedRuns); };

const charts = {
  shares: new LiveChart(byId('chart-shares'), 'firms'),
  profit: new LiveChart(byId('chart-profit'), 'firms'),
  salience: new LiveChart(byId('chart-salience'), 'market'),
};
const theatreChart = new LiveChart(byId('chart-theatre'), 'theatre');
const theatre = new TheatrePanel(url, theatreChart, byId('theatre-status'), () => nextId++);

const keyOf = (levers: Levers): string => `${preset.name}\u0000${JSON.stringify(levers)}`;
const newRecord = (levers: Levers): RunRecord => ({ key: keyOf(levers), levers, firms: [], market: [], summary: null, yaml: null, milliseconds: 0, decisions: 0 });

function setStatus(state: string, text: string): void {
  document.body.dataset.status = state;
  status.textContent = text;
  status.className = state === 'problems' || state === 'error' ? 'problems' : '';
}

/** The record to compare the current run with: the previous settings on the current seed. */
function comparison(): RunRecord | null {
  if (!compareBox.checked || !current || !previousLevers) return null;
  const wanted = keyOf({ ...previousLevers, seed: current.levers.seed });
  return completed.get(wanted) ?? (pairing?.key === wanted ? pairing : null);
}

function draw(): void {
  if (!current) return;
  const other = comparison();
  const firms = other ? firmDifferences(current.firms, other.firms) : current.firms;
  charts.shares.set(firms);
  charts.profit.set(firms);
  charts.salience.set(other ? marketDifferences(current.market, other.market) : current.market);
  if (current.summary) byId('summary').innerHTML = summaryTable(current.summary, other?.summary ?? null);
}

function useSpecs(): void {
  const suffix = compareBox.checked ? '-diff' : '';
  charts.shares.use(data.specs[`shares${suffix}`]);
  charts.profit.use(data.specs[`profit${suffix}`]);
  charts.salience.use(data.specs[`salience${suffix}`]);
  draw();
}

function showProblems(list: readonly InputProblem[]): void {
  problems = list;
  const box = document.getElementById('problems');
  if (box) box.innerHTML = list.map((p) => `<div>${escapeHtml(`${p.source}: ${p.path ? `${p.path}: ` : ''}${p.message}`)}</div>`).join('');
}

const runs = new SimulationWorker(url, onRunMessage);

function onRunMessage(m: FromWorker): void {
  const record = m.id === currentId ? current : m.id === pairingId ? pairing : null;
  if (!record) return;
  const isCurrent = record === current;
  switch (m.kind) {
    case 'start':
      record.yaml = m.yaml;
      break;
    case 'progress':
      record.firms.push(...m.firms);
      record.market.push(...m.market);
      if (isCurrent || comparison() === record) draw();
      break;
    case 'done':
      record.summary = m.summary;
      record.milliseconds = m.milliseconds;
      record.decisions = m.decisions;
      remember(record);
      if (isCurrent) {
        countRun();
        const rate = m.decisions / (m.milliseconds / 1000);
        setStatus('done', `done: ${m.summary.customers.toLocaleString('en')} customers × ${m.summary.periods} periods in ${(m.milliseconds / 1000).toFixed(2)} s (${(rate / 1e6).toFixed(2)} M shopping decisions/s)`);
      } else {
        pairing = null;
      }
      draw();
      afterRun();
      break;
    case 'problems':
      if (isCurrent) {
        showProblems(m.problems);
        setStatus('problems', 'not run: see the problems under the levers');
      }
      break;
    case 'error':
      setStatus('error', `error: ${m.message}`);
      break;
    default:
      break;
  }
}

function remember(record: RunRecord): void {
  completed.delete(record.key);
  completed.set(record.key, record);
  while (completed.size > KEEP_RUNS) completed.delete(completed.keys().next().value as string);
}

/** After the current run: the comparison run if one is wanted and missing, then the theatre panel. */
function afterRun(): void {
  if (!current?.summary) return;
  if (compareBox.checked && previousLevers && !comparison()) {
    pairing = newRecord({ ...previousLevers, seed: current.levers.seed });
    pairingId = nextId++;
    setStatus('done', `${status.textContent}; running the previous settings on seed ${current.levers.seed} to compare…`);
    runs.start({ kind: 'run', id: pairingId, base: preset.scenario, levers: pairing.levers, every: everyFor(preset) });
    return;
  }
  if (!theatre.started) theatre.start(preset.scenario, current.levers);
}

const everyFor = (p: Preset): number => Math.max(1, Math.round(p.scenario.periods / 52));

/** Run these levers now: whatever was running is cancelled. */
function start(levers: Levers): void {
  if (current && current.key === keyOf(levers)) return; // nothing changed
  if (current?.summary) previousLevers = current.levers;
  showProblems([]);
  pairing = null;
  theatre.reset();
  current = newRecord(levers);
  currentId = nextId++;
  const known = completed.get(current.key);
  if (known) {
    current = known;
    countRun();
    setStatus('done', 'done (this setting was run before)');
    runs.cancel();
    draw();
    afterRun();
    return;
  }
  setStatus('running', `running ${preset.name}: ${levers.customers.toLocaleString('en')} customers × ${preset.scenario.periods} periods…`);
  runs.start({ kind: 'run', id: currentId, base: preset.scenario, levers, every: everyFor(preset) });
  draw();
}

let settle = 0;
form.addEventListener('input', () => {
  clearTimeout(settle);
  settle = window.setTimeout(() => start(readLevers(form, preset.levers)), SETTLE_MS);
});

const presetSelect = byId<HTMLSelectElement>('preset');
presetSelect.innerHTML = data.presets.map((p) => `<option value="${escapeHtml(p.name)}">${escapeHtml(p.name)}</option>`).join('');
presetSelect.value = preset.name;
presetSelect.addEventListener('change', () => {
  preset = data.presets.find((p) => p.name === presetSelect.value) ?? preset;
  // The previous settings belong to another scenario: compare starts again within this one.
  previousLevers = null;
  current = null;
  renderLevers(form, preset.levers);
  start(preset.levers);
});

compareBox.addEventListener('change', () => {
  useSpecs();
  if (compareBox.checked && current?.summary) afterRun();
});

byId<HTMLButtonElement>('save').addEventListener('click', () => {
  if (!current?.yaml) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([current.yaml], { type: 'text/yaml' }));
  link.download = `${preset.name}-explore.yaml`;
  document.body.appendChild(link);
  link.click();
  link.remove();
});

/** For scripts and tests: what the page shows, as data. */
(window as unknown as { loyaltyExplore: unknown }).loyaltyExplore = {
  get summary() { return current?.summary ?? null; },
  get yaml() { return current?.yaml ?? null; },
  get levers() { return current?.levers ?? null; },
  get milliseconds() { return current?.milliseconds ?? null; },
  get decisions() { return current?.decisions ?? null; },
  get comparison() { return comparison()?.summary ?? null; },
  get theatre() { return theatre.rows; },
  get problems() { return problems; },
};

renderLevers(form, preset.levers);
theatreChart.use(data.specs.theatre);
useSpecs();
start(preset.levers);
