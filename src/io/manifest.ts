/**
 * manifest.json: what made a result (tool, version, command, input) and the sha256 of each
 * of its files. Written last, it marks the result complete; it is the one file allowed to
 * differ between identical runs.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TOOL_VERSION } from '../version.js';
import { writeFileAtomic } from './atomic.js';
import { sha256 } from './hash.js';
import { stableJson } from './json.js';

/** sha256 of every file under `dir` but manifest.json, by relative path, in sorted order. */
export function hashOutputs(dir: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'manifest.json') outputs[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  walk(dir);
  return outputs;
}

/** manifest.json: the one file allowed to differ between identical runs. */
export function writeManifest(dir: string, info: { seed?: number; argv: readonly string[]; inputFile?: string; extra?: Record<string, unknown> }): void {
  const outputs = hashOutputs(dir);
  let inputHash: string | undefined;
  try {
    if (info.inputFile) inputHash = sha256(readFileSync(info.inputFile));
  } catch {
    inputHash = undefined;
  }
  writeFileAtomic(join(dir, 'manifest.json'), stableJson({
    tool: 'loyalty-sim',
    version: TOOL_VERSION,
    node: process.version,
    seed: info.seed,
    command: info.argv,
    input: info.inputFile ? { file: info.inputFile, sha256: inputHash } : undefined,
    ...info.extra,
    outputs,
    complete: true,
  }));
}
