/**
 * Merging shard outputs: finds the experiment directories (experiment.json) under each
 * input, checks that the shards of one experiment agree on its plan byte for byte, and
 * copies their runs into <out>/<name>/<kind or its variant's folder>/. The kind then
 * finishes that directory as the unsharded command would (cli/commands/merge.ts).
 */
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';
import { lockResultDir } from '../../io/lock.js';
import { checkResultDir, createResultDir, experimentLayout } from '../../io/ownership.js';
import { InputError } from '../../errors.js';
import { EXPERIMENT_FILE } from './execute.js';
import { resultFolderOf, type Plan } from './plan.js';
import { readCachedHeader, runFile, type CacheDamage } from './store.js';

/**
 * Experiment directories at or below `root` (a shard's --out, or an experiment dir itself).
 * Links are not followed and unreadable folders are skipped, so any folder (even /etc)
 * can be searched.
 */
export function findExperimentDirs(root: string, depth = 4): string[] {
  if (existsSync(join(root, EXPERIMENT_FILE))) return [root];
  if (depth === 0) return [];
  let names: string[];
  try {
    names = readdirSync(root).sort();
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === 'runs' || name === 'charts') continue;
    const path = join(root, name);
    let isDir = false;
    try {
      isDir = lstatSync(path).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) found.push(...findExperimentDirs(path, depth - 1));
  }
  return found;
}

/** One experiment of the inputs, its runs copied into its folder under the output. */
export interface MergedExperiment {
  readonly dir: string;
  readonly plan: Plan;
  readonly copied: number;
  /** the shard directories it was merged from */
  readonly inputs: readonly string[];
}

/** The experiments under `inputs`, grouped, each checked to be one plan. */
export function findShards(inputs: readonly string[], mergeable: (kind: string) => boolean): { text: string; plan: Plan; dirs: string[] }[] {
  const groups = new Map<string, { text: string; plan: Plan; dirs: string[] }>();
  for (const input of inputs) {
    if (!existsSync(input) || !statSync(input).isDirectory()) throw new InputError({ source: input, path: '', message: 'expected a directory written by an experiment with --shard (replicate, compare, grid, game, decide)' });
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
      // The plan names the folder it is merged into: only a plain name (or a theatre map's
      // cell, <plain name>/game-map[-<variant>]/cell-<k>), a kind that can be split, and
      // its own folder or a variant of it (<kind>-<variant>).
      const plain = /^(?![.\s])[^/\\\u0000-\u001f]{1,100}$/;
      const name = typeof plan?.name === 'string' ? plan.name : '';
      const kind = typeof plan?.kind === 'string' ? plan.kind : '';
      const mapCell = kind === 'game' && /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,79}\/game-map(-[A-Za-z0-9_-][A-Za-z0-9._-]{0,79})?\/cell-\d{1,6}$/.test(name);
      const folder = plan?.folder === undefined || (typeof plan.folder === 'string' && plan.folder.startsWith(`${kind}-`) && /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(plan.folder));
      if (!(plain.test(name) || mapCell) || !mergeable(kind) || !folder) {
        throw new InputError({ source: join(dir, EXPERIMENT_FILE), path: '', message: 'not an experiment of a kind that can be split into shards (unexpected name, folder or kind)' });
      }
      const id = `${plan.name}/${resultFolderOf(plan)}`;
      const group = groups.get(id);
      if (!group) groups.set(id, { text, plan, dirs: [dir] });
      else if (group.text !== text) {
        throw new InputError({ source: join(dir, EXPERIMENT_FILE), path: '', message: `a different experiment than ${join(group.dirs[0], EXPERIMENT_FILE)} (options, scenario or tool version differ): shards must come from the same command` });
      } else group.dirs.push(dir);
    }
  }
  return [...groups.values()];
}

/**
 * Copy each experiment's runs into its result folder (the caller holds the targets'
 * locks, taken by `lockTargets`); the kind finishes each afterwards.
 */
export function copyShards(groups: readonly { text: string; plan: Plan; dirs: string[] }[], out: string, files: (kind: string) => readonly (string | RegExp)[]): MergedExperiment[] {
  for (const { plan } of groups) checkResultDir(resolve(out, plan.name, resultFolderOf(plan)), experimentLayout(files(plan.kind)));
  const sources = groups.map(({ plan, dirs }) => runSources(plan, dirs, resolve(out, plan.name, resultFolderOf(plan))));
  return groups.map(({ text, plan, dirs }, g) => {
    const target = resolve(out, plan.name, resultFolderOf(plan));
    createResultDir(target);
    writeFileAtomic(join(target, EXPERIMENT_FILE), text);
    let copied = 0;
    for (const [key, dir] of sources[g]) {
      if (dir === null) continue;
      writeFileAtomic(runFile(target, key), readFileSync(runFile(dir, key)));
      copied++;
    }
    return { dir: target, plan, copied, inputs: dirs.map((d) => resolve(d)) };
  });
}

/**
 * Where each run of the plan is to be taken from: the shard folder holding it intact, or
 * null when the target has it already. A run found only with a failed checksum (damaged on
 * disk or on the way from a cluster) is refused naming the file, before anything is written.
 */
function runSources(plan: Plan, dirs: readonly string[], target: string): Map<string, string | null> {
  const targetReal = existsSync(target) ? realpathSync(target) : null;
  const sources = new Map<string, string | null>();
  const damaged: string[] = [];
  for (const job of plan.jobs) {
    if (readCachedHeader(target, job.key, job.hash)) {
      sources.set(job.key, null);
      continue;
    }
    const damage: CacheDamage = { damaged: 0 };
    const from = dirs.find((dir) => realpathSync(dir) !== targetReal && readCachedHeader(dir, job.key, job.hash, damage));
    if (from) sources.set(job.key, from);
    else if (damage.damaged > 0) damaged.push(...dirs.filter((dir) => existsSync(runFile(dir, job.key))).map((dir) => runFile(dir, job.key)));
  }
  if (damaged.length > 0) {
    throw new InputError({
      source: damaged[0],
      path: '',
      message: `failed its checksum (the file is damaged), so its run cannot be merged${damaged.length > 1 ? ` (${damaged.length} damaged run files in all)` : ''}; run that shard again, then merge`,
    });
  }
  return sources;
}

/** Lock every target folder before anything is written; the returned function releases them all. */
export function lockTargets(groups: readonly { plan: Plan }[], out: string): () => void {
  const releases: (() => void)[] = [];
  try {
    for (const { plan } of groups) releases.push(lockResultDir(resolve(out, plan.name, resultFolderOf(plan))));
  } catch (e) {
    for (const release of releases) release();
    throw e;
  }
  return () => { for (const release of releases) release(); };
}
