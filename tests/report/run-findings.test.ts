/**
 * A run's findings answer the scenario's question first: the event it names (when it happened,
 * how the question's figure moved around it) or, when it never happened, that it did not. Events
 * are told apart as scheduled or decided by a strategy; a mean price that moves while every
 * list price is fixed is called a mix shift; satisfaction is named as the scale it is on.
 */
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../src/model/results.js';
import { summarizeRun } from '../../src/model/summary.js';
import { runFindings } from '../../src/report/run-findings.js';
import { classifyEvents, type ScenarioFacts } from '../../src/report/run-events.js';
import { axisTitle, metricAxis, metricFormat } from '../../src/report/theme.js';
import type { Scenario } from '../../src/model/schema.js';
import { fixtureRun, fixtureScenario } from './fixture.js';

/** The fixture's scenario (Bravo's launch scheduled at period 52) with a lead. */
const withLead = (lead: Scenario['lead']): ScenarioFacts => ({ ...fixtureScenario(), lead });
const findingsOf = (result: RunResult, scenario?: ScenarioFacts) =>
  runFindings({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13, scenario });

describe('events told apart', () => {
  test('scheduled events come first in their period; strategy notes give the kind; programs are followed from the start', () => {
    const result = fixtureRun();
    result.events.push(
      { period: 52, firm: 'Bravo', note: 'price 10.00 → 9.70' },
      { period: 65, firm: 'Alpha', note: "adopts a rival's program" },
      { period: 78, firm: 'Alpha', note: 'price 10.00 → 9.70; drops its program, as a more profitable rival has none' },
      { period: 91, firm: 'Bravo', note: "adopts a rival's program" },
    );
    const changes = classifyEvents(result.events, fixtureScenario());
    expect(changes.map((c) => [c.period, c.firm, c.scheduled, c.kinds])).toEqual([
      [52, 'Bravo', true, ['programLaunch']],
      [52, 'Bravo', false, ['priceChange']],
      [65, 'Alpha', false, ['programLaunch']],
      [78, 'Alpha', false, ['priceChange', 'programEnd']],
      // Bravo runs its own program since period 52: copying a rival's changes it, launches nothing
      [91, 'Bravo', false, ['programChange']],
    ]);
    // without the scenario nothing is known to be scheduled
    expect(classifyEvents(result.events, undefined).every((c) => !c.scheduled)).toBe(true);
  });
});

describe('the scenario\'s question is answered first', () => {
  test('an event that never happened says so, and names the ones that did', () => {
    const f = findingsOf(fixtureRun(), withLead({ event: 'programLaunch', firms: ['Alpha', 'Discounter'] }));
    expect(f.sentences[0]).toBe("No program launch by Alpha or Discounter in 156 periods (3.0 years): Bravo's in period 52 (year 1.0) stayed the only one.");
    expect(f.highlights[0]).toBe(f.sentences[0]);
    // Bravo's launch is still told, after the answer
    expect(f.sentences[1]).toMatch(/^Bravo launches a points program in period 52 \(year 1\.0\): its share moves from/);
  });

  test('the first of several: when, by whom, how many, and the shares around it', () => {
    const result = fixtureRun();
    result.events.push(
      { period: 70, firm: 'Alpha', note: "adopts a rival's program" },
      { period: 80, firm: 'Bravo', note: 'drops its program, as a more profitable rival has none' },
      { period: 90, firm: 'Discounter', note: "adopts a rival's program" },
    );
    const f = findingsOf(result, withLead({ event: 'programLaunch', firms: ['Alpha', 'Discounter'] }));
    expect(f.sentences[0]).toMatch(
      /^Alpha adopts a rival's program in period 70 \(year 1\.3\), the first of 2 program launches by Alpha or Discounter \(then Discounter in period 90\): its share moves from [\d.]+% in the 13 periods before to [\d.]+% in the last quarter \([+−][\d.]+ points\)\. Rivals: Bravo [+−][\d.]+ points and Discounter [+−][\d.]+ points\.$/,
    );
  });

  test('a launch that did not last is named with its end; nothing of the kind at all says so', () => {
    const result = fixtureRun();
    result.events.push({ period: 80, firm: 'Bravo', note: 'drops its program, as a more profitable rival has none' });
    expect(findingsOf(result, withLead({ event: 'programLaunch', firms: ['Alpha', 'Discounter'] })).sentences[0]).toBe(
      "No program launch by Alpha or Discounter in 156 periods (3.0 years): Bravo's in period 52 (year 1.0) stayed the only one, ended in period 80 (year 1.5).",
    );
    expect(findingsOf(result, withLead({ event: 'qualityChange' })).sentences[0]).toBe('No quality change by any firm in 156 periods (3.0 years).');
  });

  test('a market figure around the scheduled event; a figure without an event over the run; an event in the last quarter has no before', () => {
    const price = findingsOf(fixtureRun(), withLead({ event: 'scheduled', metric: 'meanPrice' })).sentences[0];
    expect(price).toBe('Bravo launches a points program in period 52 (year 1.0): the mean price moves from 9.70 in the 13 periods before to 9.50 in the last quarter (−0.20).');
    const profit = findingsOf(fixtureRun(), withLead({ metric: 'profit' })).sentences[0];
    expect(profit).toMatch(/^Profit from the first quarter to the last: Alpha [\d,]+ → [\d,]+ \([+−][\d,]+\), Bravo .* and Discounter .*\.$/);
    const late = fixtureRun();
    late.events.push({ period: 150, firm: 'Alpha', note: 'quality 0.650 → 0.700' });
    expect(findingsOf(late, withLead({ event: 'qualityChange' })).sentences[0]).toBe('Alpha sets its quality 0.650 → 0.700 in period 150 (year 2.9); within the last quarter, so no before-and-after comparison.');
  });

  test('without a lead the first event leads, and price moves at reviews are one path, not events', () => {
    const result = fixtureRun();
    result.events.push({ period: 13, firm: 'Alpha', note: 'price 10.00 → 10.30' }, { period: 104, firm: 'Alpha', note: 'price 10.30 → 9.70' });
    const f = findingsOf(result, fixtureScenario());
    expect(f.sentences[0]).toMatch(/^Bravo launches a points program in period 52/);
    expect(f.sentences.filter((s) => s.includes('price 10.00 → 10.30'))).toEqual([]);
    expect(f.sentences).toContain("List prices set at the firms' own reviews, first period → last: Alpha 10.00 → 9.70 (2 changes).");
  });
});

