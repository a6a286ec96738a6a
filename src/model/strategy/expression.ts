/**
 * The expression sandbox for `policy: expression` strategies.
 *
 * A scenario may set a firm's price (or quality) by a formula such as
 * `share > 0.3 ? price * 1.02 : price * 0.98`. Scenario files come from users and may be
 * shared, so the formula is untrusted input. Three layers keep it harmless:
 *
 * 1. A dedicated mathjs instance (math-sandbox.ts: number-only, holding nothing but the parser,
 *    the compiler and what an expression may call; never the shared default one) with
 *    `predictable` numbers and the functions the mathjs security guide names as risky
 *    (`import`, `createUnit`, `reviver`, `evaluate`, `parse`, `simplify`, `derivative`,
 *    `compile`, `resolve`, ...) overridden to throw where they exist.
 * 2. Before anything is compiled, the parsed tree is walked and must consist of plain
 *    arithmetic, comparison, logic and `a ? b : c` over number literals, the declared
 *    inputs, the constants `pi` and `e`, and calls of a small list of pure math
 *    functions with a fixed number of arguments. Everything else — property access
 *    (`[].constructor`, `cos.constructor`), assignments, function definitions, objects,
 *    matrices, ranges, strings, units, blocks of several statements — is rejected with
 *    a message naming what was found. Source length, bracket depth and node count are
 *    capped, so the expression is small and loop-free.
 * 3. At evaluation, only the declared inputs are passed in (as finite numbers) and the
 *    result must be a finite number.
 *
 * Every failure is an InputError naming the firm, the field and the expression.
 */
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { InputError } from '../../errors.js';
import { mathSandboxFile } from './math-sandbox-file.js';
import type { createMathSandbox } from './math-sandbox.js';

/** Longest accepted source, in characters. */
export const MAX_EXPRESSION_LENGTH = 500;
/** Most nodes in the parsed tree. */
export const MAX_EXPRESSION_NODES = 200;
/** Deepest nesting of brackets. */
export const MAX_EXPRESSION_NESTING = 20;

/**
 * The inputs a strategy expression may read: the firm's own figures and the market's as
 * observed at the review. The strategy module passes a value for every one of them;
 * scenario validation checks expressions against this list.
 */
export const EXPRESSION_INPUTS = [
  // the firm's own figures (mean over the periods since its last review)
  'price', 'unitCost', 'quality', 'share', 'customers', 'members', 'revenue', 'profit', 'margin',
  'satisfaction', 'churn', 'switching', 'programCost', 'elasticity',
  // the market
  'meanPrice', 'minRivalPrice', 'maxRivalPrice', 'priceSalience', 'hhi', 'firms',
  // time
  'period', 'periodsPerYear',
] as const;

/** Whitelisted pure functions of numbers and how many arguments each takes. */
export const FUNCTIONS: Readonly<Record<string, readonly [min: number, max: number]>> = {
  abs: [1, 1], sign: [1, 1], sqrt: [1, 1], cbrt: [1, 1], exp: [1, 1], expm1: [1, 1],
  log: [1, 2], log10: [1, 1], log2: [1, 1], log1p: [1, 1],
  pow: [2, 2], mod: [2, 2], hypot: [1, 16], atan2: [2, 2],
  floor: [1, 1], ceil: [1, 1], round: [1, 1], fix: [1, 1],
  min: [1, 16], max: [1, 16],
  sin: [1, 1], cos: [1, 1], tan: [1, 1], atan: [1, 1], tanh: [1, 1],
};
export const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e']);

const BINARY_OPERATORS = new Set(['+', '-', '*', '/', '^', '%', 'mod', '<', '>', '<=', '>=', '==', '!=', 'and', 'or', 'xor']);
const UNARY_OPERATORS = new Set(['-', '+', 'not']);
const COMPARISONS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);

/** Node types that are never allowed, with a reason a user can act on. */
const REJECTED_NODE: Readonly<Record<string, string>> = {
  AccessorNode: 'property or index access (a.b, a[1]) is not allowed',
  IndexNode: 'property or index access (a.b, a[1]) is not allowed',
  AssignmentNode: 'assignments (a = ...) are not allowed',
  FunctionAssignmentNode: 'function definitions (f(x) = ...) are not allowed',
  ObjectNode: 'objects ({...}) are not allowed',
  ArrayNode: 'lists and matrices ([...]) are not allowed',
  RangeNode: 'ranges (a:b) are not allowed',
  BlockNode: 'only one expression is allowed (no ; or line breaks between statements)',
};

