/**
 * The output directory of one run (INTERFACE.md): CSVs, summary, resolved scenario,
 * manifest, and (unless --no-charts) charts and report. Built beside the target and
 * swapped in whole.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from '../model/results.js';
import { summarizeRun, type RunSummary } from '../model/summary.js';
import { marketCsv, timeseriesCsv } from './csv.js';
import { replaceDirAtomic, writeFileAtomic } from './atomic.js';
import { writeMarker } from './ownership.js';
import { stableJson } from './json.js';
import { sha256 } from './hash.js';
import { TOOL_VERSION } from '../version.js';

export interface RunOutputOptions {
  readonly charts: boolean;
  readonly argv: readonly string[];
  readonly inputFile: string;
  /** renders charts/ and report.html into a directory that already holds the data files */
  readonly renderReport?: (dir: string, summary: RunSummary) => void;
}

export function runDir(out: string, scenarioName: string, seed: number): string {
  return join(out, scenarioName, `seed-${seed}`);
}

export function writeRunOutput(dir: string, scenario: Scenario, result: RunResult, options: RunOutputOptions): RunSummary {
  const summary = summarizeRun(result);
  replaceDirAtomic(dir, (tmp) => {
    writeMarker(tmp);
    writeFileAtomic(join(tmp, 'timeseries.csv'), timeseriesCsv(result));
    writeFileAtomic(join(tmp, 'market.csv'), marketCsv(result));
    writeFileAtomic(join(tmp, 'summary.json'), stableJson(summary));
    writeFileAtomic(join(tmp, 'scenario.json'), stableJson(scenario));
    writeFileAtomic(join(tmp, 'events.json'), stableJson({ events: result.events, final: result.final }));
    if (options.charts && options.renderReport) options.renderReport(tmp, summary);
    writeManifest(tmp, { seed: result.seed, argv: options.argv, inputFile: options.inputFile });
  });
  return summary;
}

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
