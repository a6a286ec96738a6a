/** The explorer's "Save as scenario": the validated scenario as a YAML file the CLI runs. */
import { stringify } from 'yaml';
import type { Scenario } from '../model/schema.js';

export function scenarioYaml(s: Scenario): string {
  const note = `# Saved from the loyalty-sim explorer: ${s.name.replace(/[\r\n]/g, ' ')} with the explorer's settings (defaults written out).\n`;
  return note + stringify(s, { lineWidth: 0 });
}
