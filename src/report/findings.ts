/**
 * Findings: a few sentences written from the numbers, so that a reader gets the story of
 * a result before reading a chart. Each sentence states figures, never a judgement the
 * numbers do not carry, and every set of findings says what its figures compare (one
 * draw, or means and paired differences over seeds). Built once per result: the reports,
 * the command line and the output index all show these same sentences. A run's are
 * written in run-findings.ts, an experiment's by its kind (src/experiment/kinds/).
 */

export interface Findings {
  /** what the figures are and what they compare, e.g. "one draw (seed 7)" or "paired over 8 seeds vs baseline" */
  readonly basis: string;
  /** most telling first */
  readonly sentences: readonly string[];
  /** the few sentences that matter most (for the command line's last lines and the index) */
  readonly highlights: readonly string[];
}

/** Findings as the command line prints them (stderr, after the result's path). */
export function findingsLines(f: Findings): string[] {
  return [`Findings (${f.basis}):`, ...f.sentences.map((s) => `  - ${s}`)];
}
