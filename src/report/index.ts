/**
 * Charts and reports. Every result directory gets charts/ (Vega-Lite specs, SVG,
 * PNG) and a self-contained report.html; <out>/index.html links them all.
 */
import type { ExperimentReportInput } from '../experiment/types.js';

export { renderRunReport, type RunReportInput } from './run-report.js';
export { writeOutputIndex } from './output-index.js';
export { renderExperimentReport } from './experiment-report.js';
export type { ExperimentReportInput };
export { renderGameMapReport } from './game-map-report.js';
