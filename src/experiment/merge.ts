/**
 * `loyalty-sim merge`: combine shard outputs into exactly the unsharded result. Finds the
 * experiment directories (experiment.json) under each input, checks that the shards of
 * one experiment agree on its plan byte for byte, copies their runs into
 * <out>/<name>/<kind>/ and finishes that directory as the unsharded command would.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { InputError } from '../scenario/errors.js';
import { EXPERIMENT_FILE } from './execute.js';
import type { Plan } from './plan.js';
import { readCachedHeader, runFile } from './store.js';
import { finalizeExperiment, type ExperimentSummary } from './outputs.js';
import { checkOutputDir } from '../cli/common.js';

/** Experiment directories at or below `root` (a shard's --out, or an experiment dir itself). */
export function findExperimentDirs(root: string, depth = 4): string[] {
  if (existsSync(join(root, EXPERIMENT_FILE))) return [root];
  if (depth === 0) return [];
  const found: string[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.') || name === 'runs' || name === 'charts') continue;
    const path = join(root, name);
    if (statSync(path).isDirectory()) found.push(...findExperimentDirs(path, depth - 1));
  }
  return found;
}

export interface MergeResult {
  readonly dir: string;
  readonly copied: number;
  readonly summary: ExperimentSummary;
}

export async function mergeOutputs(inputs: readonly string[], out: string, options: { charts: boolean; argv: readonly string[] }): Promise<MergeResult[]> {
  checkOutputDir(out);
  const groups = new Map<string, { text: string; plan: Plan; dirs: string[] }>();
  for (const input of inputs) {
    if (!existsSync(input) || !statSync(input).isDirectory()) throw new InputError({ source: input, path: '', message: 'expected a directory written by replicate, compare, grid or game (--shard)' });
    const dirs = findExperimentDirs(input);
    if (dirs.length === 0) throw new InputError({ source: input, path: '', message: `no experiment found (no ${EXPERIMENT_FILE} at or below it)` });
    for (const dir of dirs) {
      const text = readFileSync(join(dir, EXPERIMENT_FILE), 'utf8');
      let plan: Plan;
      try {
        plan = JSON.parse(text) as Plan;
      } catch (e) {
        throw new InputError({ source: join(dir, EXPERIMENT_FILE), path: '', message: `unreadable (${(e as Error).message})` });
      }
      const id = `${plan.name}/${plan.kind}`;
      const group = groups.get(id);
      if (!group) groups.set(id, { text, plan, dirs: [dir] });
      else if (group.text !== text) {
        throw new InputError({ source: join(dir, EXPERIMENT_FILE), path: '', message: `a different experiment than ${join(group.dirs[0], EXPERIMENT_FILE)} (options, scenario or tool version differ): shards must come from the same command` });
      } else group.dirs.push(dir);
    }
  }
  const results: MergeResult[] = [];
  for (const { text, plan, dirs } of groups.values()) {
    const target = resolve(out, plan.name, plan.kind);
    writeFileAtomic(join(target, EXPERIMENT_FILE), text);
    const targetReal = realpathSync(target);
    let copied = 0;
    for (const job of plan.jobs) {
      if (readCachedHeader(target, job.key, job.hash)) continue;
      for (const dir of dirs) {
        if (realpathSync(dir) === targetReal) continue;
        if (readCachedHeader(dir, job.key, job.hash)) {
          writeFileAtomic(runFile(target, job.key), readFileSync(runFile(dir, job.key)));
          copied++;
          break;
        }
      }
    }
    const { summary } = await finalizeExperiment(target, { charts: options.charts, argv: options.argv, manifest: { merged: dirs.map((d) => resolve(d)) } });
    results.push({ dir: target, copied, summary });
  }
  return results;
}
