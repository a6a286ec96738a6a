/**
 * Interval coverage on a simulator metric whose expectation is known: in a market of two
 * identical firms, firm A's purchase share has expectation 1/2 by symmetry. The experiment
 * pipeline (run reduction, per-period streaming cells, t-intervals) must cover 1/2 about
 * 95% of the time.
 */
import { describe as suite, expect, it } from 'vitest';
import { reduceRun } from '../../src/experiment/engine/run-job.js';
import { simulate } from '../../src/model/simulate.js';
import { replicateSeed } from '../../src/model/rng.js';
import { RunningCells, describe } from '../../src/stats/index.js';
import { firmBlock } from '../../src/experiment/engine/run-record.js';
import { tinyScenario } from '../helpers/scenario.js';

suite('coverage on a symmetric market', () => {
  it('95% intervals of firm A\'s share (end of run, and last period) cover 1/2 about 95% of the time', () => {
    const scenario = tinyScenario({ customers: 150, periods: 8 });
    const metrics = { firm: ['share'], market: [] };
    const experiments = 300, n = 8;
    let coveredSummary = 0, coveredLast = 0;
    const T = scenario.periods, M = 2;
    for (let e = 0; e < experiments; e++) {
      const shares: number[] = [];
      const cells = new RunningCells(T * M);
      for (let k = 0; k < n; k++) {
        const record = reduceRun(simulate(scenario, replicateSeed(1000 + e, k)), { key: 'x', hash: 'h', metrics });
        shares.push(Number(record.summary.firms[0].share));
        for (let c = 0; c < T * M; c++) cells.push(c, record.series[firmBlock(0, T, M) + c]);
      }
      const d = describe(shares);
      if (d.ciLow <= 0.5 && 0.5 <= d.ciHigh) coveredSummary++;
      const last = cells.describe((T - 1) * M + 0);
      if (last.ciLow <= 0.5 && 0.5 <= last.ciHigh) coveredLast++;
    }
    // binomial sd of a coverage over 300 intervals ≈ 0.0126: accept 0.91–0.99 (≈3 sd)
    for (const c of [coveredSummary / experiments, coveredLast / experiments]) {
      expect(c).toBeGreaterThan(0.91);
      expect(c).toBeLessThan(0.99);
    }
  });
});
