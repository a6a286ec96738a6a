/**
 * A result's answer as data: the verdict and what it means, one figure per firm (or option)
 * with its interval and what it says, who wins and who loses, and what the figures compare.
 * A kind that answers a question (a game, a decision) puts it in its report; report.json
 * carries it, so the front page opens with it and the main job ends with the same words.
 */
import { escapeHtml } from './format.js';

export interface AnswerFigure {
  /** the firm (or the option) */
  readonly name: string;
  /** "+205 (141 to 269)" */
  readonly value: string;
  /** what the interval says: better, worse, unresolved (a game); best, … (a decision) */
  readonly outcome: string;
}

export interface ReportAnswer {
  /** the verdict as a word (transfer, prisoners-dilemma, best: cut price 5%, …) */
  readonly verdict: string;
  /** what the verdict means, in a sentence */
  readonly meaning: string;
  /** what the figures are and compare: "profit per week in the equilibrium against mutual restraint, …" */
  readonly measure: string;
  readonly figures: readonly AnswerFigure[];
  /** who wins and who loses, or what is not resolved, in a sentence */
  readonly who: string;
}

/** The answer on the terminal: the verdict and its meaning, the figures in a column, who wins and who loses. */
export function answerLines(title: string, a: ReportAnswer): string[] {
  const width = Math.max(0, ...a.figures.map((f) => f.name.length));
  const outcomeWidth = Math.max(0, ...a.figures.map((f) => f.outcome.length));
  return [
    `${title}: ${a.verdict}: ${a.meaning}`,
    ...(a.figures.length ? [`  ${a.measure}:`] : []),
    ...a.figures.map((f) => `    ${f.name.padEnd(width)}  ${f.outcome.padEnd(outcomeWidth)}  ${f.value}`),
    `  ${a.who}`,
  ];
}

/** The answer on a page: the verdict and its meaning, the figures as a table, who wins and who loses, what they compare. */
export function answerHtml(a: ReportAnswer): string {
  const rows = a.figures.map((f) => `<tr class="${escapeHtml(f.outcome.split(/[\s:]/)[0])}"><td>${escapeHtml(f.name)}</td><td class="num">${escapeHtml(f.value)}</td><td>${escapeHtml(f.outcome)}</td></tr>`).join('');
  const table = a.figures.length ? `<p class="measure">${escapeHtml(a.measure)}:</p>
<table class="figures"><tbody>${rows}</tbody></table>` : '';
  return `<p class="verdict">Verdict: <strong>${escapeHtml(a.verdict)}</strong> — ${escapeHtml(a.meaning)}</p>
${table}
<p class="who">${escapeHtml(a.who)}</p>`;
}
