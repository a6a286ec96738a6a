/**
 * The page's data: the starting scenario and the shipped scenarios as presets (resolved,
 * with their levers), and the compiled charts.
 */
import { listShippedNames } from '../scenario/files.js';
import { loadScenario, type LoadOptions } from '../scenario/load.js';
import type { Scenario } from '../model/schema.js';
import { leversOf } from './levers.js';
import { compiledExploreSpecs } from './charts.js';
import type { ExploreData, Preset } from './page-html.js';

const preset = (scenario: Scenario): Preset => ({ name: scenario.name, scenario, levers: leversOf(scenario) });

/**
 * `start` first, then every shipped scenario under another name, each resolved with the
 * population and horizon options (`--customers`, `--periods`) so that switching presets
 * keeps the size the user chose; `--set` applies to the starting scenario only.
 */
export function exploreData(start: Scenario, options: LoadOptions): ExploreData {
  const size: LoadOptions = { customers: options.customers, periods: options.periods };
  const shipped = listShippedNames()
    .filter((name) => name !== start.name)
    .map((name) => preset(loadScenario(name, size).scenario))
    .filter((p) => p.name !== start.name);
  return { start: start.name, presets: [preset(start), ...shipped], specs: compiledExploreSpecs() };
}
