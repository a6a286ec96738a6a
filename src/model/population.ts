/**
 * The customers: one typed-array column per attribute (data-oriented: the hot loop
 * reads columns, never objects), and N × M columns for per-firm state.
 *
 * Float32 holds behavioural state (satisfaction, habit, weights): seven significant
 * digits are far below the model's noise and halve the memory of the largest arrays.
 * Points are integers (Int32) so that points are conserved exactly.
 */
import type { Scenario } from './schema.js';
import { draw } from './distributions.js';
import { AddressedSequence, streamKey } from './rng.js';
import { drawTastes, FIRST_DRAW, tasteKeys } from './tastes.js';

export const NO_FIRM = -1;
/** movedAt of a customer who has not moved home: further back than any memory reaches */
export const NEVER_MOVED = -(2 ** 30);

export interface Population {
  readonly size: number;
  readonly firmCount: number;
  // per customer, fixed at start
  readonly segment: Uint8Array;
  /**
   * What the customer did on this period's shopping occasion: the firm chosen, −1 for not
   * buying, −2 for no occasion. Kept only while a panel observes the run (null otherwise).
   */
  readonly occasion: Int8Array | null;
  readonly shopProbability: Float32Array;
  readonly basketValue: Float32Array;
  readonly priceSensitivity: Float32Array;
  readonly qualityWeight: Float32Array;
  readonly rewardWeight: Float32Array;
  readonly habitWeight: Float32Array;
  readonly satisfactionWeight: Float32Array;
  readonly switchingCost: Float32Array;
  // per customer, evolving
  readonly expectation: Float32Array;
  readonly currentFirm: Int8Array;
  readonly memberships: Uint8Array;
  readonly contractFirm: Int8Array;
  readonly contractEnd: Int32Array;
  readonly lastFailureKind: Int8Array;
  readonly lastFailurePeriod: Int32Array;
  /** the period of the customer's last move home (NEVER_MOVED if it has not moved; relocation.ts) */
  readonly movedAt: Int32Array;
  /** how many firms the customer knows (the number of 1s in its row of `aware`) */
  readonly awareCount: Uint8Array;
  /**
   * A lower bound on the last purchase of every firm where the customer holds points:
   * no points can lapse before it plus the shortest expiry, so the expiry pass skips the
   * customer's row until then (programs.ts).
   */
  readonly pointsSince: Int32Array;
  /** 1 when word of mouth was sent to the customer for that period (double-buffered like the inboxes) */
  readonly mailIn: [Uint8Array, Uint8Array];
  /** the firm with most of the customer's purchases in the last closed year (−1: none; buying-windows.ts) */
  readonly mainFirm: Int8Array;
  // per customer × firm (index i * M + j)
  readonly satisfaction: Float32Array;
  readonly habit: Float32Array;
  /**
   * Q_ij, what customer i believes firm j's quality is: the firm's reputation (q_j) when
   * the customer learns of it, then moved toward each experience there (experience.ts)
   */
  readonly perceivedQuality: Float32Array;
  /** τ_ij, the customer's own taste for firm j in utility units (tastes.ts) */
  readonly taste: Float32Array;
  readonly points: Int32Array;
  readonly lastPurchase: Int32Array;
  readonly member: Uint8Array;
  readonly aware: Uint8Array;
  /** word of mouth received last period, applied at the customer's next step (double-buffered) */
  readonly referralsIn: [Uint8Array, Uint8Array];
  readonly warningsIn: [Uint8Array, Uint8Array];
  /**
   * Repeat-buying counters (buying-windows.ts), one 16-bit word per customer and firm: the
   * customer's purchases at j this year in the low 14 bits (saturating at 16,383), and two
   * flags: bought at j this quarter, and in the previous quarter.
   */
  readonly purchaseCounts: Uint16Array;
}

/**
 * Bytes of state per customer for M firms (used by the memory estimate): the typed
 * arrays below, exactly (tests/perf/memory.test.ts checks it against a population).
 * Per customer: eight Float32 parameters and the expectation (36), segment, current firm,
 * memberships, contract firm, last failure kind, aware count (1 each), contract end, last
 * failure period, last move, points bound (4 each), two mail flags, main firm (1 each) = 61. Per
 * customer and firm: satisfaction, habit, perceived quality, taste (Float32), points,
 * last purchase (Int32), member, aware (1), two referral and two warning inboxes (1
 * each), the year's purchase count with the quarter's flags (2) = 32.
 */
export const bytesPerCustomer = (firms: number): number => 9 * 4 + 6 * 1 + 4 * 4 + 3 * 1 + firms * (4 + 4 + 4 + 4 + 4 + 4 + 1 + 1 + 4 + 2);

