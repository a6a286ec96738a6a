/**
 * What a sensitivity analysis writes into <out>/<scenario>/sensitivity/, each file
 * atomically: effects.csv and summary.json; and the ranking in words for the terminal.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic.js';
import { toCsv } from '../../../io/csv.js';
import { stableJson } from '../../../io/json.js';
import { sensitivityFindings } from './report.js';
import type { Factor, MorrisEffect, OatEffect, Output } from './design.js';

export interface SensitivitySummary {
  scenario: string;
  /** with --reference: every figure is the scenario's minus the reference's, seed by seed */
  reference: string | null;
  method: 'morris' | 'oat';
  command: string;
  parameters: { path: string; lo: number; hi: number }[];
  outputs: Output[];
  trajectories?: number;
  levels: number;
  seedBase: number;
  seeds: number[];
  points: number;
  customers: number;
  periods: number;
  morris?: MorrisEffect[];
  oat?: OatEffect[];
}

export function sensitivitySummary(base: Omit<SensitivitySummary, 'parameters'> & { factors: readonly Factor[] }): SensitivitySummary {
  const { factors, ...rest } = base;
  return { ...rest, parameters: factors.map((f) => ({ path: f.path, lo: f.lo, hi: f.hi })) };
}

function effectsCsv(s: SensitivitySummary): string {
  if (s.method === 'morris') {
    return toCsv(['parameter', 'firm', 'metric', 'muStar', 'mu', 'muLow', 'muHigh', 'sigma', 'r'],
      s.morris!.map((e) => [e.parameter, e.firm, e.metric, e.muStar, e.mu, e.muLow, e.muHigh, e.sigma, e.r]));
  }
  return toCsv(['parameter', 'firm', 'metric', 'lo', 'hi', 'atLow', 'atHigh', 'swing', 'ciLow', 'ciHigh', 'n'],
    s.oat!.map((e) => [e.parameter, e.firm, e.metric, e.lo, e.hi, e.atLow, e.atHigh, e.swing, e.ciLow, e.ciHigh, e.n]));
}

/** effects.csv and summary.json. */
export function writeSensitivity(dir: string, s: SensitivitySummary): void {
  writeFileAtomic(join(dir, 'effects.csv'), effectsCsv(s));
  writeFileAtomic(join(dir, 'summary.json'), stableJson(s));
}

export const sensitivityLines = (s: SensitivitySummary): string[] => sensitivityFindings(s).map((l) => `  ${l}`);
