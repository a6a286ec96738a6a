/**
 * How customers buy over quarters and years (MODEL.md, "Loyal for their own reasons"):
 * defection, share of wallet, the main firm and its changes, exclusive buyers, the
 * heaviest buyers' part of sales, polarization. Kept in small per-customer counters, not
 * purchase histories:
 *
 * - on each purchase (countPurchase, in the customers' buying pass): the quarter's flag for
 *   the firm is set and the year's count for the firm goes up by one, in one 16-bit word per
 *   customer and firm (the count in the low 14 bits, the two quarters' flags above);
 * - at the end of each calendar quarter and year (closeWindows, once per period on the
 *   calling thread, after every block is stepped): one pass over the customers turns the
 *   counters into the figures of the window just closed and resets them.
 *
 * The figures of the last closed windows are running figures (`ctx.windows`), carried
 * until the next window closes; the metric declarations (metrics.ts) read them as
 * FirmPeriod.window and MarketPeriod.window. A quarter is round(periodsPerYear / 4)
 * periods, a year periodsPerYear; windows are calendar windows from period 0, and every
 * figure is 0 until its first window closes.
 *
 * The passes run on one thread in customer order, so the sums do not depend on how the
 * customers were split over threads.
 */
import type { Context } from './context.js';
import { NO_FIRM } from './population.js';

/** Purchases a year's count holds before it saturates (14 bits: more than a year of daily periods). */
export const MAX_YEAR_PURCHASES = 0x3fff;
/** The heaviest buyers whose part of a firm's sales is reported: the top 20% (Sharp's 60/20). */
export const HEAVY_BUYERS = 0.2;

/** A counter word: the year's purchases, bought this quarter, bought last quarter. */
const COUNT = 0x3fff;
const THIS_QUARTER = 0x4000;
const LAST_QUARTER = 0x8000;
const QUARTERS = THIS_QUARTER | LAST_QUARTER;

/** Running figures of the last closed quarter and year, per firm (index j) and for the market. */
export interface BuyingWindows {
  readonly quarterLength: number;
  readonly yearLength: number;
  /** customers who bought at j in the quarter before the last closed one, and those of them who did not buy at j in the last closed quarter */
  readonly quarterBuyers: Float64Array;
  readonly quarterLost: Float64Array;
  /** last closed year, per firm: its buyers, their purchases at j, all their purchases in the category, their volume at j (baskets), the volume of its heaviest 20% */
  readonly yearBuyers: Float64Array;
  readonly yearPurchases: Float64Array;
  readonly yearBuyerPurchases: Float64Array;
  readonly yearVolume: Float64Array;
  readonly yearHeavyVolume: Float64Array;
  /** last closed year, market: one element each */
  readonly market: MarketYear;
  /** scratch of the year pass: a histogram of buyers' volumes per firm (count and volume per bin) */
  readonly binCount: Float64Array;
  readonly binVolume: Float64Array;
}

export interface MarketYear {
  /** customers who bought in the year */
  buyers: number;
  /** Σ over them of the main firm's share of their purchases */
  mainShareSum: number;
  /** of them, those who bought at one firm only */
  exclusive: number;
  /** of them, those who also had a main firm the year before, and those whose main firm differs from it */
  mainKnown: number;
  mainChanged: number;
  /** Σ over buyers of c_ij·(c_ij − 1) summed over firms, and of n_i·(n_i − 1): pairs of purchases at one firm, and all pairs */
  samePairs: number;
  pairs: number;
}

/** Histogram of buyers' yearly volume (baskets): log2 bins, 8 per octave, from 2⁻¹⁶ to 2¹⁶ (clamped at both ends). */
const BINS_PER_OCTAVE = 8;
const LOWEST_OCTAVE = -16;
const BINS = 32 * BINS_PER_OCTAVE;
const binOf = (volume: number): number => {
  const b = Math.floor((Math.log2(volume) - LOWEST_OCTAVE) * BINS_PER_OCTAVE);
  return b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
};

export function createBuyingWindows(M: number, periodsPerYear: number): BuyingWindows {
  const f64 = () => new Float64Array(M);
  return {
    quarterLength: Math.max(1, Math.round(periodsPerYear / 4)),
    yearLength: periodsPerYear,
    quarterBuyers: f64(), quarterLost: f64(),
    yearBuyers: f64(), yearPurchases: f64(), yearBuyerPurchases: f64(), yearVolume: f64(), yearHeavyVolume: f64(),
    market: { buyers: 0, mainShareSum: 0, exclusive: 0, mainKnown: 0, mainChanged: 0, samePairs: 0, pairs: 0 },
    binCount: new Float64Array(M * BINS),
    binVolume: new Float64Array(M * BINS),
  };
}

export const isQuarterEnd = (w: BuyingWindows, t: number): boolean => (t + 1) % w.quarterLength === 0;
export const isYearEnd = (w: BuyingWindows, t: number): boolean => (t + 1) % w.yearLength === 0;

/** A purchase by customer i at firm j (ij = i·M + j): flag the quarter, count the year (saturating). */
export function countPurchase(counts: Uint16Array, ij: number): void {
  const word = counts[ij];
  counts[ij] = (word | THIS_QUARTER) + +((word & COUNT) < MAX_YEAR_PURCHASES);
}

/** After every customer has stepped through period t: close the quarter and the year if they end at t. */
export function closeWindows(ctx: Context, t: number): void {
  const w = ctx.windows;
  if (isQuarterEnd(w, t)) closeQuarter(ctx);
  if (isYearEnd(w, t)) closeYear(ctx);
}

