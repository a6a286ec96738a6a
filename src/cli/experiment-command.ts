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
      const setup = kind.setup({ raw: args, load }, context);
      const sharded = context.shard !== null && context.shard.count > 1;
      const release = lockResultDir(setup.dir, sharded ? `shard-${context.shard!.index}-of-${context.shard!.count}` : '');
      let outcome: KindOutcome;
      try {
        const folder = setup.folder ?? kind;
        checkResultDir(setup.dir, experimentLayout(folder.files, folder.results));
        outcome = await kind.run(setup, context);
        await whileBlockedAfterSignals(() => completeResult(outcome, { charts: args.charts, argv: process.argv.slice(2) }));
      } finally {
        release();
      }
      if (args.charts && outcome.complete) writeFrontPage(args.out);
      for (const line of outcome.lines) say(args, line);
      if (args.json) process.stdout.write(stableJson(outcome.json));
    },
  };
}
