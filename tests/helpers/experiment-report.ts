/**
 * A plan experiment's report from its report input, by its kind (the kind's own
 * `reportOf` and `findingsOf`): for tests of charts and findings built from fixtures.
 */
import type { ExperimentReportInput } from '../../src/experiment/types.js';
import * as compare from '../../src/experiment/kinds/compare.js';
import * as game from '../../src/experiment/kinds/game/finish.js';
import * as grid from '../../src/experiment/kinds/grid.js';
import * as replicate from '../../src/experiment/kinds/replicate.js';
import type { Findings } from '../../src/report/findings.js';
import type { NamedSpec } from '../../src/report/theme.js';
import { writeReport, type ReportContent } from '../../src/report/write-report.js';

const KINDS = { replicate, compare, grid, game } as const;

/** The module of a fixture's kind (the fixtures are of these four). */
const kindOf = (input: ExperimentReportInput) => KINDS[input.kind as keyof typeof KINDS];

export const experimentReport = (input: ExperimentReportInput): ReportContent => kindOf(input).reportOf(input);
export const experimentCharts = (input: ExperimentReportInput): readonly NamedSpec[] => experimentReport(input).charts;
export const experimentFindings = (input: ExperimentReportInput): Findings => kindOf(input).findingsOf(input);
/** charts/, report.html and report.json of the experiment in `dir`. */
export const renderExperimentReport = (dir: string, input: ExperimentReportInput): void => writeReport(dir, experimentReport(input));
