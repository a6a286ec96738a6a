/**
 * The explorer's simulation worker (bundled for the browser by ./bundle.ts and started
 * from a Blob URL): the same `simulate` and `summarizeRun` as the CLI, the scenario
 * validated as the CLI validates a file. A run posts its rows every few periods; the page
 * cancels a run by terminating the worker.
 */
import './no-shared-memory.js';
import { simulate } from '../model/simulate.js';
import { summarizeRun } from '../model/summary.js';
import { InputError } from '../errors.js';
import type { Scenario } from '../model/schema.js';
import { scenarioYaml } from './scenario-file.js';
import { scenarioForProfile, strategiesOf, symmetricProfiles } from '../experiment/kinds/game/profiles.js';
import { LEVER_SOURCE, programSpec, scenarioWithLevers, type Levers } from './levers.js';
import { firmRows, marketRows } from './series.js';
import type { FromWorker, ToWorker } from './protocol.js';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

function run(id: number, base: Scenario, levers: Levers, every: number): void {
  const scenario = scenarioWithLevers(base, levers);
  scope.postMessage({ kind: 'start', id, periods: scenario.periods, firms: scenario.firms.map((f) => f.name), yaml: scenarioYaml(scenario) });
  const started = performance.now();
  let posted = 0;
  const result = simulate(scenario, scenario.seed, {
    onPeriod: (t, r) => {
      if ((t + 1) % every !== 0 && t + 1 !== r.periods) return;
      scope.postMessage({ kind: 'progress', id, firms: firmRows(r, posted, t + 1), market: marketRows(r, posted, t + 1) });
      posted = t + 1;
    },
  });
  const milliseconds = performance.now() - started;
  let decisions = 0;
  for (let t = 0; t < result.periods; t++) decisions += result.market.shoppers[t];
  scope.postMessage({ kind: 'done', id, summary: summarizeRun(result), milliseconds, decisions });
}

/** Symmetric profiles of the program game: 0, 1, …, M firms running programs. */
function theatre(id: number, base: Scenario, levers: Levers): void {
  const current = scenarioWithLevers(base, levers);
  const spec = programSpec(current.firms.map((f) => f.name));
  for (const p of symmetricProfiles(spec)) {
    const strategies = strategiesOf(spec, p);
    const scenario = scenarioForProfile(current, spec, strategies, LEVER_SOURCE);
    const summary = summarizeRun(simulate(scenario, scenario.seed));
    const firms = summary.firms.map((f, j) => ({ name: f.name, index: j, adopter: strategies[j] === 1, profit: Number(f.profit), share: Number(f.share) }));
    scope.postMessage({ kind: 'theatre-profile', id, profile: { adopters: strategies.filter((s) => s === 1).length, firms } });
  }
  scope.postMessage({ kind: 'theatre-done', id });
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.kind === 'run') run(message.id, message.base, message.levers, Math.max(1, Math.floor(message.every)));
    else theatre(message.id, message.base, message.levers);
  } catch (e) {
    if (e instanceof InputError) scope.postMessage({ kind: 'problems', id: message.id, problems: e.problems });
    else scope.postMessage({ kind: 'error', id: message.id, message: e instanceof Error ? e.message : String(e) });
  }
};
