/**
 * What the expression sandbox (math-sandbox.ts) is built from: mathjs' number-only parser
 * and compiler, the operators, comparisons and logic, and the whitelisted functions and
 * constants (expression.ts), nothing else. Re-exported one by one so that a bundler keeps
 * these and leaves the rest of mathjs out.
 */
export {
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
} from 'mathjs/number';
