/**
 * Charts and reports. PLACEHOLDER until the report module lands (issue 4):
 * renderRunReport writes charts/ and report.html into a run directory;
 * writeOutputIndex writes <out>/index.html linking every result.
 */
import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from '../model/results.js';

export interface RunReportInput {
  readonly scenario: Scenario;
  readonly result: RunResult;
}

export function renderRunReport(_dir: string, _input: RunReportInput): void {}

export function writeOutputIndex(_outRoot: string): void {}