/** Customer parameters drawn in this order, each at its own address (customer, parameter). */
const PARAMETERS = ['shopProbability', 'basketValue', 'priceSensitivity', 'qualityWeight', 'rewardWeight', 'habitWeight', 'satisfactionWeight', 'switchingCost', 'expectation'] as const;

export interface PopulationOptions {
  /** allocate every column on a SharedArrayBuffer, so that worker threads can step customers in place */
  readonly shared?: boolean;
  /** keep each period's occasions (`occasion`) for a panel observer */
  readonly panel?: boolean;
}

export function createPopulation(scenario: Scenario, seed: number, options: PopulationOptions = {}): Population {
  const N = scenario.customers;
  const M = scenario.firms.length;
  const buffer = (bytes: number): ArrayBufferLike => (options.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const f32 = (n = N) => new Float32Array(buffer(4 * n));
  const i32 = (n = N) => new Int32Array(buffer(4 * n));
  const u8 = (n = N) => new Uint8Array(buffer(n));
  const i8 = (n = N) => new Int8Array(buffer(n));
  const u16 = (n = N) => new Uint16Array(buffer(2 * n));
  const pop: Population = {
    size: N,
    firmCount: M,
    segment: u8(),
    occasion: options.panel ? i8() : null,
    shopProbability: f32(),
    basketValue: f32(),
    priceSensitivity: f32(),
    qualityWeight: f32(),
    rewardWeight: f32(),
    habitWeight: f32(),
    satisfactionWeight: f32(),
    switchingCost: f32(),
    expectation: f32(),
    currentFirm: i8().fill(NO_FIRM),
    memberships: u8(),
    contractFirm: i8().fill(NO_FIRM),
    contractEnd: i32(),
    lastFailureKind: i8().fill(-1),
    lastFailurePeriod: i32(),
    movedAt: i32().fill(NEVER_MOVED),
    awareCount: u8(),
    pointsSince: i32(),
    mailIn: [u8(), u8()],
    mainFirm: i8().fill(NO_FIRM),
    satisfaction: f32(N * M),
    habit: f32(N * M),
    perceivedQuality: f32(N * M),
    taste: f32(N * M),
    points: i32(N * M),
    lastPurchase: i32(N * M),
    member: u8(N * M),
    aware: u8(N * M),
    referralsIn: [u8(N * M), u8(N * M)],
    warningsIn: [u8(N * M), u8(N * M)],
    purchaseCounts: u16(N * M),
  };

  // Segments get contiguous blocks of customers in proportion to their shares
  // (largest remainder), so segment sizes are exact and independent of the seed.
  const counts = apportion(scenario.segments.map((s) => s.share), N);
  const seq = new AddressedSequence();
  const populationKey = streamKey(seed, 'population');
  const awarenessKey = streamKey(seed, 'initial-awareness');
  const keys = tasteKeys(scenario, seed);
  // One parameter at a time over a segment's block: each loop writes one column and
  // draws from one distribution. Draws are addressed by (customer, parameter), so the
  // loop order does not change them.
  let first = 0;
  scenario.segments.forEach((segment, s) => {
    const end = first + counts[s];
    pop.segment.fill(s, first, end);
    PARAMETERS.forEach((name, p) => {
      const column = pop[name];
      const dist = segment[name];
      if (typeof dist === 'number') column.fill(dist, first, end);
      else for (let i = first; i < end; i++) column[i] = draw(dist, seq.reset(populationKey, i, p));
    });
    for (let i = first; i < end; i++) {
      pop.shopProbability[i] = Math.min(1, Math.max(0, pop.shopProbability[i]));
      pop.priceSensitivity[i] = Math.max(1e-6, pop.priceSensitivity[i]);
    }
    for (let i = first; i < end; i++) drawTastes(pop.taste, keys, i, FIRST_DRAW, segment.tasteSd);
    first = end;
  });
  scenario.firms.forEach((firm, j) => {
    const { aware, awareCount, perceivedQuality } = pop;
    for (let i = 0; i < N; i++) {
      perceivedQuality[i * M + j] = firm.quality;
      const known = firm.awareness >= 1 || seq.reset(awarenessKey, i, j).next() < firm.awareness ? 1 : 0;
      aware[i * M + j] = known;
      awareCount[i] += known;
    }
  });
  return pop;
}

/** Split n into integer parts proportional to shares (largest remainder method). */
export function apportion(shares: readonly number[], n: number): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  return largestRemainder(shares.map((s) => (s / total) * n), n);
}

/**
 * Whole parts of `total` from its exact shares: each share rounded down, the rest one by
 * one to the largest fractions (ties to the first). Callers compute `exact` their own way
 * (the rounding of (s/total)·n and (total·w)/sum differs, and results depend on it).
 */
export function largestRemainder(exact: readonly number[], total: number): number[] {
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = 0; left > 0; r++, left--) parts[order[r % order.length][1]]++;
  return parts;
}
