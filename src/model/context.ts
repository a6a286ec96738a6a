/**
 * Everything one run's step functions share: the scenario's constants, the customer
 * columns, the firm table, the random streams, the period's tallies and scratch space.
 * Built once per run; the hot loop allocates nothing.
 */
import type { Scenario } from './schema.js';
import { createBuyingWindows, type BuyingWindows } from './buying-windows.js';
import { createFirmTable, type FirmTable } from './firm-table.js';
import { createPopulation, type Population } from './population.js';
import { streamKey } from './rng.js';
import { tasteKeys } from './tastes.js';
import { leavingCauses } from './metrics.js';
import { createTally, leaverRows, type LeaverRows, type Tally } from './tally.js';

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
  readonly relocation: number;
}

export interface SegmentTable {
  readonly count: number;
  readonly outsideUtility: Float64Array;
  readonly joinProbability: Float64Array;
  readonly complaintProbability: Float64Array;
  /** σ_τ and μ per segment (tastes.ts, relocation.ts) */
  readonly tasteSd: Float64Array;
  readonly relocationRate: Float64Array;
  /** some segment moves home (else the relocation pass draws nothing) */
  readonly anyRelocation: boolean;
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
  /** each firm's taste stream, keyed by its name (tastes.ts) */
  readonly tasteKeys: Uint32Array;
  readonly failureSeverity: Float64Array;
  // behaviour constants
  readonly clutter: number;
  readonly habitSmoothing: number;
  /** what a habit update adds to a firm not chosen (0) and to the chosen one (1 − α): indexed, so no branch on which */
  readonly habitStep: Float64Array;
  readonly satisfactionLearning: number;
  /** ℓ: how much more a negative disconfirmation moves satisfaction than a positive one */
  readonly lossAversion: number;
  /** ρ: how far perceived quality moves toward each experience */
  readonly qualityLearning: number;
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
  /** periods a failure (or a move home) is remembered as the reason for a later switch */
  readonly failureMemory: number;
  /** where the switches by cause go in the market tally (leaving.ts) */
  readonly leavers: LeaverRows;
  /** c = max(0, m − clutterFreeMemberships) by number of memberships m (0..255): the memberships that clutter */
  readonly clutteringMemberships: Float64Array;
  /** σ = 1/(1 + κ·c) by number of memberships m (0..255): the salience of quality and rewards */
  readonly salienceByMemberships: Float64Array;
  /** 1 − 1/n by number of firms considered n (index 0 unused): how far p̄_i moves with p_j */
  readonly meanPriceComplement: Float64Array;
  // per period
  readonly period: Tally;
  readonly block: Tally;
  /** running figures kept across periods, per firm */
  readonly members: Float64Array;
  readonly pointsOutstanding: Float64Array;
  /** the last closed quarter's and year's repeat-buying figures (buying-windows.ts) */
  readonly windows: BuyingWindows;
  /** scratch for a chunk of customers stepped together (customer-step.ts) */
  readonly chunk: Chunk;
}

/** Customers are stepped in chunks of at most this many; any chunk size gives the same result. */
export const CHUNK_SIZE = 1024;

/**
 * What the passes over one chunk of customers hand each other (customer-step.ts): the
 * shoppers, their options' utilities and logit weights (row k holds shopper k's M firms
 * and, at index M, the outside option), and the buyers with what they bought.
 */
export interface Chunk {
  readonly shoppers: Int32Array;
  readonly utility: Float64Array; // CHUNK_SIZE × (M + 1)
  readonly weight: Float64Array; // CHUNK_SIZE × (M + 1)
  /** per shopper: the largest utility, and the sum of the weights exp(V − best) */
  readonly best: Float64Array;
  readonly weightSum: Float64Array;
  /** per shopper: the firm chosen, or −1 for not buying */
  readonly chosen: Int32Array;
  readonly buyers: Int32Array;
  readonly buyerFirm: Int32Array;
  /** per buyer: what the basket cost, the quality experienced, the disconfirmation */
  readonly spend: Float64Array;
  readonly experienced: Float64Array;
  readonly disconfirmation: Float64Array;
  /** 2 × M: p_j − p̄ over all firms, then over one customer's known firms */
  readonly priceGap: Float64Array;
}

