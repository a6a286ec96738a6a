/**
 * Every command of the CLI: its name, arguments and one-line description here; its options
 * and its work in its own module, loaded only when the command runs. A process pays at
 * start-up for the command it runs, not for all of them (the commands together pull in
 * vega-lite, esbuild, the experiment pipeline and the report writers).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { KINDS, type KindEntry } from '../../experiment/kinds/index.js';

/** What a command's module defines: its options and its work. */
export interface CommandBody<Args> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly builder?: (y: Argv<any>) => Argv<Args>;
  readonly handler: (args: ArgumentsCamelCase<Args>) => void | Promise<void>;
}

interface CommandEntry {
  /** yargs' command string: the name, then its positional arguments */
  readonly command: string;
  readonly describe: string;
  /** the command's module, which exports its options and work as `command` */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly load: () => Promise<{ readonly command: CommandBody<any> }>;
}

/** An experiment kind's command, made by the shell around every kind. */
const experiment = (entry: KindEntry): CommandEntry => ({
  command: entry.command!,
  describe: entry.describe,
  load: async () => ({ command: (await import('../experiment-command.js')).experimentCommand(await entry.load()) }),
});

/** In the order `loyalty-sim --help` lists them: the runs, every experiment kind of the registry, then the tools. */
const COMMANDS: readonly CommandEntry[] = [
  { command: 'run [scenario]', describe: 'one scenario, one seed (default scenario when omitted)', load: () => import('./run.js') },
  { command: 'validate <scenario>', describe: 'check a scenario file; exit 0 or 2', load: () => import('./validate.js') },
  { command: 'list', describe: 'the shipped scenarios, one line each with what it shows', load: () => import('./list.js') },
  { command: 'all', describe: 'the main job: run every shipped scenario into --out, with charts and reports', load: () => import('./all.js') },
  ...KINDS.filter((k) => k.command !== null).map(experiment),
  { command: 'merge <dirs..>', describe: 'combine shard outputs into the unsharded result', load: () => import('./merge.js') },
  { command: 'report <dir>', describe: 're-render charts and report.html from saved results', load: () => import('./report.js') },
  { command: 'explore [scenario]', describe: 'an offline page running the model live in the browser', load: () => import('./explore.js') },
];

const nameOf = (entry: CommandEntry): string => entry.command.split(' ')[0];

/** Every command's name, in --help order. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map(nameOf);

/**
 * The commands for yargs. yargs runs a command only when its name is one of the words on
 * the command line, so only those commands' modules are loaded (a word that is an option's
 * value, `--out run`, loads one module too many, never one too few); the others are listed
 * with their description, for `--help` and for suggestions after a typo. With `argv`
 * undefined every module is loaded (docs/cli.md is generated from all of them).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function commandModules(argv?: readonly string[]): Promise<CommandModule<any, any>[]> {
  const words = argv === undefined ? undefined : new Set(argv);
  return Promise.all(
    COMMANDS.map(async (entry) => {
      if (words !== undefined && !words.has(nameOf(entry))) {
        return { command: entry.command, describe: entry.describe, handler: () => { throw new Error(`command ${nameOf(entry)} ran without its module`); } };
      }
      const { builder, handler } = (await entry.load()).command;
      return { command: entry.command, describe: entry.describe, builder, handler };
    }),
  );
}
