/** loyalty-sim list: the shipped scenarios, one line each with what it shows. */
import type { CommandBody } from './index.js';
import { listShippedNames } from '../../scenario/files.js';
import { loadScenario } from '../../scenario/load.js';

export const command: CommandBody<object> = {
  handler: () => {
    const names = listShippedNames();
    const width = Math.max(...names.map((n) => n.length));
    for (const name of names) {
      const { scenario } = loadScenario(name);
      const question = scenario.description.split('\n')[0].trim();
      process.stdout.write(`${name.padEnd(width)}  ${question}\n`);
    }
  },
};