/**
 * The dedicated mathjs instance, created on first use (even trimmed, mathjs costs a
 * moment to load, which `validate` and scenarios without expressions should not pay). It
 * is loaded from the build's own bundle of math-sandbox.ts (dist/math/sandbox.cjs), where
 * the rest of mathjs is left out. The risky functions are replaced after capturing `parse`,
 * as the mathjs security guide recommends.
 */
type MathInstance = { parse: (source: string) => MathNode };
let sandbox: MathInstance | undefined;
const DISABLED = [
  'import', 'createUnit', 'reviver', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant',
  'simplifyCore', 'derivative', 'resolve', 'rationalize', 'parser', 'chain', 'leafCount', 'symbolicEqual',
  'help',
];

function mathSandbox(): MathInstance {
  if (sandbox) return sandbox;
  const math = (createRequire(import.meta.url)(mathSandboxFile()) as { createMathSandbox: typeof createMathSandbox }).createMathSandbox();
  const parse = math.parse;
  math.import(
    Object.fromEntries(
      DISABLED.map((name) => [
        name,
        () => {
          throw new Error(`function ${name} is disabled`);
        },
      ]),
    ),
    { override: true },
  );
  sandbox = { parse: (source) => parse(source) };
  return sandbox;
}

export interface ExpressionSite {
  readonly firm: string;
  /** the field the expression sets, e.g. `strategy.price.expression` */
  readonly field: string;
}

export type CompiledExpression = (scope: Readonly<Record<string, number>>) => number;

const quote = (source: string): string =>
  JSON.stringify(source.length > 80 ? `${source.slice(0, 77)}...` : source);

function problem(where: ExpressionSite, source: string, message: string): InputError {
  return new InputError({ source: `firm ${JSON.stringify(where.firm)}`, path: where.field, message: `expression ${quote(source)}: ${message}` });
}

/** Deepest bracket nesting in the text, counted before parsing (the parser recurses). */
function bracketDepth(source: string): number {
  let depth = 0;
  let max = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return max;
}

/**
 * Check the tree; returns the first problem found, or null. `inputs` are the allowed
 * symbol names. Iterative, so a deep tree cannot overflow the stack.
 */
