import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_INPUTS, MAX_EXPRESSION_LENGTH } from '../../src/model/strategy/expression.js';
import { InputError } from '../../src/errors.js';

const where = { firm: 'A', field: 'strategy.price.expression' };
/** A file the hostile expressions try to create. */
const MARKER = join(tmpdir(), `loyalty-sim-pwned-${process.pid}`);
const inputs = ['price', 'unitCost', 'share', 'targetShare', 'quality'];
const scope = { price: 10, unitCost: 6, share: 0.25, targetShare: 0.3, quality: 0.7 };

/** Compile and evaluate; returns the InputError message, or fails the test. */
function rejection(source: string): string {
  try {
    const f = compileExpression(source, inputs, where);
    f(scope);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as InputError).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^firm "A": strategy\.price\.expression: expression "/);
    return message;
  }
  throw new Error(`accepted: ${source}`);
}

describe('expression sandbox: accepted formulas', () => {
  const cases: [string, number][] = [
    ['price * (1 - 0.1 * (targetShare - share))', 10 * (1 - 0.1 * (0.3 - 0.25))],
    ['max(unitCost*1.1, price*0.98)', 9.8],
    ['share > 0.3 ? price*1.02 : price*0.98', 9.8],
    ['share < 0.3 and quality > 0.5 ? price * 0.95 : price', 9.5],
    ['not (share > 0.3) ? 1 : 2', 1],
    ['min(price, 12, unitCost + 5)', 10],
    ['round(price * 1.234)', 12],
    ['sqrt(unitCost ^ 2) + abs(-1) + log(e) + exp(0) + pi - pi', 9],
    ['2 price', 20],
    ['price % 3', 1],
    ['unitCost < price <= 10 ? 1 : 0', 1],
    ['-price + +unitCost', -4],
    ['log(8, 2) + mod(7, 3) + pow(2, 3) + floor(1.5) + ceil(1.5) + sign(-3) + hypot(3, 4)', 3 + 1 + 8 + 1 + 2 - 1 + 5],
  ];
  for (const [source, expected] of cases) {
    it(source, () => {
      const f = compileExpression(source, inputs, where);
      expect(f(scope)).toBeCloseTo(expected, 12);
    });
  }

  it('compiles once and evaluates many scopes', () => {
    const f = compileExpression('price * (1 + share)', inputs, where);
    expect(f({ ...scope, share: 0 })).toBe(10);
    expect(f({ ...scope, share: 1 })).toBe(20);
  });

  it('reads only declared inputs, ignoring anything else in the scope', () => {
    const f = compileExpression('price', inputs, where);
    expect(f({ ...scope, constructor: 1 } as never)).toBe(10);
  });

  it('accepts every documented strategy input', () => {
    const f = compileExpression(EXPRESSION_INPUTS.join(' + '), EXPRESSION_INPUTS, where);
    expect(f(Object.fromEntries(EXPRESSION_INPUTS.map((n) => [n, 1])))).toBe(EXPRESSION_INPUTS.length);
  });
});

