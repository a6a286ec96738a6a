/**
 * Charts and reports (issue 4). Every result directory gets charts/ (Vega-Lite specs, SVG,
 * PNG) and a self-contained report.html; <out>/index.html links them all.
 */
import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from '../model/results.js';
import type { ExperimentReportInput } from '../experiment/types.js';
import { renderRunReport as renderRun } from './run-report.js';

export interface RunReportInput {
  readonly scenario: Scenario;
  readonly result: RunResult;
}

/** charts/ and report.html into a run directory that already holds the data files. */
export function renderRunReport(dir: string, input: RunReportInput): void {
  renderRun(dir, input.scenario, input.result);
}

export { writeOutputIndex } from './output-index.js';
export { renderExperimentReport } from './experiment-report.js';
export type { ExperimentReportInput };