function checkTree(root: MathNode, inputs: ReadonlySet<string>): { problem: string | null; used: Set<string> } {
  const used = new Set<string>();
  const stack: MathNode[] = [root];
  let count = 0;
  const allowedNames = () => [...inputs].join(', ');
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (++count > MAX_EXPRESSION_NODES) return { problem: `too complex (more than ${MAX_EXPRESSION_NODES} terms)`, used };
    const type = node.type;
    if (REJECTED_NODE[type]) return { problem: REJECTED_NODE[type], used };
    switch (type) {
      case 'ConstantNode': {
        const value = (node as unknown as { value: unknown }).value;
        if (typeof value !== 'number') {
          return { problem: `only numbers are allowed as constants, got ${typeof value === 'string' ? `the text ${quote(value)}` : String(value)}`, used };
        }
        if (!Number.isFinite(value)) return { problem: `expected finite numbers, got ${value}`, used };
        break;
      }
      case 'SymbolNode': {
        const name = (node as unknown as { name: string }).name;
        if (inputs.has(name)) used.add(name);
        else if (!CONSTANTS.has(name)) {
          const hint = FUNCTIONS[name] ? ` (${name} is a function: call it as ${name}(...))` : '';
          return { problem: `unknown name ${quote(name)}${hint}; expected one of the inputs (${allowedNames()}), pi or e`, used };
        }
        break;
      }
      case 'ParenthesisNode':
        stack.push((node as unknown as { content: MathNode }).content);
        break;
      case 'ConditionalNode': {
        const c = node as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        stack.push(c.condition, c.trueExpr, c.falseExpr);
        break;
      }
      case 'OperatorNode': {
        const o = node as unknown as { op: string; fn: string; args: MathNode[] };
        const ok = o.args.length === 1 ? UNARY_OPERATORS.has(o.op) : o.args.length === 2 && BINARY_OPERATORS.has(o.op);
        if (!ok) return { problem: `the operator ${quote(o.op)} is not allowed; expected + - * / ^ %, comparisons, and/or/not, or a ? b : c`, used };
        stack.push(...o.args);
        break;
      }
      case 'RelationalNode': {
        const r = node as unknown as { conditionals: string[]; params: MathNode[] };
        if (!r.conditionals.every((c) => COMPARISONS.has(c))) return { problem: 'only the comparisons < > <= >= == != are allowed', used };
        stack.push(...r.params);
        break;
      }
      case 'FunctionNode': {
        const f = node as unknown as { fn: MathNode; args: MathNode[] };
        if (f.fn.type !== 'SymbolNode') return { problem: 'calling a property or a computed value is not allowed; only named math functions such as max(a, b) may be called', used };
        const name = (f.fn as unknown as { name: string }).name;
        const arity = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
        if (!arity) {
          return { problem: `the function ${quote(name)} is not allowed; expected one of ${Object.keys(FUNCTIONS).join(', ')}`, used };
        }
        if (f.args.length < arity[0] || f.args.length > arity[1]) {
          const want = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} to ${arity[1]}`;
          return { problem: `${name} takes ${want} argument${arity[1] === 1 ? '' : 's'}, got ${f.args.length}`, used };
        }
        stack.push(...f.args);
        break;
      }
      default:
        return { problem: `${type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`, used };
    }
  }
  return { problem: null, used };
}

/**
 * Compile `source` once; the returned function evaluates it for a scope of input values.
 * Throws InputError at compile time for anything but plain arithmetic over `inputs`, and
 * at evaluation when the result is not a finite number.
 */
export function compileExpression(source: string, inputs: readonly string[], where: ExpressionSite): CompiledExpression {
  for (const name of inputs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || Object.hasOwn(FUNCTIONS, name) || CONSTANTS.has(name)) {
      throw new Error(`compileExpression: invalid input name ${JSON.stringify(name)}`);
    }
  }
  if (typeof source !== 'string') throw problem(where, String(source), 'expected the expression as text');
  if (source.trim() === '') throw problem(where, source, 'expected a formula, got empty text');
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw problem(where, source, `expected at most ${MAX_EXPRESSION_LENGTH} characters, got ${source.length}`);
  }
  if (bracketDepth(source) > MAX_EXPRESSION_NESTING) {
    throw problem(where, source, `brackets nested deeper than ${MAX_EXPRESSION_NESTING} levels`);
  }
  let tree: MathNode;
  try {
    tree = mathSandbox().parse(source);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw problem(where, source, `cannot read the formula (${message})`);
  }
  const allowed = new Set(inputs);
  const { problem: found, used } = checkTree(tree, allowed);
  if (found) throw problem(where, source, found);

  let code: { evaluate: (scope: Map<string, number>) => unknown };
  try {
    code = tree.compile();
  } catch (e) {
    throw problem(where, source, `cannot compile the formula (${e instanceof Error ? e.message : String(e)})`);
  }
  const names = [...used].sort();
  return (scope) => {
    const values = new Map<string, number>();
    for (const name of names) {
      const v = Object.hasOwn(scope, name) ? scope[name] : undefined;
      if (typeof v !== 'number') throw new Error(`expression input ${name} was not provided`);
      values.set(name, v);
    }
    let result: unknown;
    try {
      result = code.evaluate(values);
    } catch (e) {
      throw problem(where, source, `failed (${e instanceof Error ? e.message : String(e)}) with ${describeScope(values)}`);
    }
    if (typeof result !== 'number' || !Number.isFinite(result)) {
      const got = typeof result === 'number' ? String(result) : typeof result === 'boolean' ? `${result} (a comparison, not a number)` : 'a non-number';
      throw problem(where, source, `expected a finite number, got ${got} with ${describeScope(values)}`);
    }
    return result;
  };
}

function describeScope(values: Map<string, number>): string {
  if (values.size === 0) return 'no inputs';
  return [...values].map(([k, v]) => `${k}=${+v.toPrecision(6)}`).join(', ');
}
