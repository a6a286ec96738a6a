/** loyalty-sim validate <scenario>: check a scenario file; exit 0 or 2. */
import type { CommandBody } from './index.js';
import { loadScenario } from '../../scenario/load.js';
import { withScenarioOptions, loadOptionsFrom, say, type CommonArgs } from '../common.js';

/** validate writes nothing: it takes the options that change the scenario, and --quiet. */
type ValidateArgs = Pick<CommonArgs, 'customers' | 'periods' | 'set' | 'quiet' | 'maxMemory'> & { scenario: string; out?: string };

export const command: CommandBody<ValidateArgs> = {
  builder: (y) =>
    withScenarioOptions(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a .yaml/.yml/.json path or a shipped scenario name' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors (the exit code says it all)' })
      // accepted as before, so that scripts passing the common options keep working, but unused: not in --help
      .option('out', { type: 'string', hidden: true })
      .option('charts', { type: 'boolean', hidden: true })
      .option('json', { type: 'boolean', hidden: true })
      .option('max-memory', { type: 'number', hidden: true }) as never,
  handler: (args) => {
    const { file, scenario } = loadScenario(args.scenario, loadOptionsFrom(args));
    say(args, `${file}: ok (${scenario.name}: ${scenario.segments.length} segments, ${scenario.firms.length} firms, ${scenario.periods} periods)`);
  },
};
