/**
 * fast-check generators of malformed scenarios: valid documents (shipped scenarios and
 * small generated ones) with a few random mutations applied — keys dropped, inserted or
 * misspelt, values replaced by wrong types, extreme numbers or hostile strings, list
 * entries duplicated — and text-level damage to their YAML.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../helpers/cli.js';

export type Doc = unknown;

/** The shipped scenarios as written (before extends), as mutation bases. */
export function shippedDocs(): Record<string, unknown>[] {
  const dir = join(ROOT, 'scenarios');
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => parseYaml(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>)
    .filter((d) => d && typeof d === 'object' && !('extends' in d));
}

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const EXPRESSIONS = ['price * (1 - 0.1 * (share - 0.25))', 'max(unitCost * 1.1, price * 0.98)', 'share > 0.3 ? price * 1.02 : price * 0.98', 'meanPrice'];

/** A small valid scenario. */
export const validScenario: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    segments: fc.integer({ min: 1, max: 3 }),
    firms: fc.array(
      fc.record({
        price: num(1, 20),
        quality: num(0, 1),
        program: fc.option(fc.record({ enabled: fc.boolean(), rewardValue: num(0, 10), threshold: fc.integer({ min: 1, max: 1000 }) }), { nil: undefined }),
        policy: fc.constantFrom('fixed', 'markup', 'adaptive', 'expression'),
        expression: fc.constantFrom(...EXPRESSIONS),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    clutter: num(0, 2),
    customers: fc.integer({ min: 1, max: 5000 }),
    periods: fc.integer({ min: 5, max: 60 }),
    event: fc.boolean(),
  })
  .map((r) => {
    const segments = Array.from({ length: r.segments }, (_, i) => ({
      name: `segment${i}`,
      share: i === r.segments - 1 ? 1 - (r.segments - 1) * Math.floor(1000 / r.segments) / 1000 : Math.floor(1000 / r.segments) / 1000,
      shopProbability: { dist: 'beta', mean: 0.5, sd: 0.1 },
    }));
    const firms = r.firms.map((f, j) => ({
      name: `F${j}`,
      price: f.price,
      quality: f.quality,
      ...(f.program ? { program: f.program } : {}),
      strategy: { price: f.policy === 'expression' ? { policy: 'expression', expression: f.expression } : { policy: f.policy } },
    }));
    return {
      name: 'fuzz',
      customers: r.customers,
      periods: r.periods,
      clutter: r.clutter,
      segments,
      firms,
      events: r.event ? [{ period: 1, firm: 'F0', set: { program: { enabled: true } } }] : [],
    };
  });

/** Values that do not belong where they land. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53 + 2, 1e-320, -1, 0, -0, 0.5, 1.5, 1e12, 255, 256, 65,
    null, true, false, '', ' ', '1', 'ten', '__proto__', 'constructor', '\u001b[31mred', '../../etc', 'a\nb',
    'x'.repeat(5000), [], {}, [null], { dist: 'gamma' }, { dist: 'normal' }, { policy: 'magic' }, { policy: 'expression', expression: 'cos.constructor("x")' },
    { policy: 'expression', expression: 'import({})' }, { enabled: 'yes' }, JSON.parse('{"__proto__": {"polluted": 1}}'),
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, maxKeys: 4 }),
);

const KEYS = ['name', 'share', 'price', 'firms', 'segments', 'program', 'strategy', 'policy', 'dist', 'mean', 'sd', 'period', 'firm', 'set', 'extends', 'periods', 'customers', 'expression', 'seed'];

export type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'insert'; at: number; key: string; value: unknown }
  | { kind: 'rename'; at: number; suffix: string }
  | { kind: 'duplicate'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), value: hostileValue }),
  fc.record({ kind: fc.constant('rename' as const), at: fc.nat(), suffix: fc.constantFrom('s', 'x', '_', '') }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
);

type Path = (string | number)[];

function allPaths(doc: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(doc)) doc.forEach((v, i) => allPaths(v, [...path, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) allPaths(v, [...path, k], out);
  return out;
}

function get(doc: unknown, path: Path): unknown {
  let v = doc;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** Apply mutations to a deep copy. */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  let doc: unknown = structuredClone(base);
  for (const m of mutations) {
    const paths = allPaths(doc);
    const path = paths[m.at % paths.length];
    const parentPath = path.slice(0, -1);
    const key = path[path.length - 1];
    const parent = path.length > 0 ? get(doc, parentPath) : undefined;
    const target = get(doc, path);
    switch (m.kind) {
      case 'drop':
        if (parent === undefined) break;
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, unknown>)[key as string];
        break;
      case 'replace':
        if (parent === undefined) doc = m.value;
        else (parent as Record<string | number, unknown>)[key] = m.value;
        break;
      case 'insert':
        if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
        else if (Array.isArray(target)) target.push(m.value);
        break;
      case 'rename':
        if (parent && !Array.isArray(parent) && typeof key === 'string') {
          const value = (parent as Record<string, unknown>)[key];
          delete (parent as Record<string, unknown>)[key];
          const renamed = m.suffix === '' ? key.slice(0, -1) || 'x' : key + m.suffix;
          (parent as Record<string, unknown>)[renamed] = value;
        }
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
        break;
    }
  }
  return doc;
}

/** Damage to the text of a YAML document. */
export const textDamage = fc.array(
  fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 20 }),
    insert: fc.oneof(
      fc.constantFrom('', ':', ': ', '- ', '[', ']', '{', '}', '&a ', '*a', '!!binary ', '!!js/function ', '\t', '\0', '\n', '\n---\n', '"', "'", '#', '? ', '<<: ', '.nan', '-.inf', '1e999', '\u00ff', '\ufeff'),
      fc.string({ maxLength: 8 }),
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

export function damage(text: string, edits: readonly { at: number; remove: number; insert: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = t.length === 0 ? 0 : e.at % t.length;
    t = t.slice(0, at) + e.insert + t.slice(at + e.remove);
  }
  return t;
}
