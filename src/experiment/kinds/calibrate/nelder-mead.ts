/**
 * A bounded Nelder–Mead simplex search on the unit box [0, 1]^n, for objectives that are
 * expensive and asynchronous (each value is a batch of simulations on the worker pool).
 *
 * Why hand-written: the one maintained-looking JavaScript package (fmin) calls the
 * objective synchronously, knows no bounds and takes a fixed 5% initial simplex; a
 * calibration needs an asynchronous objective (runs go to worker threads), batches (the
 * initial simplex and a shrink are evaluated side by side), box bounds, and a large
 * first simplex (the simulated objective is flat at very small scales: discrete choices
 * on common random numbers make it piecewise constant).
 *
 * The steps are the standard ones (Lagarias, Reeds, Wright & Wright 1998, as in SciPy):
 * reflection α = 1, expansion γ = 2, contraction ρ = 0.5, shrink σ = 0.5. Bounds are
 * kept by clipping every trial point to the box (SciPy does the same). Ties are broken by
 * vertex order, so the search is deterministic: the same objective values give the same
 * path, which is what lets an interrupted calibration replay itself from its cache.
 */

export interface NelderMeadOptions {
  /** most objective evaluations (points already evaluated are not counted twice) */
  readonly maxEvaluations: number;
  /** converged when the simplex's objective values differ by at most this ... */
  readonly fTolerance: number;
  /** ... and every vertex is within this of the best vertex in every coordinate */
  readonly xTolerance: number;
  /** edge of the initial simplex in the unit box (default 0.25) */
  readonly initialStep?: number;
}

/** Values of the objective at several points (evaluated side by side); lower is better. */
export type BatchObjective = (points: readonly (readonly number[])[]) => Promise<number[]>;

export interface Evaluation {
  /** 0-based, in the order the points were first evaluated */
  readonly index: number;
  readonly x: readonly number[];
  readonly f: number;
}

export interface NelderMeadResult {
  readonly x: readonly number[];
  readonly f: number;
  readonly evaluations: readonly Evaluation[];
  readonly iterations: number;
  readonly stop: 'converged' | 'max-evaluations';
}

const ALPHA = 1;
const GAMMA = 2;
const RHO = 0.5;
const SIGMA = 0.5;

const clip = (x: readonly number[]): number[] => x.map((v) => Math.min(1, Math.max(0, v)));
/** a + t·(b − a), clipped to the box */
const along = (a: readonly number[], b: readonly number[], t: number): number[] => clip(a.map((v, i) => v + t * (b[i] - v)));
/** Objective values that are not numbers (a metric undefined at some point) rank last. */
const rank = (f: number): number => (Number.isNaN(f) ? Infinity : f);

export async function nelderMead(objective: BatchObjective, start: readonly number[], options: NelderMeadOptions): Promise<NelderMeadResult> {
  const n = start.length;
  if (n === 0) throw new Error('nelderMead: no parameters');
  const step = options.initialStep ?? 0.25;
  const evaluations: Evaluation[] = [];
  const known = new Map<string, number>();

  /** Values at points, evaluating the new ones in one batch; null when the budget does not allow them all. */
  const evaluate = async (points: readonly number[][]): Promise<number[] | null> => {
    const fresh: number[][] = [];
    for (const p of points) {
      const key = JSON.stringify(p);
      if (!known.has(key) && !fresh.some((q) => JSON.stringify(q) === key)) fresh.push(p);
    }
    if (evaluations.length + fresh.length > options.maxEvaluations) return null;
    if (fresh.length > 0) {
      const values = await objective(fresh);
      fresh.forEach((p, i) => {
        known.set(JSON.stringify(p), rank(values[i]));
        evaluations.push({ index: evaluations.length, x: p, f: values[i] });
      });
    }
    return points.map((p) => known.get(JSON.stringify(p))!);
  };

  // Initial simplex: the start and one step along each axis (backwards where forwards leaves the box).
  const x0 = clip(start);
  const simplex: number[][] = [x0];
  for (let i = 0; i < n; i++) {
    const v = [...x0];
    v[i] = x0[i] + step <= 1 ? x0[i] + step : x0[i] - step;
    simplex.push(clip(v));
  }
  const initial = await evaluate(simplex);
  if (initial === null) throw new Error(`nelderMead: ${options.maxEvaluations} evaluations cannot hold the initial simplex of ${n + 1} points`);
  let values = initial;

  let iterations = 0;
  let stop: NelderMeadResult['stop'] = 'max-evaluations';
  for (;;) {
    // Order best first; a stable sort keeps ties in vertex order.
    const order = simplex.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const sorted = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    simplex.splice(0, simplex.length, ...sorted);

    const best = simplex[0];
    const fSpread = values[n] - values[0];
    const xSpread = Math.max(...simplex.slice(1).map((v) => Math.max(...v.map((c, j) => Math.abs(c - best[j])))));
    if (fSpread <= options.fTolerance && xSpread <= options.xTolerance) {
      stop = 'converged';
      break;
    }
    iterations++;

    const centroid = best.map((_, j) => simplex.slice(0, n).reduce((s, v) => s + v[j], 0) / n);
    const worst = simplex[n];
    const reflected = along(centroid, worst, -ALPHA);
    const fr = await evaluate([reflected]);
    if (fr === null) break;
    let accept: { x: number[]; f: number } | null = null;
    if (fr[0] < values[0]) {
      const expanded = along(centroid, worst, -ALPHA * GAMMA);
      const fe = await evaluate([expanded]);
      if (fe === null) { accept = { x: reflected, f: fr[0] }; }
      else accept = fe[0] < fr[0] ? { x: expanded, f: fe[0] } : { x: reflected, f: fr[0] };
    } else if (fr[0] < values[n - 1]) {
      accept = { x: reflected, f: fr[0] };
    } else {
      // Contract: outside when the reflection beat the worst vertex, inside otherwise.
      const outside = fr[0] < values[n];
      const contracted = outside ? along(centroid, reflected, RHO) : along(centroid, worst, RHO);
      const fc = await evaluate([contracted]);
      if (fc === null) break;
      if (outside ? fc[0] <= fr[0] : fc[0] < values[n]) accept = { x: contracted, f: fc[0] };
    }
    if (accept) {
      simplex[n] = accept.x;
      values[n] = accept.f;
      continue;
    }
    // Shrink every vertex toward the best one.
    const shrunk = simplex.slice(1).map((v) => along(best, v, SIGMA));
    const fs = await evaluate(shrunk);
    if (fs === null) break;
    shrunk.forEach((v, i) => {
      simplex[i + 1] = v;
      values[i + 1] = fs[i];
    });
  }

  let bestIndex = 0;
  for (let i = 1; i < simplex.length; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  return { x: simplex[bestIndex], f: values[bestIndex], evaluations, iterations, stop };
}
