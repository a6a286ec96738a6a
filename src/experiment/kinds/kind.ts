/**
 * An experiment kind: what a command of the registry (kinds/index.ts) supplies. The shell
 * (cli/experiment-command.ts) parses the common options, asks the kind to check its own
 * and load its inputs (`setup`, which creates nothing), runs it (`run`, which writes the
 * kind's data files and returns what it found), then writes the report the kind describes,
 * the manifest and the front page, and prints the kind's lines. So a new kind is one module
 * and one line in the registry: its options, plan, summary, findings, charts and its place on
 * the front page, all here; the engine, the statistics and the writers are shared.
 */
import type { Options, PositionalOptions } from 'yargs';
import type { LoadOptions } from '../../scenario/load.js';
import type { ReportContent } from '../../report/write-report.js';
import type { Plan, Shard } from '../engine/plan.js';

/** What the shell has parsed for every kind. */
export interface KindArgs {
  /** the kind's own options as yargs parsed them (positionals included) */
  readonly raw: Readonly<Record<string, unknown>>;
  /** --customers, --periods, --set */
  readonly load: LoadOptions;
}

/** Where and how a kind runs. */
export interface KindContext {
  /** --out: results go to <out>/<scenario>/<folder>/ */
  readonly out: string;
  readonly workers: number;
  readonly shard: Shard | null;
  readonly quiet: boolean;
  /** --no-charts: the kind computes what it reports anyway; the shell draws nothing */
  readonly charts: boolean;
  readonly memoryLimit: number;
  /** a progress line on stderr, unless --quiet */
  readonly say: (line: string) => void;
}

/** What a finished kind hands back to the shell. */
export interface KindOutcome {
  /** the result folder (the shell writes report.html, charts/ and manifest.json into it) */
  readonly dir: string;
  /**
   * false for one shard of several: the folder holds the plan and its share of the runs,
   * and `merge` finishes it; the shell then draws nothing and marks nothing complete
   */
  readonly complete: boolean;
  /** the report to draw, with its findings; absent when incomplete */
  readonly report?: ReportContent;
  /** what the command prints (stderr), after the result is written */
  readonly lines: readonly string[];
  /** what --json prints on stdout */
  readonly json: unknown;
  /** results finished on the way (a theatre map's cells), completed by the shell before this one */
  readonly parts?: readonly KindOutcome[];
  /** the scenario file, hashed into the manifest, and the manifest's own fields */
  readonly inputFile?: string;
  readonly manifest: Readonly<Record<string, unknown>>;
}

/** A kind's module exports one of these as `kind`; its name, command and front-page section are its line in the registry (index.ts). */
/** What every setup tells the shell: the result folder to lock, and, where it is another kind's, that kind's names. */
export interface SetupFolder {
  readonly dir: string;
  /** the folder's own names when the setup runs another kind (game --vary runs the theatre map) */
  readonly folder?: { readonly files: readonly (string | RegExp)[]; readonly results?: RegExp };
}

export interface ExperimentKind<Setup extends SetupFolder = SetupFolder> {
  /** positional arguments, in order, and the kind's own options (the common ones are the shell's) */
  readonly positionals: Readonly<Record<string, PositionalOptions>>;
  readonly options: Readonly<Record<string, Options>>;
  /** whether the kind runs on the worker pool (--workers) and can be split (--shard) */
  readonly pool: boolean;
  readonly shardable: boolean;
  /** the names the kind writes into its folder besides the shared ones (the ownership check allows exactly these) */
  readonly files: readonly (string | RegExp)[];
  /** sub-folders that are result folders of their own (a theatre map's cells) */
  readonly results?: RegExp;
  /** every option checked, every input loaded, the size and memory checked: an InputError, or what `run` needs (`dir`: the result folder the shell locks); creates nothing */
  setup(args: KindArgs, context: KindContext): Setup;
  run(setup: Setup, context: KindContext): Promise<KindOutcome>;
  /** plan kinds: finish a folder whose runs are all in its cache (merge of shards); `manifest` adds to the manifest's fields */
  finish?(dir: string, plan: Plan, manifest: Readonly<Record<string, unknown>>): Promise<KindOutcome>;
}

/** The scenario argument most kinds take. */
export const SCENARIO_POSITIONAL: PositionalOptions = { type: 'string', demandOption: true, describe: 'a .yaml/.yml/.json path or a shipped scenario name' };
