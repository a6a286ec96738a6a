/**
 * Everything one run's step functions share: the scenario's constants, the customer
 * columns, the firm table, the random streams, the period's tallies and scratch space.
 * Built once per run; the hot loop allocates nothing.
 */
import type { Scenario } from '../scenario/schema.js';
import { createFirmTable, type FirmTable } from './firm-table.js';
import { createPopulation, type Population } from './population.js';
import { streamKey } from './rng.js';
import { createTally, type Tally } from './tally.js';

/** One named stream per mechanism, so changing one mechanism does not reshuffle another. */
export interface Streams {
  readonly shop: number;
  readonly choice: number;
  readonly qualityNoise: number;
  readonly failure: number;
  readonly complaint: number;
  readonly recovery: number;
  readonly contract: number;
  readonly join: number;
  readonly wordOfMouth: number;
  readonly wordOfMouthTarget: number;
  readonly awareness: number;
}

export interface SegmentTable {
  readonly count: number;
  readonly outsideUtility: Float64Array;
  readonly joinProbability: Float64Array;
  readonly complaintProbability: Float64Array;
}

export interface Context {
  readonly scenario: Scenario;
  readonly N: number;
  readonly M: number;
  readonly K: number;
  readonly pop: Population;
  readonly firms: FirmTable;
  readonly segments: SegmentTable;
  readonly streams: Streams;
  readonly failureSeverity: Float64Array;
  // behaviour constants
  readonly clutter: number;
  readonly habitSmoothing: number;
  readonly satisfactionLearning: number;
  readonly expectationLearning: number;
  readonly qualityNoise: number;
  readonly delightThreshold: number;
  readonly disappointThreshold: number;
  readonly recoveryParadox: number;
  readonly unrecoveredPenalty: number;
  readonly referralProbability: number;
  readonly referralPrior: number;
  readonly negativeProbability: number;
  readonly negativeImpact: number;
  readonly advertisingAwareness: number;
  /** periods a failure is remembered as the reason for a later switch */
  readonly failureMemory: number;
  // per period
  readonly period: Tally;
  readonly block: Tally;
  /** running figures kept across periods, per firm */
  readonly members: Float64Array;
  readonly pointsOutstanding: Float64Array;
  // scratch for one customer's choice
  readonly utility: Float64Array;
  readonly weight: Float64Array;
}

export function createContext(scenario: Scenario, seed: number): Context {
  const M = scenario.firms.length;
  const K = scenario.failureKinds.length;
  const S = scenario.segments.length;
  const b = scenario.behaviour;
  const w = scenario.wordOfMouth;
  const key = (name: string) => streamKey(seed, name);
  const segments: SegmentTable = {
    count: S,
    outsideUtility: Float64Array.from(scenario.segments, (s) => s.outsideUtility),
    joinProbability: Float64Array.from(scenario.segments, (s) => s.joinProbability),
    complaintProbability: Float64Array.from(scenario.segments, (s) => s.complaintProbability),
  };
  return {
    scenario, N: scenario.customers, M, K,
    pop: createPopulation(scenario, seed),
    firms: createFirmTable(scenario),
    segments,
    streams: {
      shop: key('shop'), choice: key('choice'), qualityNoise: key('quality-noise'), failure: key('failure'),
      complaint: key('complaint'), recovery: key('recovery'), contract: key('contract'), join: key('join'),
      wordOfMouth: key('word-of-mouth'), wordOfMouthTarget: key('word-of-mouth-target'), awareness: key('awareness'),
    },
    failureSeverity: Float64Array.from(scenario.failureKinds, (k) => k.severity),
    clutter: scenario.clutter,
    habitSmoothing: b.habitSmoothing,
    satisfactionLearning: b.satisfactionLearning,
    expectationLearning: b.expectationLearning,
    qualityNoise: b.qualityNoise,
    delightThreshold: b.delightThreshold,
    disappointThreshold: b.disappointThreshold,
    recoveryParadox: b.recoveryParadox,
    unrecoveredPenalty: b.unrecoveredPenalty,
    referralProbability: w.referralProbability,
    referralPrior: w.referralPrior,
    negativeProbability: w.negativeProbability,
    negativeImpact: w.negativeImpact,
    advertisingAwareness: w.advertisingAwareness,
    failureMemory: scenario.reviewEvery * 2,
    period: createTally(M, K),
    block: createTally(M, K),
    members: new Float64Array(M),
    pointsOutstanding: new Float64Array(M),
    utility: new Float64Array(M),
    weight: new Float64Array(M),
  };
}
