/** loyalty-sim explore [scenario]: an offline page running the model live in the browser. */
import { dirname, join } from 'node:path';
import type { CommandBody } from './index.js';
import { loadScenario, DEFAULT_SCENARIO } from '../../scenario/load.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { exploreBundles } from '../../explore/bundle.js';
import { exploreData } from '../../explore/page-data.js';
import { exploreHtml } from '../../explore/page-html.js';
import { checkOutputDir, loadOptionsFrom, say, withCommonOptions, type CommonArgs } from '../common.js';
import { nonNegativeIntOption } from '../../experiment/engine/args.js';

interface ExploreArgs extends CommonArgs {
  scenario?: string;
  seed?: number;
}

/** Where the page goes (INTERFACE.md). */
const explorePath = (out: string, scenarioName: string): string => join(out, scenarioName, 'explore.html');

export const command: CommandBody<ExploreArgs> = {
  builder: (y) =>
    withCommonOptions(y)
      .positional('scenario', { type: 'string', describe: 'a .yaml/.yml/.json path or a shipped scenario name (the page starts on it)' })
      .option('seed', { type: 'number', describe: 'the seed the page starts on (default: the scenario\'s)' }) as never,
  handler: async (args) => {
    const seed = nonNegativeIntOption('seed', args.seed);
    const options = loadOptionsFrom(args);
    const loaded = loadScenario(args.scenario ?? DEFAULT_SCENARIO, options).scenario;
    const scenario = seed === undefined ? loaded : { ...loaded, seed };
    const target = explorePath(args.out, scenario.name);
    checkOutputDir(args.out, dirname(target));
    const data = exploreData(scenario, options);
    const html = exploreHtml(data, await exploreBundles());
    writeFileAtomic(target, html);
    say(args, `wrote ${target} (${Math.round(html.length / 1024)} KB; open it in a browser, no server needed)`);
  },
};
