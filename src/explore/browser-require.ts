/**
 * `node:module` for the browser bundle: the one module the core asks `createRequire` for
 * is mathjs's number-only build (strategy/expression.ts loads it lazily), so expression
 * strategies work in the explorer too. Anything else is refused by name.
 */
import * as mathjsNumber from 'mathjs/number';

export function createRequire(_from?: unknown): (id: string) => unknown {
  return (id: string) => {
    if (id === 'mathjs/number') return mathjsNumber;
    throw new Error(`${id} is not available in the browser`);
  };
}