describe('expression sandbox: hostile formulas fail with a clear message and no side effect', () => {
  const hostile: [string, RegExp][] = [
    ['process', /unknown name "process"/],
    ['process.exit(1)', /not allowed/],
    [`process.mainModule.require("child_process").execSync("touch ${MARKER}")`, /not allowed/],
    [`cos.constructor("return process")().mainModule.require("fs").writeFileSync("${MARKER}", "x")`, /not allowed|cannot read/],
    ['import({x: 1}, {override: true})', /function "import" is not allowed/],
    ['import("fs")', /function "import" is not allowed/],
    ['createUnit("foo")', /function "createUnit" is not allowed/],
    ['evaluate("1+1")', /function "evaluate" is not allowed/],
    ['parse("1+1")', /function "parse" is not allowed/],
    ['compile("1+1")', /function "compile" is not allowed/],
    ['simplify("x+x")', /function "simplify" is not allowed/],
    ['derivative("x^2", "x")', /function "derivative" is not allowed/],
    ['resolve(x)', /function "resolve" is not allowed/],
    ['reviver()', /function "reviver" is not allowed/],
    ['[].constructor', /lists and matrices|property or index access/],
    ['[].constructor.constructor("return process")()', /not allowed|cannot read/],
    ['cos.constructor("return process")()', /not allowed|cannot read/],
    ['cos.constructor("return process")', /calling a property or a computed value is not allowed/],
    ['cos.constructor', /property or index access/],
    ['price.constructor', /property or index access/],
    ['price["constructor"]', /property or index access/],
    ['f(x) = x', /function definitions/],
    ['f(x) = f(x); f(1)', /only one expression|not allowed/],
    ['price = 1', /assignments/],
    ['{a: 1}', /objects/],
    ['1:1e9', /ranges/],
    ['sum(1:1e9)', /function "sum" is not allowed/],
    ['zeros(1e9)', /function "zeros" is not allowed/],
    ['ones(1e5, 1e5)', /function "ones" is not allowed/],
    ['[1, 2, 3]', /lists and matrices/],
    ['"price"', /only numbers are allowed as constants/],
    ['concat("a", "b")', /function "concat" is not allowed/],
    ['price; price', /only one expression/],
    ['price\nprice', /only one expression/],
    ['5 cm', /unknown name "cm"/],
    ['price to cm', /operator "to" is not allowed/],
    ["price'", /operator "'" is not allowed/],
    ['price!', /operator "!" is not allowed/],
    ['factorial(1e9)', /function "factorial" is not allowed/],
    ['price .* 2', /operator ".\*" is not allowed/],
    ['random()', /function "random" is not allowed/],
    ['max', /max is a function/],
    ['max()', /max takes 1 to 16 arguments, got 0/],
    ['pow(2)', /pow takes 2 arguments, got 1/],
    ['undefined', /unknown name "undefined"|only numbers/],
    ['null', /only numbers are allowed/],
    ['true ? price : 0', /only numbers are allowed/],
    ['1e400', /expected finite numbers, got Infinity/],
    ['__proto__', /unknown name "__proto__"/],
    ['toString', /unknown name "toString"/],
    ['hasOwnProperty(price)', /function "hasOwnProperty" is not allowed/],
    ['price +', /cannot read the formula/],
    ['(((', /cannot read the formula/],
    ['', /expected a formula, got empty text/],
    ['   ', /expected a formula, got empty text/],
    ['price > 1', /got true \(a comparison, not a number\)/],
    ['price / 0', /expected a finite number, got Infinity with price=10/],
    ['sqrt(-price)', /expected a finite number, got NaN/],
    ['log(0)', /expected a finite number, got -Infinity/],
    ['exp(1000)', /expected a finite number, got Infinity/],
    ['(' .repeat(5000) + 'price' + ')'.repeat(5000), /expected at most 500 characters/],
    ['('.repeat(30) + 'price' + ')'.repeat(30), /nested deeper than 20 levels/],
    ['price' + ' + price'.repeat(100), /expected at most 500 characters/],
    ['1+'.repeat(240) + '1', /too complex/],
    ['"\\u0070rocess"', /only numbers/],
    ['eval("1")', /function "eval" is not allowed/],
    ['Function("return 1")()', /not allowed|cannot read/],
    ['Function("return 1")', /function "Function" is not allowed/],
    ['this', /unknown name "this"/],
  ];
  for (const [source, pattern] of hostile) {
    it(JSON.stringify(source.length > 60 ? source.slice(0, 57) + '...' : source), () => {
      const before = { keys: Object.keys(globalThis).length, fn: Function.prototype.constructor, obj: Object.prototype.toString };
      expect(rejection(source)).toMatch(pattern);
      expect(Object.keys(globalThis).length).toBe(before.keys);
      expect(Function.prototype.constructor).toBe(before.fn);
      expect(Object.prototype.toString).toBe(before.obj);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(existsSync(MARKER)).toBe(false);
    });
  }

  it('caps the source length', () => {
    expect(rejection('1'.repeat(MAX_EXPRESSION_LENGTH + 1))).toMatch(/expected at most 500 characters, got 501/);
  });

  it('does not let one expression change what another sees', () => {
    expect(() => compileExpression('import({price: 5}, {override: true})', inputs, where)).toThrow(InputError);
    const f = compileExpression('price + cos(0)', inputs, where);
    expect(f(scope)).toBe(11);
  });

  it('names the firm, the field and the expression', () => {
    expect(() => compileExpression('bogus * 2', inputs, { firm: 'Big Mart', field: 'strategy.quality.expression' })).toThrow(
      /^firm "Big Mart": strategy\.quality\.expression: expression "bogus \* 2": unknown name "bogus"; expected one of the inputs \(price, unitCost, share, targetShare, quality\), pi or e$/,
    );
  });

  it('a missing input at evaluation is a programming error, not an InputError', () => {
    const f = compileExpression('price + share', inputs, where);
    expect(() => f({ price: 1 })).toThrow(/input share was not provided/);
  });

  it('refuses input names that would shadow functions or are not identifiers', () => {
    expect(() => compileExpression('1', ['max'], where)).toThrow(/invalid input name/);
    expect(() => compileExpression('1', ['a.b'], where)).toThrow(/invalid input name/);
  });
});
