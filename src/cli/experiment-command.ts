/**
 * The shell around every experiment kind (src/experiment/kinds/): its command from the
 * kind's options, the common options parsed and checked before any work, the result
 * folder locked and checked to hold only the tool's names, the kind run, and then what
 * every result gets: its report (charts, report.html, report.json), its manifest (which
 * marks it complete), the front page, and the kind's lines on the terminal.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { lockResultDir } from '../io/lock.js';
import { whileBlockedAfterSignals } from '../io/interrupt.js';
import { checkResultDir, experimentLayout } from '../io/ownership.js';
import { writeManifest } from '../io/manifest.js';
import { stableJson } from '../io/json.js';
import { REPORT_SUMMARY_FILE, writeReport } from '../report/write-report.js';
import { memoryLimitFrom, parseShard, resolveWorkers } from '../experiment/engine/args.js';
import type { ExperimentKind, KindContext, KindOutcome } from '../experiment/kinds/kind.js';
import type { LoadOptions } from '../scenario/load.js';
import { loadOptionsFrom, say, withCommonOptions, type CommonArgs } from './common.js';
import { writeFrontPage } from './front-page.js';
import type { CommandBody } from './commands/index.js';

/**
 * What makes a result folder complete: a fresh report (or none with --no-charts) and the
 * manifest, written last, that marks it complete. A result finished on the way (a map's
 * cell) is completed first.
 */
export function completeResult(outcome: KindOutcome, options: { charts: boolean; argv: readonly string[] }): void {
  for (const part of outcome.parts ?? []) completeResult(part, options);
  if (!outcome.complete) return;
  const { dir } = outcome;
  rmSync(join(dir, 'charts'), { recursive: true, force: true });
  rmSync(join(dir, 'report.html'), { force: true });
  rmSync(join(dir, REPORT_SUMMARY_FILE), { force: true });
  if (options.charts && outcome.report) writeReport(dir, outcome.report);
  writeManifest(dir, { argv: options.argv, inputFile: outcome.inputFile, extra: outcome.manifest });
}

/**
 * Run a kind from its parsed options and finish its result: set up (every option and input
 * checked, nothing created), lock and check the folder, run, complete. What every kind's
 * command does, and what the main job does for the results it adds (the theatre games).
 */
export async function runKind(kind: ExperimentKind, raw: Readonly<Record<string, unknown>>, load: LoadOptions, context: KindContext, options: { charts: boolean; argv: readonly string[] }): Promise<KindOutcome> {
  const setup = kind.setup({ raw, load }, context);
  const sharded = context.shard !== null && context.shard.count > 1;
  const release = lockResultDir(setup.dir, sharded ? `shard-${context.shard!.index}-of-${context.shard!.count}` : '');
  try {
    const folder = setup.folder ?? kind;
    checkResultDir(setup.dir, experimentLayout(folder.files, folder.results));
    const outcome = await kind.run(setup, context);
    await whileBlockedAfterSignals(() => completeResult(outcome, options));
    return outcome;
  } finally {
    release();
  }
}

type ExperimentArgs = CommonArgs & Record<string, unknown>;

/** The command of a kind: its positionals and options after the common ones. */
export function experimentCommand(kind: ExperimentKind): CommandBody<ExperimentArgs> {
  return {
    builder: (y: Argv<unknown>) => {
      let built = withCommonOptions(y) as Argv<unknown>;
      for (const [name, spec] of Object.entries(kind.positionals)) built = built.positional(name, spec);
      return built.options({ ...kind.options }) as never;
    },
    handler: async (args) => {
      // Every option first, then the inputs: nothing is created before they are all good.
      const load = loadOptionsFrom(args);
      const context: KindContext = {
        out: args.out,
        workers: resolveWorkers(args.workers),
        shard: parseShard(args.shard) ?? null,
        quiet: args.quiet,
        charts: args.charts,
        memoryLimit: memoryLimitFrom(args),
        say: (line) => say(args, line),
      };
      const outcome = await runKind(kind, args, load, context, { charts: args.charts, argv: process.argv.slice(2) });
      if (args.charts && outcome.complete) writeFrontPage(args.out);
      for (const line of outcome.lines) say(args, line);
      if (args.json) process.stdout.write(stableJson(outcome.json));
    },
  };
}
