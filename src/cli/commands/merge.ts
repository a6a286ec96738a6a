/** loyalty-sim merge <dir>...: combine shard outputs into exactly the unsharded result. */
import type { CommandBody } from './index.js';
import { say } from '../common.js';
import { writeOutputIndex } from '../../report/index.js';
import { stableJson } from '../../io/json.js';
import { mergeOutputs } from '../../experiment/engine/merge.js';
import { resultLines } from '../../experiment/outputs.js';

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
    const results = await mergeOutputs(args.dirs.map(String), args.out, { charts: args.charts, argv: process.argv.slice(2) });
    if (args.charts) writeOutputIndex(args.out);
    for (const r of results) {
      for (const line of resultLines(r.summary)) say(args, line);
      say(args, `merged ${r.summary.kind} ${r.summary.name}: ${r.copied} runs copied, wrote ${r.dir}`);
    }
    if (args.json) process.stdout.write(stableJson(results.map((r) => ({ dir: r.dir, copied: r.copied, summary: r.summary }))));
  },
};
