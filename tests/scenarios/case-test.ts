/**
 * One vitest test per case of the scenario library: measure the case across seeds and
 * check that every claim holds (each claim is an interval entirely on one side of zero,
 * or a bound, computed in cases.ts). A failing claim prints the case's figures.
 */
import { expect, it } from 'vitest';
import { caseById, formatFigure } from './cases.js';
import { sharedRunner, type RunnerSettings } from './helpers.js';

/**
 * Test size: 8 seeds and 1,500 customers (more where a case's effect is small: the
 * case's test file says so) keep the whole suite within about two minutes even when
 * vitest runs the files one at a time.
 */
export const TEST_SETTINGS: RunnerSettings = { seeds: 8, customers: 1500 };

export function caseTest(id: string, settings: RunnerSettings = TEST_SETTINGS): void {
  const c = caseById(id);
  it(`${c.title}: every claim holds across ${settings.seeds} seeds`, () => {
    const result = c.measure(sharedRunner(settings));
    const figures = result.figures.map((f) => `  ${f.label}: ${formatFigure(f)}`).join('\n');
    if (process.env.SCENARIO_FIGURES) {
      const claims = result.claims.map((cl) => `  [${cl.holds ? 'holds' : 'FAILS'}; ${cl.verdict}] ${cl.text}`).join('\n');
      console.log(`${c.title}\n${figures}\n${claims}`);
    }
    expect(result.claims.length).toBeGreaterThan(0);
    for (const claim of result.claims) expect.soft(claim.holds, `${claim.text}\n${figures}`).toBe(true);
  }, 300_000);
}
