/**
 * A fast exp for the logit weights exp(V − max), whose argument is never positive: a
 * deliberate precision decision (docs/performance.md, "Fast exp"). The library's exp is a
 * call out of compiled code (about a seventh of a run's time); this one is inlined.
 *
 * Tang's table-driven method: x = n·ln2/64 + r with n an integer and |r| ≤ ln2/128, so
 * e^x = 2^(n>>6) · 2^((n&63)/64) · e^r, with 2^(j/64) from a table and e^r − 1 from its
 * Taylor polynomial to r⁵ (truncation below 0.2 ulp). Within 2 ulp of the correctly rounded
 * value (tests/model/fast-math.test.ts checks it against Math.exp on a dense grid).
 *
 * Only IEEE double arithmetic and exact tables, so it gives the same bits on every machine.
 */

/** ln(2⁻¹⁰²²): below it e^x is subnormal, and a weight that small beside the best option's 1 is nothing; returned as 0. */
export const EXP_CUTOFF = -708.3964185322641;

/** 2^(j/64), j = 0..63, correctly rounded (computed to 60 digits). */
const TWO_TO_J_64 = Float64Array.of(
  1.0, 1.0108892860517005, 1.0218971486541166, 1.0330248790212284, 1.0442737824274138, 1.0556451783605572,
  1.0671404006768237, 1.0787607977571199, 1.0905077326652577, 1.102382583307841, 1.1143867425958924,
  1.1265216186082418, 1.1387886347566916, 1.1511892299529827, 1.1637248587775775, 1.1763969916502812,
  1.189207115002721, 1.202156731452703, 1.215247359980469, 1.22848053610687, 1.241857812073484,
  1.255380757024691, 1.2690509571917332, 1.2828700160787783, 1.2968395546510096, 1.3109612115247644,
  1.3252366431597413, 1.339667524053303, 1.3542555469368927, 1.3690024229745905, 1.383909881963832,
  1.3989796725383112, 1.4142135623730951, 1.42961333839197, 1.4451808069770467, 1.460917794180647,
  1.4768261459394993, 1.4929077282912648, 1.5091644275934228, 1.5255981507445384, 1.5422108254079407,
  1.559004400237837, 1.5759808451078865, 1.593142151342267, 1.6104903319492543, 1.6280274218573478,
  1.645755478153965, 1.6636765803267364, 1.681792830507429, 1.7001063537185235, 1.718619298122478,
  1.7373338352737062, 1.7562521603732995, 1.7753764925265212, 1.7947090750031072, 1.8142521755003989,
  1.8340080864093424, 1.8539791250833855, 1.8741676341103, 1.8945759815869656, 1.9152065613971474,
  1.9360617934922943, 1.9571441241754002, 1.978456026387951,
);

/** 2^k at index k + 1022, k = −1022..0 (exact: repeated halving of 1). */
const TWO_TO_K = new Float64Array(1023);
for (let k = 0, p = 1; k <= 1022; k++, p *= 0.5) TWO_TO_K[1022 - k] = p;

/**
 * e^x for x ≤ 0: 0 below EXP_CUTOFF (and for −∞), exactly 1 at 0. Outside its domain
 * (x > 0, NaN) it defers to the library's exp.
 */
export function expNonPositive(x: number): number {
  // EXP_CUTOFF as a literal: inlined into another module, a module constant is re-read through its cell on every call
  if (!(x >= -708.3964185322641 && x <= 0)) return x < -708.3964185322641 ? 0 : Math.exp(x);
  // n = x·64/ln2 rounded to the nearest integer: adding and removing 1.5·2⁵² rounds (|x·64/ln2| < 2⁵¹).
  const nd = x * 92.33248261689366 + 6755399441055744 - 6755399441055744;
  const n = nd | 0; // in [−65408, 0]
  // r = x − n·ln2/64 in two parts: the first (ln2/64 to 29 bits) times n is exact.
  const r = x - nd * 0.010830424667801708 - nd * 2.8447437476627285e-11;
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * 0.008333333333333333)));
  const t = TWO_TO_J_64[n & 63];
  return (t + t * p) * TWO_TO_K[1022 + (n >> 6)];
}
