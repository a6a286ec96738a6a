/**
 * Drawing a customer's parameters from its segment's distributions (once, at start).
 * Draws come from an AddressedSequence, so customer i's parameters do not depend on
 * how many draws earlier customers needed (rejection sampling stays local).
 */
import type { Distribution } from './schema.js';
import type { AddressedSequence } from './rng.js';

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); boosts shape < 1 with U^(1/shape). */
function gamma(shape: number, seq: AddressedSequence): number {
  if (shape < 1) return gamma(shape + 1, seq) * Math.pow(seq.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = seq.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = seq.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function draw(dist: Distribution, seq: AddressedSequence): number {
  if (typeof dist === 'number') return dist;
  switch (dist.dist) {
    case 'normal':
      return clamp(dist.mean + dist.sd * seq.normal(), dist.min ?? -Infinity, dist.max ?? Infinity);
    case 'lognormal': {
      // Parameterised by the variable's own mean and sd: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
      const s2 = Math.log(1 + (dist.sd * dist.sd) / (dist.mean * dist.mean));
      const value = Math.exp(Math.log(dist.mean) - s2 / 2 + Math.sqrt(s2) * seq.normal());
      return dist.max === undefined ? value : Math.min(value, dist.max);
    }
    case 'beta': {
      // Method of moments; sd is capped so that both shape parameters stay positive.
      const variance = Math.min(dist.sd * dist.sd, dist.mean * (1 - dist.mean) * 0.99);
      const nu = (dist.mean * (1 - dist.mean)) / variance - 1;
      const a = gamma(dist.mean * nu, seq);
      const b = gamma((1 - dist.mean) * nu, seq);
      // With tiny shape parameters both draws can underflow to 0: the mass then sits at
      // the ends, so return the end the mean leans to rather than 0/0.
      return a + b > 0 ? a / (a + b) : dist.mean >= 0.5 ? 1 : 0;
    }
    case 'uniform':
      return dist.min + (dist.max - dist.min) * seq.next();
  }
}
