/**
 * Persistent tastes (MODEL.md, "Loyal for their own reasons"): customer i holds a taste
 * τ_ij ~ N(0, σ_τ²) for each firm j (location, assortment, the staff it knows), σ_τ its
 * segment's `tasteSd`, in utility units. It enters U_ij as + τ_ij, unblurred by clutter:
 * it is the customer's own, not something firms tell it.
 *
 * Every firm draws from a stream keyed by its *name*, addressed by (customer, move): so
 * adding, removing or reordering firms reshuffles no one else's tastes, and a firm that
 * enters later draws the same way. Move 0 is the draw at start; a customer who moves
 * home in period t redraws every taste at move t + 1 (relocation.ts), so the redraw is
 * addressed too and common random numbers hold.
 */
import type { Scenario } from './schema.js';
import { inverseNormal, streamKey, uniformAt } from './rng.js';

/** Each firm's taste stream key, in firm order. */
export const tasteKeys = (scenario: Scenario, seed: number): Uint32Array =>
  Uint32Array.from(scenario.firms, (f) => streamKey(seed, `taste/${f.name}`));

/** The move index of the draw at start; a move in period t draws at t + 1. */
export const FIRST_DRAW = 0;
export const moveIndex = (t: number): number => t + 1;

/**
 * Customer i's tastes for every firm, drawn at `move` with sd `sd`, into row i of
 * `taste` (N × M, index i·M + j). σ_τ = 0 leaves the row at 0 without drawing.
 */
export function drawTastes(taste: Float32Array, keys: Uint32Array, i: number, move: number, sd: number): void {
  const M = keys.length;
  const base = i * M;
  if (sd === 0) {
    taste.fill(0, base, base + M);
    return;
  }
  for (let j = 0; j < M; j++) taste[base + j] = sd * inverseNormal(uniformAt(keys[j], i, move));
}
