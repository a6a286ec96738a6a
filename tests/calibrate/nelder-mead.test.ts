/** The bounded Nelder–Mead search on known functions: minimum found, bounds kept, budget kept, same path twice. */
import { describe, expect, it } from 'vitest';
import { nelderMead, type BatchObjective } from '../../src/experiment/kinds/calibrate/nelder-mead.js';

const batch = (f: (x: readonly number[]) => number, calls: number[] = []): BatchObjective => async (points) => {
  calls.push(points.length);
  return points.map(f);
};

describe('nelderMead', () => {
  it('finds the minimum of a tilted quadratic inside the box', async () => {
    const f = (x: readonly number[]) => (x[0] - 0.3) ** 2 + 4 * (x[1] - 0.7) ** 2 + (x[0] - 0.3) * (x[1] - 0.7);
    const r = await nelderMead(batch(f), [0.9, 0.1], { maxEvaluations: 300, fTolerance: 1e-10, xTolerance: 1e-5 });
    expect(r.stop).toBe('converged');
    expect(r.x[0]).toBeCloseTo(0.3, 3);
    expect(r.x[1]).toBeCloseTo(0.7, 3);
    expect(r.f).toBeLessThan(1e-7);
  });

  it('follows the Rosenbrock valley to its minimum', async () => {
    // Rosenbrock on [-2, 2]² mapped to the unit box; minimum at (1, 1), i.e. u = (0.75, 0.75).
    const f = (u: readonly number[]) => {
      const [a, b] = [4 * u[0] - 2, 4 * u[1] - 2];
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    const r = await nelderMead(batch(f), [0.2, 0.8], { maxEvaluations: 1000, fTolerance: 1e-12, xTolerance: 1e-6 });
    expect(r.x[0]).toBeCloseTo(0.75, 2);
    expect(r.x[1]).toBeCloseTo(0.75, 2);
  });

  it('keeps every point in the box and stops at a bound when the minimum lies beyond it', async () => {
    const f = (x: readonly number[]) => (x[0] + 0.5) ** 2 + (x[1] - 0.4) ** 2 + (x[2] - 1.3) ** 2;
    const r = await nelderMead(batch(f), [0.5, 0.5, 0.5], { maxEvaluations: 400, fTolerance: 1e-10, xTolerance: 1e-5 });
    for (const e of r.evaluations) for (const c of e.x) expect(c >= 0 && c <= 1).toBe(true);
    expect(r.x[0]).toBeCloseTo(0, 4);
    expect(r.x[1]).toBeCloseTo(0.4, 3);
    expect(r.x[2]).toBeCloseTo(1, 4);
  });

  it('never exceeds the evaluation budget, and evaluates the first simplex as one batch', async () => {
    const calls: number[] = [];
    const f = (x: readonly number[]) => Math.sin(7 * x[0]) + Math.cos(5 * x[1]) + x[2];
    const r = await nelderMead(batch(f, calls), [0.5, 0.5, 0.5], { maxEvaluations: 12, fTolerance: 0, xTolerance: 0 });
    expect(r.stop).toBe('max-evaluations');
    expect(r.evaluations.length).toBeLessThanOrEqual(12);
    expect(calls[0]).toBe(4);
    expect(r.f).toBe(Math.min(...r.evaluations.map((e) => e.f)));
  });

  it('ranks points where the objective is undefined (NaN) last', async () => {
    const f = (x: readonly number[]) => (x[0] > 0.8 ? NaN : (x[0] - 0.6) ** 2 + (x[1] - 0.2) ** 2);
    const r = await nelderMead(batch(f), [0.7, 0.9], { maxEvaluations: 300, fTolerance: 1e-10, xTolerance: 1e-5 });
    expect(r.x[0]).toBeCloseTo(0.6, 3);
    expect(r.x[1]).toBeCloseTo(0.2, 3);
  });

  it('takes the same path for the same objective (what lets a calibration replay from its cache)', async () => {
    const f = (x: readonly number[]) => Math.abs(x[0] - 0.33) + (x[1] - 0.5) ** 2;
    const a = await nelderMead(batch(f), [0.1, 0.1], { maxEvaluations: 80, fTolerance: 1e-9, xTolerance: 1e-6 });
    const b = await nelderMead(batch(f), [0.1, 0.1], { maxEvaluations: 80, fTolerance: 1e-9, xTolerance: 1e-6 });
    expect(b.evaluations).toEqual(a.evaluations);
    // and a larger budget extends the same path
    const c = await nelderMead(batch(f), [0.1, 0.1], { maxEvaluations: 120, fTolerance: 1e-9, xTolerance: 1e-6 });
    expect(c.evaluations.slice(0, 40)).toEqual(a.evaluations.slice(0, 40));
  });
});
