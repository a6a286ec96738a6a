/**
 * Writing a result's report: its charts (charts/*.vl.json, .svg, .png), report.html, and
 * report.json, the page's text as data (title, question, findings and what they compare):
 * what the front page reads, so that it says exactly what the report says
 * without parsing HTML. Every result folder gets the same three from one call.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { stableJson } from '../io/json.js';
import { reportHtml, type ReportPage } from './html.js';
import { renderSvgs, writeCharts } from './render.js';
import type { NamedSpec } from './theme.js';
import type { ReportAnswer } from './answers.js';

/** A report before its charts are drawn, and what the front page reads of it. */
export interface ReportContent extends Omit<ReportPage, 'charts'> {
  readonly charts: readonly NamedSpec[];
  /** a game's verdict, shown beside the answer on the front page */
  readonly verdict?: string;
  /** the answer as data (a game's, a decision's): the front page opens with it */
  readonly answer?: ReportAnswer;
  /** the question the scenario belongs to (report/questions.ts): the front page groups runs by it */
  readonly topic?: string;
}

/** report.json: what the front page shows of a result. */
export type ReportSummary = Pick<ReportContent, 'title' | 'question' | 'findings' | 'basis' | 'verdict' | 'answer' | 'topic'>;
export const REPORT_SUMMARY_FILE = 'report.json';

/** charts/, report.html and report.json in `dir`; charts/ holds exactly this report's charts afterwards. */
export function writeReport(dir: string, content: ReportContent): void {
  const charts = renderSvgs(content.charts);
  writeCharts(dir, charts);
  const { verdict, answer, topic, ...page } = content;
  writeFileAtomic(join(dir, 'report.html'), reportHtml({ ...page, charts }));
  const summary: ReportSummary = {
    title: content.title,
    question: content.question,
    findings: content.findings,
    ...(content.basis ? { basis: content.basis } : {}),
    ...(verdict ? { verdict } : {}),
    ...(answer ? { answer } : {}),
    ...(topic ? { topic } : {}),
  };
  writeFileAtomic(join(dir, REPORT_SUMMARY_FILE), stableJson(summary));
}
