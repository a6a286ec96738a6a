/**
 * Seeded randomness, addressed rather than sequenced.
 *
 * Every stream key is derived from the run seed and the stream's name with seedrandom
 * (the project's one source of entropy). Per-customer draws are then a counter-based
 * hash of (stream key, customer, period): a draw is *addressed*, so the value a
 * customer gets in a period does not depend on which other draws were made before it,
 * on processing order, or on how customers are split across threads. This is what
 * MODEL.md asks of "a fixed number of uniforms per customer per period": draws that are
 * not needed are simply not computed, and nothing shifts.
 */
import seedrandom from 'seedrandom';

/** A 32-bit stream key for `name` under `seed`, derived with seedrandom (alea). */
export function streamKey(seed: number, name: string): number {
  const rng = seedrandom.alea(`loyalty-sim/${seed}/${name}`);
  return rng.int32() >>> 0;
}

/**
 * A sequential generator of uniforms in [0, 1) for one design (a Latin hypercube's column,
 * a Morris trajectory set), keyed by everything that defines it: the same design gives the
 * same draws whatever else the experiment holds.
 */
export function designStream(name: string): () => number {
  return seedrandom.alea(`loyalty-sim/${name}`);
}

/** Seed of replicate k under a base seed: depends on (base, k) only (common random numbers). */
export function replicateSeed(baseSeed: number, k: number): number {
  const rng = seedrandom.alea(`loyalty-sim/replicate/${baseSeed}/${k}`);
  // Keep seeds positive and readable (31 bits) so they survive JSON and CLI round trips.
  return rng.int32() >>> 1;
}

/** murmur3's 32-bit finaliser: a full-avalanche bijection on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}


/**
 * Uniform in (0, 1) for (key, a, b): e.g. (stream, customer, period).
 * Two mixing rounds, so neighbouring customers and periods are independent.
 */
export function uniformAt(key: number, a: number, b: number): number {
  let h = fmix32(key ^ Math.imul(a + 1, 0x9e3779b1));
  h = fmix32(h ^ Math.imul(b + 1, 0x7feb352d));
  // × 2⁻³² (a literal, so the compiler sees a constant): exact, the same as ÷ 2³².
  return ((h >>> 0) + 0.5) * 2.3283064365386963e-10;
}

/**
 * A small sequential generator for set-up work (drawing a customer's parameters),
 * seeded by address so that customer i's draws do not depend on customers 0..i-1.
 * Holds its state in a closure-free object; `next()` is a 32-bit xorshift-multiply.
 */
export class AddressedSequence {
  private state = 0;
  reset(key: number, a: number, b = 0): this {
    this.state = fmix32(fmix32(key ^ Math.imul(a + 1, 0x9e3779b1)) ^ Math.imul(b + 1, 0x7feb352d)) | 1;
    return this;
  }
  /** Uniform in (0, 1). */
  next(): number {
    // splitmix32-style increment then finalise: full period 2^32, good equidistribution.
    this.state = (this.state + 0x9e3779b9) | 0;
    return ((fmix32(this.state) >>> 0) + 0.5) * 2.3283064365386963e-10;
  }
  /** Standard normal by inverse CDF (one uniform: keeps draws addressed). */
  normal(): number {
    return inverseNormal(this.next());
  }
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |rel. error| < 1.2e-9).
 * One uniform in, one normal out: cheaper to reason about than Box–Muller's pairs.
 * The central region (95% of draws) is kept small so that the compiler inlines it into
 * the hot loop; the tails are a separate function.
 */
export function inverseNormal(p: number): number {
  if (p < 0.02425 || p > 1 - 0.02425) return inverseNormalTail(p);
  const a1 = -39.69683028665376, a2 = 220.9460984245205, a3 = -275.9285104469687;
  const a4 = 138.357751867269, a5 = -30.66479806614716, a6 = 2.506628277459239;
  const b1 = -54.47609879822406, b2 = 161.5858368580409, b3 = -155.6989798598866;
  const b4 = 66.80131188771972, b5 = -13.28068155288572;
  const q = p - 0.5;
  const r = q * q;
  return ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
}

/** The tails, p < 0.02425 or p > 0.97575. */
function inverseNormalTail(p: number): number {
  const c1 = -0.007784894002430293, c2 = -0.3223964580411365, c3 = -2.400758277161838;
  const c4 = -2.549732539343734, c5 = 4.374664141464968, c6 = 2.938163982698783;
  const d1 = 0.007784695709041462, d2 = 0.3224671290700398, d3 = 2.445134137142996;
  const d4 = 3.754408661907416;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
}