describe('words for prices and satisfaction', () => {
  test('a mean price that moves while every list price is fixed is a mix shift; moving list prices are not', () => {
    const fixed = fixtureRun();
    const M = fixed.firmNames.length;
    for (let t = 0; t < fixed.periods; t++) for (let j = 0; j < M; j++) fixed.firm.price[t * M + j] = j === 2 ? 9 : 10;
    const market = (r: RunResult) => findingsOf(r).sentences.find((s) => s.startsWith('From the first quarter to the last'))!;
    expect(market(fixed)).toMatch(/the mean price falls from 9\.70 to 9\.50 \(every list price is fixed: a mix shift, as purchases moved toward cheaper firms\)/);
    expect(market(fixtureRun())).not.toContain('mix shift');
  });

  test('satisfaction is experience against expectation, signed, in findings and on the axes', () => {
    const result = fixtureRun();
    const M = result.firmNames.length;
    for (let t = 0; t < result.periods; t++) result.firm.satisfaction[t * M] = -0.08;
    const loyalty = findingsOf(result).sentences.find((s) => s.includes('most satisfied'))!;
    expect(loyalty).toMatch(/^Discounter's customers are the most satisfied \(\+0\.0\d+: experience beat expectation\) and Alpha's the least \(−0\.0800: experience fell short of expectation\), satisfaction being experience minus expectation on the 0–1 quality scale/);
    expect(axisTitle('satisfaction')).toBe('satisfaction (experience − expectation)');
    expect(metricFormat('satisfaction')).toBe('+.3~f');
    expect(metricAxis('satisfaction')).toMatchObject({ labelExpr: "datum.value === 0 ? '0 as expected' : datum.label" });
  });
});

describe('which customers leave, and why', () => {
  // The fixture's switches by cause: Alpha loses 33 per period to failures, 10 to price, 5 to
  // taste and 4 to each other reason (64); the Discounter 25 to taste, 20 to price, 15 to failures (76).
  const churnSentence = (result: RunResult) => findingsOf(result).sentences.find((f) => f.startsWith('Which customers leave'));

  test('per firm: the share of a quarter\'s buyers it loses and its leavers\' leading reasons; per segment the leading one', () => {
    const result = fixtureRun();
    const summary = summarizeRun(result);
    const text = churnSentence(result)!;
    const alphaChurn = (100 * Number(summary.firms[0].churn)).toFixed(1);
    expect(text).toContain(`Alpha loses ${alphaChurn}% of a quarter's buyers; of its leavers 52% after a service failure, 16% for a cheaper rival and 8% for a rival they like better.`);
    expect(text).toContain('Discounter loses');
    expect(text).toMatch(/Discounter loses [\d.]+% of a quarter's buyers; of its leavers 33% for a rival they like better, 26% for a cheaper rival and 20% after a service failure/);
    expect(text).toMatch(/By segment, the leading reason: price seekers: \d+% after a service failure; habitual: \d+% after a service failure\.$/);
  });

  test('a run without counts by firm (saved before them) gets the market-wide decomposition', () => {
    const result = fixtureRun();
    result.leavers.byFirm.fill(NaN);
    result.leavers.bySegment.fill(NaN);
    expect(churnSentence(result)).toBeUndefined();
    expect(findingsOf(result).sentences.some((f) => /^Of [\d,]+ switches, \d+% followed a service failure, most often after lack of attention; \d+% went to a cheaper firm without one\.$/.test(f))).toBe(true);
  });
});
