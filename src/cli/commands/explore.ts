/**
 * loyalty-sim explore [scenario]: an offline page running the model live in the browser,
 * `<out>/<scenario>/explore.html`: checked against the memory budget like a run, written
 * under its lock, and replacing only a page the tool wrote.
 */
import { join } from 'node:path';
import type { CommandBody } from './index.js';
import { DEFAULT_SCENARIO } from '../../scenario/files.js';
import { loadScenario } from '../../scenario/load.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { EXPLORE_PAGE, claimPage } from '../../io/ownership.js';
import { checkMemoryBudget } from '../../model/memory.js';
import { exploreBundles } from '../../explore/bundle.js';
import { exploreData } from '../../explore/page-data.js';
import { exploreHtml } from '../../explore/page-html.js';
import { checkOutputDir, loadOptionsFrom, say, withCommonOptions, type CommonArgs } from '../common.js';
import { memoryLimitFrom, nonNegativeIntOption } from '../../experiment/engine/args.js';

interface ExploreArgs extends CommonArgs {
  scenario?: string;
  seed?: number;
}

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
    // Where the page goes (INTERFACE.md).
    const dir = join(args.out, scenario.name);
    const target = join(dir, EXPLORE_PAGE.name);
    checkOutputDir(args.out, dir);
    checkMemoryBudget(scenario, memoryLimitFrom(args), 1);
    const release = claimPage(dir, EXPLORE_PAGE);
    try {
      const data = exploreData(scenario, options);
      const html = exploreHtml(data, await exploreBundles());
      writeFileAtomic(target, html);
      say(args, `wrote ${target} (${Math.round(html.length / 1024)} KB; open it in a browser, no server needed)`);
    } finally {
      release();
    }
  },
};