export function createChunk(M: number): Chunk {
  const n = CHUNK_SIZE;
  return {
    shoppers: new Int32Array(n),
    utility: new Float64Array(n * (M + 1)),
    weight: new Float64Array(n * (M + 1)),
    best: new Float64Array(n),
    weightSum: new Float64Array(n),
    chosen: new Int32Array(n),
    buyers: new Int32Array(n),
    buyerFirm: new Int32Array(n),
    spend: new Float64Array(n),
    experienced: new Float64Array(n),
    disconfirmation: new Float64Array(n),
    priceGap: new Float64Array(2 * M),
  };
}

export interface ContextOptions {
  /** allocate the customer columns on SharedArrayBuffers (worker threads step them in place) */
  readonly shared?: boolean;
  /** keep each period's occasions for a panel observer (panel.ts) */
  readonly panel?: boolean;
  /** build around existing customer columns and firm table: a worker thread's view of a run */
  readonly pop?: Population;
  readonly firms?: FirmTable;
}

export function createContext(scenario: Scenario, seed: number, options: ContextOptions = {}): Context {
  const M = scenario.firms.length;
  const K = scenario.failureKinds.length;
  const S = scenario.segments.length;
  const C = leavingCauses(scenario.failureKinds.map((k) => k.name)).length;
  const b = scenario.behaviour;
  const w = scenario.wordOfMouth;
  const key = (name: string) => streamKey(seed, name);
  const clutteringMemberships = Float64Array.from({ length: 256 }, (_, m) => Math.max(0, m - scenario.clutterFreeMemberships));
  const segments: SegmentTable = {
    count: S,
    outsideUtility: Float64Array.from(scenario.segments, (s) => s.outsideUtility),
    joinProbability: Float64Array.from(scenario.segments, (s) => s.joinProbability),
    complaintProbability: Float64Array.from(scenario.segments, (s) => s.complaintProbability),
    tasteSd: Float64Array.from(scenario.segments, (s) => s.tasteSd),
    relocationRate: Float64Array.from(scenario.segments, (s) => s.relocationRate),
    anyRelocation: scenario.segments.some((s) => s.relocationRate > 0),
  };
  return {
    scenario, N: scenario.customers, M, K,
    pop: options.pop ?? createPopulation(scenario, seed, { shared: options.shared, panel: options.panel }),
    firms: options.firms ?? createFirmTable(scenario),
    segments,
    streams: {
      shop: key('shop'), choice: key('choice'), qualityNoise: key('quality-noise'), failure: key('failure'),
      complaint: key('complaint'), recovery: key('recovery'), contract: key('contract'), join: key('join'),
      wordOfMouth: key('word-of-mouth'), wordOfMouthTarget: key('word-of-mouth-target'), awareness: key('awareness'),
      relocation: key('relocation'),
    },
    tasteKeys: tasteKeys(scenario, seed),
    failureSeverity: Float64Array.from(scenario.failureKinds, (k) => k.severity),
    clutter: scenario.clutter,
    habitSmoothing: b.habitSmoothing,
    habitStep: Float64Array.of(0, 1 - b.habitSmoothing),
    satisfactionLearning: b.satisfactionLearning,
    lossAversion: b.lossAversion,
    qualityLearning: b.qualityLearning,
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
    clutteringMemberships,
    salienceByMemberships: clutteringMemberships.map((c) => 1 / (1 + scenario.clutter * c)),
    meanPriceComplement: Float64Array.from({ length: M + 1 }, (_, n) => (n > 0 ? 1 - 1 / n : 0)),
    leavers: leaverRows(M, C),
    period: createTally(M, S, C),
    block: createTally(M, S, C),
    members: new Float64Array(M),
    pointsOutstanding: new Float64Array(M),
    windows: createBuyingWindows(M, scenario.periodsPerYear),
    chunk: createChunk(M),
  };
}
