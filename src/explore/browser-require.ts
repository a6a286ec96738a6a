/**
 * `node:module` for the browser bundle: the one module the core asks `createRequire` for
 * is the strategy expressions' math sandbox (strategy/expression.ts loads it lazily). In
 * the browser it is bundled in, and its "file" (math-sandbox-file.ts, which the bundle
 * points here) is a name this require knows, so expression strategies work in the
 * explorer too. Anything else is refused by name.
 */
import { createMathSandbox } from '../model/strategy/math-sandbox.js';

const MATH_SANDBOX = 'math-sandbox';

export const mathSandboxFile = (): string => MATH_SANDBOX;

export function createRequire(_from?: unknown): (id: string) => unknown {
  return (id: string) => {
    if (id === MATH_SANDBOX) return { createMathSandbox };
    throw new Error(`${id} is not available in the browser`);
  };
}
