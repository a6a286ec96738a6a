/**
 * loyalty-sim merge <dir>...: combine shard outputs into exactly the unsharded result:
 * the runs of each experiment are copied into <out>/<name>/<kind>/, and its kind finishes
 * the folder as the unsharded command would.
 */
import type { CommandBody } from './index.js';
import { checkOutputDir, say } from '../common.js';
import { checkOutputIndex } from '../../io/ownership.js';
import { stableJson } from '../../io/json.js';
import { whileBlockedAfterSignals } from '../../io/interrupt.js';
import { copyShards, findShards, lockTargets } from '../../experiment/engine/merge.js';
import { kindEntry } from '../../experiment/kinds/index.js';
import type { ExperimentKind } from '../../experiment/kinds/kind.js';
import { completeResult } from '../experiment-command.js';
import { InputError } from '../../errors.js';
import { writeFrontPage } from '../front-page.js';

interface MergeArgs {
  dirs: string[];
  out: string;
  charts: boolean;
  quiet: boolean;
  json: boolean;
}

export const command: CommandBody<MergeArgs> = {
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, describe: 'shard outputs (their --out directories, or experiment directories)' })
      .option('out', { type: 'string', default: 'output', describe: 'output directory (may be one of the inputs)' })
      .option('charts', { type: 'boolean', default: true, describe: 'render charts and report (--no-charts to skip)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
      .option('json', { type: 'boolean', default: false, describe: 'print a machine-readable summary on stdout' }) as never,
  handler: async (args) => {
    checkOutputDir(args.out);
    if (args.charts) checkOutputIndex(args.out);
    // A kind of the registry with a command of its own (a theatre map's cells are games)
    const groups = findShards(args.dirs.map(String), (kind) => kindEntry(kind)?.command != null);
    const kinds = new Map<string, ExperimentKind>();
    for (const { plan } of groups) {
      if (kinds.has(plan.kind)) continue;
      const kind = await kindEntry(plan.kind)!.load();
      if (!kind.shardable || !kind.finish) throw new InputError({ source: plan.kind, path: '', message: 'not an experiment of a kind that can be split into shards (it has no --shard)' });
      kinds.set(plan.kind, kind);
    }
    const argv = process.argv.slice(2);
    // Every target is checked (and locked) before anything is written.
    const release = lockTargets(groups, args.out);
    const results = [];
    try {
      for (const merged of copyShards(groups, args.out, (kind) => kinds.get(kind)!.files)) {
        const outcome = await kinds.get(merged.plan.kind)!.finish!(merged.dir, merged.plan, { merged: merged.inputs });
        await whileBlockedAfterSignals(() => completeResult(outcome, { charts: args.charts, argv }));
        results.push({ merged, outcome });
      }
    } finally {
      release();
    }
    if (args.charts) writeFrontPage(args.out);
    for (const { merged, outcome } of results) {
      for (const line of outcome.lines.filter((l) => !l.startsWith('wrote '))) say(args, line);
      say(args, `merged ${merged.plan.kind} ${merged.plan.name}: ${merged.copied} runs copied, wrote ${merged.dir}`);
    }
    if (args.json) process.stdout.write(stableJson(results.map(({ merged, outcome }) => ({ dir: merged.dir, copied: merged.copied, summary: outcome.json }))));
  },
};
