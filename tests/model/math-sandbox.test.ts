/**
 * The trimmed mathjs that strategy expressions run on (math-sandbox.ts, bundled on its own
 * by the build): every whitelisted function, constant and operator exists in it and gives
 * exactly what all of mathjs gives, and nothing outside the whitelist can be called.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CONSTANTS, FUNCTIONS, compileExpression } from '../../src/model/strategy/expression.js';
import { createMathSandbox } from '../../src/model/strategy/math-sandbox.js';

const full = (() => {
  const mathjs = createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs');
  const math = mathjs.create(mathjs.all);
  math.config({ predictable: true });
  return math;
})();

const INPUTS = ['price', 'share'];
const SCOPE = { price: 9.75, share: 0.31 };
const where = { firm: 'Alpha', field: 'strategy.expression' };
/** Arguments that stay in every function's domain. */
const ARGS = ['price', 'share', '2.5', '0.4', '3', '1.7'];

const EXPRESSIONS = [
  ...Object.entries(FUNCTIONS).flatMap(([name, [min, max]]) => [...new Set([min, Math.min(max, 3)])].map((n) => `${name}(${ARGS.slice(0, n).join(', ')})`)),
  ...[...CONSTANTS].map((c) => `price * ${c}`),
  'price + share - 1', 'price * share / 3', 'price ^ 2', 'price % 4', 'price mod 4', '-price', '+share', 'not (share > 0.5) ? 1 : 2',
  'price < 10', 'price > 10', 'price <= 9.75', 'price >= 9.75', 'price == 9.75', 'price != 9.75', 'share < 0.5 and price > 9',
  'share > 0.5 or price > 9', 'share > 0.5 xor price > 9', '1 < share < price', 'share > 0.3 ? price * 1.02 : price * 0.98',
];

describe('the expression sandbox', () => {
  it('evaluates every whitelisted function, constant and operator exactly as all of mathjs does', () => {
    for (const source of EXPRESSIONS) {
      const expected = full.evaluate(source, { ...SCOPE }) as unknown;
      const value = typeof expected === 'boolean' ? `(${source}) ? 1 : 0` : source;
      const f = compileExpression(value, INPUTS, where);
      expect(f(SCOPE), source).toBe(typeof expected === 'boolean' ? Number(expected) : expected);
    }
  });

  it('holds nothing an expression may not call', () => {
    const math = createMathSandbox() as unknown as Record<string, unknown>;
    for (const name of ['createUnit', 'evaluate', 'simplify', 'derivative', 'resolve', 'unit', 'bignumber', 'format', 'sum', 'random']) {
      expect(math[name], name).toBeUndefined();
    }
    for (const name of [...Object.keys(FUNCTIONS), ...CONSTANTS]) expect(math[name], name).toBeDefined();
  });
});
