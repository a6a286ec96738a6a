/** loyalty-sim validate <scenario>: check a scenario file; exit 0 or 2. */
import type { CommandModule } from 'yargs';
import { loadScenario } from '../../scenario/load.js';
import { withCommonOptions, loadOptionsFrom, say, type CommonArgs } from '../common.js';

export const validateCommand: CommandModule<object, CommonArgs & { scenario: string }> = {
  command: 'validate <scenario>',
  describe: 'check a scenario file; exit 0 or 2',
  builder: (y) => withCommonOptions(y).positional('scenario', { type: 'string', demandOption: true }) as never,
  handler: (args) => {
    const { file, scenario } = loadScenario(args.scenario, loadOptionsFrom(args));
    say(args, `${file}: ok (${scenario.name}: ${scenario.segments.length} segments, ${scenario.firms.length} firms, ${scenario.periods} periods)`);
  },
};