/**
 * Defection over the quarter just closed: of the customers who bought at j in the quarter
 * before, those with no purchase at j in this one. The flags then move back a quarter.
 */
function closeQuarter(ctx: Context): void {
  const { N, M } = ctx;
  const counts = ctx.pop.purchaseCounts;
  const { quarterBuyers, quarterLost } = ctx.windows;
  // One firm at a time down its column (stride M), counting in locals, without branches:
  // under half the time of one pass over every word with a running firm index.
  for (let j = 0, end = N * M; j < M; j++) {
    let buyers = 0;
    let lost = 0;
    for (let ij = j; ij < end; ij += M) {
      const word = counts[ij];
      buyers += word >> 15;
      lost += +((word & QUARTERS) === LAST_QUARTER);
      counts[ij] = (word & COUNT) | ((word & THIS_QUARTER) << 1);
    }
    quarterBuyers[j] = buyers;
    quarterLost[j] = lost;
  }
}

/**
 * The year just closed, from each customer's purchase counts c_ij:
 * - its main firm: the most purchases; a tie goes to last year's main firm, else to the
 *   firm it bought from last, else to the first firm (a tie is no reason to count a change);
 * - for the market: buyers, the main firm's share, exclusive buyers, main-firm changes,
 *   pairs of purchases (for polarization);
 * - per firm: buyers, their purchases there and in the category, their volume there
 *   (c_ij × basket value, in baskets) and the volume of the heaviest 20% of them.
 * Then the counts start the next year at zero.
 */
function closeYear(ctx: Context): void {
  const { N, M, pop } = ctx;
  const { purchaseCounts: words, mainFirm, currentFirm, basketValue } = pop;
  const w = ctx.windows;
  const { yearBuyers, yearPurchases, yearBuyerPurchases, yearVolume, binCount, binVolume } = w;
  for (const a of [yearBuyers, yearPurchases, yearBuyerPurchases, yearVolume, binCount, binVolume]) a.fill(0);
  const m = w.market;
  m.buyers = m.mainShareSum = m.exclusive = m.mainKnown = m.mainChanged = m.samePairs = m.pairs = 0;
  for (let i = 0; i < N; i++) {
    const base = i * M;
    const previous = mainFirm[i];
    const current = currentFirm[i];
    let total = 0, used = 0, same = 0, main = NO_FIRM, mainCount = 0;
    for (let j = 0; j < M; j++) {
      const c = words[base + j] & COUNT;
      if (c === 0) continue;
      total += c;
      used += 1;
      same += c * (c - 1);
      if (c > mainCount || (c === mainCount && (j === previous || (main !== previous && j === current)))) {
        main = j;
        mainCount = c;
      }
    }
    mainFirm[i] = main;
    if (total === 0) continue;
    m.buyers += 1;
    m.mainShareSum += mainCount / total;
    m.exclusive += +(used === 1);
    if (previous !== NO_FIRM) {
      m.mainKnown += 1;
      m.mainChanged += +(main !== previous);
    }
    m.samePairs += same;
    m.pairs += total * (total - 1);
    const basket = basketValue[i];
    for (let j = 0; j < M; j++) {
      const c = words[base + j] & COUNT;
      if (c === 0) continue;
      const volume = c * basket;
      yearBuyers[j] += 1;
      yearPurchases[j] += c;
      yearBuyerPurchases[j] += total;
      yearVolume[j] += volume;
      const bin = j * BINS + binOf(volume);
      binCount[bin] += 1;
      binVolume[bin] += volume;
    }
  }
  heaviestVolumes(ctx);
  // The next year counts from zero; the quarter's flags stay.
  for (let ij = 0, end = N * M; ij < end; ij++) if (words[ij] & COUNT) words[ij] &= QUARTERS;
}

/**
 * The volume of each firm's heaviest 20% of buyers, exactly: k = 0.2 × buyers (the last
 * one taken in part when k is fractional). The histogram finds the bin holding the last
 * buyer taken; the bins above it count whole, and one more pass sorts the volumes in
 * that bin to take its heaviest.
 */
function heaviestVolumes(ctx: Context): void {
  const { N, M, pop } = ctx;
  const w = ctx.windows;
  const { yearBuyers, yearHeavyVolume, binCount, binVolume } = w;
  const boundary = new Int32Array(M).fill(-1);
  /** buyers still to take from the boundary bin (the last in part: fraction) */
  const rest = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    yearHeavyVolume[j] = 0;
    let left = HEAVY_BUYERS * yearBuyers[j];
    for (let b = BINS - 1; b >= 0 && left > 0; b--) {
      const n = binCount[j * BINS + b];
      if (n === 0) continue;
      if (n <= left) {
        yearHeavyVolume[j] += binVolume[j * BINS + b];
        left -= n;
      } else {
        boundary[j] = b;
        rest[j] = left;
        left = 0;
      }
    }
  }
  if (!boundary.some((b) => b >= 0)) return;
  const inBoundary: number[][] = Array.from({ length: M }, () => []);
  const { purchaseCounts: words, basketValue } = pop;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < M; j++) {
      const c = words[i * M + j] & COUNT;
      if (c === 0 || boundary[j] < 0) continue;
      const volume = c * basketValue[i];
      if (binOf(volume) === boundary[j]) inBoundary[j].push(volume);
    }
  }
  for (let j = 0; j < M; j++) {
    if (boundary[j] < 0) continue;
    const volumes = Float64Array.from(inBoundary[j]).sort().reverse();
    let left = rest[j];
    for (let k = 0; k < volumes.length && left > 0; k++) {
      yearHeavyVolume[j] += Math.min(1, left) * volumes[k];
      left -= 1;
    }
  }
}
