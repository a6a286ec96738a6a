/**
 * The mathjs instance strategy expressions are parsed and compiled with (expression.ts),
 * built from mathjs' number-only functions: only the parser, the compiler and what an
 * expression may call exist in it (the operators, comparisons, logic and the whitelisted
 * functions and constants). No units, matrices, big numbers or complex numbers, nor any
 * of the functions the mathjs security guide names as risky but `import`, `parse` and
 * `compile`, which expression.ts disables after capturing `parse`.
 *
 * The build bundles this module on its own (scripts/build.mjs → dist/math/sandbox.cjs),
 * where the unused rest of mathjs drops out: it loads in some 50 ms instead of the 0.6 s
 * of all of mathjs, on the first expression of a process or thread.
 */
import {
  create,
  parseDependencies, compileDependencies,
  addDependencies, subtractDependencies, multiplyDependencies, divideDependencies, powDependencies, modDependencies,
  unaryMinusDependencies, unaryPlusDependencies,
  smallerDependencies, largerDependencies, smallerEqDependencies, largerEqDependencies, equalDependencies, unequalDependencies,
  andDependencies, orDependencies, xorDependencies, notDependencies,
  absDependencies, signDependencies, sqrtDependencies, cbrtDependencies, expDependencies, expm1Dependencies,
  logDependencies, log10Dependencies, log2Dependencies, log1pDependencies, hypotDependencies, atan2Dependencies,
  floorDependencies, ceilDependencies, roundDependencies, fixDependencies, minDependencies, maxDependencies,
  sinDependencies, cosDependencies, tanDependencies, atanDependencies, tanhDependencies,
  piDependencies, eDependencies,
  type MathJsInstance,
} from 'mathjs/number';

/** A fresh instance, `predictable` (results stay real numbers: sqrt(-1) is NaN). */
export function createMathSandbox(): MathJsInstance {
  const math = create({
    parseDependencies, compileDependencies,
    addDependencies, subtractDependencies, multiplyDependencies, divideDependencies, powDependencies, modDependencies,
    unaryMinusDependencies, unaryPlusDependencies,
    smallerDependencies, largerDependencies, smallerEqDependencies, largerEqDependencies, equalDependencies, unequalDependencies,
    andDependencies, orDependencies, xorDependencies, notDependencies,
    absDependencies, signDependencies, sqrtDependencies, cbrtDependencies, expDependencies, expm1Dependencies,
    logDependencies, log10Dependencies, log2Dependencies, log1pDependencies, hypotDependencies, atan2Dependencies,
    floorDependencies, ceilDependencies, roundDependencies, fixDependencies, minDependencies, maxDependencies,
    sinDependencies, cosDependencies, tanDependencies, atanDependencies, tanhDependencies,
    piDependencies, eDependencies,
  });
  math.config({ predictable: true });
  return math;
}
