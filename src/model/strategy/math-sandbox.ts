/**
 * The mathjs instance strategy expressions are parsed and compiled with (expression.ts),
 * built from mathjs' number-only functions: only the parser, the compiler and what an
 * expression may call exist in it (math-functions.ts). No units, matrices, big numbers or
 * complex numbers, nor any of the functions the mathjs security guide names as risky but
 * `import`, `parse` and `compile`, which expression.ts disables after capturing `parse`.
 *
 * The build bundles this module on its own (scripts/build.mjs → dist/math/sandbox.cjs),
 * where the unused rest of mathjs drops out: it loads in some 50 ms instead of the 0.6 s
 * of all of mathjs, on the first expression of a process or thread.
 */
import { create, type MathJsInstance } from 'mathjs/number';
import * as functions from './math-functions.js';

/** A fresh instance, `predictable` (results stay real numbers: sqrt(-1) is NaN). */
export function createMathSandbox(): MathJsInstance {
  const math = create({ ...functions });
  math.config({ predictable: true });
  return math;
}
