/**
 * loyalty-sim report <dir>: redraw charts/ and report.html of a saved run from its files
 * (after an upgrade, or for a run made with --no-charts), then the output index of the
 * directory two levels up (<out>/<scenario>/seed-N → <out>) when that index is the tool's.
 * The run directory is a writer's like any other: locked, holding only the tool's names,
 * rebuilt beside itself and swapped in whole, like a fresh run.
 */
import type { CommandBody } from './index.js';
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TEMP_FILE, replaceDirAtomic, writeFileAtomic } from '../../io/atomic.js';
import { claimRunDir, indexRootOfRun } from '../../io/ownership.js';
import { whileBlockedAfterSignals } from '../../io/interrupt.js';
import { hashOutputs } from '../../io/manifest.js';
import { stableJson } from '../../io/json.js';
import { readRunDir } from '../../report/read-run.js';
import { renderRunReport } from '../../report/run-report.js';
import { writeFrontPage } from '../front-page.js';
import { InputError } from '../../errors.js';
import { TOOL_VERSION } from '../../version.js';
import { say } from '../common.js';

interface ReportArgs {
  dir: string;
  index: boolean;
  quiet: boolean;
}

/** What the report writes; everything else in the directory is data and is kept. */
const DRAWN = new Set(['charts', 'report.html', 'report.json']);

export const command: CommandBody<ReportArgs> = {
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'a run directory, <out>/<scenario>/seed-N' })
      .option('index', { type: 'boolean', default: true, describe: 'rewrite <out>/index.html too, when loyalty-sim wrote it (--no-index to skip)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' }) as never,
  handler: async (args) => {
    const dir = resolve(args.dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError({ source: args.dir, path: '', message: 'expected a result directory' });
    if (!existsSync(join(dir, 'timeseries.csv'))) {
      throw new InputError({ source: args.dir, path: '', message: 'expected a run directory (<out>/<scenario>/seed-N with timeseries.csv); experiment reports are redrawn by re-running their command' });
    }
    const release = claimRunDir(dir);
    let scenarioName: string;
    try {
      scenarioName = await whileBlockedAfterSignals(() => {
        const { scenario, result } = readRunDir(dir);
        replaceDirAtomic(dir, (tmp) => {
          for (const name of readdirSync(dir)) if (!DRAWN.has(name) && !TEMP_FILE.test(name)) cpSync(join(dir, name), join(tmp, name), { recursive: true });
          renderRunReport(tmp, { scenario, result });
          refreshManifest(tmp, process.argv.slice(2));
        });
        return scenario.name;
      });
    } finally {
      release();
    }
    say(args, `redrew ${dir}`);
    if (!args.index) return;
    const index = indexRootOfRun(dir, scenarioName);
    if ('root' in index) writeFrontPage(index.root);
    else say(args, `left the results index alone: ${index.why}`);
  },
};

/** The outputs changed, so their hashes must follow; the rest of the manifest (seed, command, input) stays. */
function refreshManifest(dir: string, argv: string[]): void {
  const file = join(dir, 'manifest.json');
  const manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const outputs = hashOutputs(dir);
  writeFileAtomic(file, stableJson({ ...manifest, outputs, redrawn: { version: TOOL_VERSION, command: argv } }));
}
