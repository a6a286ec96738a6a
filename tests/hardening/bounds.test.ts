/**
 * Validation bounds every number so that no valid scenario overflows: scenarios with
 * fields pushed to the ends of their ranges (read from the schema itself, so a new field
 * is covered when it gets bounds) simulate on a tiny population with every reported
 * figure finite. Before the bounds, price=1e160, complaintCost=1e308, qualityNoise=1e50
 * or outsideUtility=1e308 validated and ended in "internal error: non-finite …".
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Behaviour, Contract, FailureKind, Firm, Program, Scenario, Segment, WordOfMouth } from '../../src/scenario/schema.js';
import { loadScenario, validateScenario } from '../../src/scenario/load.js';
import { InputError } from '../../src/scenario/errors.js';
import { simulate } from '../../src/model/simulate.js';

interface NumberField {
  readonly path: string[];
  readonly min: number;
  readonly max: number;
  readonly int: boolean;
}

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The number fields of an object schema (defaults, optionals and nullables unwrapped; unions skipped). */
function numberFields(schema: z.ZodType, prefix: string[]): NumberField[] {
  let s = schema;
  while (['default', 'optional', 'nullable', 'prefault'].includes(defOf(s).type)) s = defOf(s).innerType!;
  const def = defOf(s);
  if (def.type === 'number') {
    const n = s as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
    return [{ path: prefix, min: n.minValue ?? -Infinity, max: n.maxValue ?? Infinity, int: n.isInt }];
  }
  if (def.type === 'object' && def.shape) return Object.entries(def.shape).flatMap(([k, v]) => numberFields(v, [...prefix, k]));
  return [];
}

const FIELDS: NumberField[] = [
  ...numberFields(Firm, ['firms', '0']).filter((f) => f.path.length === 3),
  ...numberFields(Program, ['firms', '1', 'program']),
  ...numberFields(Contract, ['firms', '2', 'contract']),
  ...numberFields(Segment, ['segments', '0']).filter((f) => f.path[2] !== 'share'),
  ...numberFields(Behaviour, ['behaviour']),
  ...numberFields(WordOfMouth, ['wordOfMouth']),
  ...numberFields(FailureKind, ['failureKinds', '0']),
  ...['clutter', 'clutterFreeMemberships', 'reviewEvery', 'periodsPerYear'].flatMap((k) => numberFields(Scenario.shape[k as 'clutter'], [k])),
];
/** Customer parameters set to constants at the ends of the distribution range. */
const PARAMETERS = ['basketValue', 'priceSensitivity', 'qualityWeight', 'rewardWeight', 'habitWeight', 'satisfactionWeight', 'expectation', 'switchingCost'];

describe('numeric bounds', () => {
  it('every number field of the schema has finite bounds', () => {
    expect(FIELDS.length).toBeGreaterThan(40);
    const unbounded = FIELDS.filter((f) => !Number.isFinite(f.min) || !Number.isFinite(f.max)).map((f) => f.path.join('.'));
    expect(unbounded).toEqual([]);
  });

  it('refuses the reported overflowing values with exit-2 messages', () => {
    for (const [set, path] of [['firms.0.price=1e160', 'firms.0.price'], ['firms.0.complaintCost=1e308', 'firms.0.complaintCost'],
      ['behaviour.qualityNoise=1e50', 'behaviour.qualityNoise'], ['segments.0.outsideUtility=1e308', 'segments.0.outsideUtility'],
      ['firms.0.strategy.quality={policy: expression, expression: "5", max: 5}', 'firms.0.strategy.quality.max']] as const) {
      let error: unknown;
      try {
        loadScenario('baseline', { set: [set] });
      } catch (e) {
        error = e;
      }
      expect(error, set).toBeInstanceOf(InputError);
      expect((error as InputError).message).toContain(`option --set: ${path}: expected a value ≤`);
    }
  });

  it('a scenario at the ends of its ranges simulates with every figure finite', () => {
    const base = loadScenario('baseline', { customers: 40, periods: 14 }).scenario;
    const raw = structuredClone(base) as unknown as Record<string, unknown>;
    const firms = raw.firms as Record<string, unknown>[];
    firms[1].program = Program.parse({});
    firms[2].contract = Contract.parse({});
    const extreme = (f: NumberField) => fc.constantFrom(f.min, f.max, f.int ? Math.round((f.min + f.max) / 2) : f.min + (f.max - f.min) * 0.5);
    const parameterValue = fc.constantFrom(-1e6, 0, 1e6);
    fc.assert(
      fc.property(
        fc.subarray(FIELDS, { minLength: 1, maxLength: 12 }).chain((fields) => fc.tuple(fc.constant(fields), fc.tuple(...fields.map(extreme)))),
        fc.dictionary(fc.constantFrom(...PARAMETERS), parameterValue, { maxKeys: 3 }),
        fc.integer({ min: 0, max: 1000 }),
        ([fields, values], parameters, seed) => {
          const doc = structuredClone(raw);
          fields.forEach((f, i) => {
            let node = doc as Record<string, unknown>;
            for (const key of f.path.slice(0, -1)) node = node[key] as Record<string, unknown>;
            node[f.path[f.path.length - 1]] = values[i];
          });
          const segment = (doc.segments as Record<string, unknown>[])[0];
          for (const [k, v] of Object.entries(parameters)) segment[k] = v;
          let scenario;
          try {
            scenario = validateScenario(doc, 'extreme.yaml');
          } catch (e) {
            if (e instanceof InputError) return; // a cross-field rule (min ≤ max, ...) refused the combination
            throw e;
          }
          // simulate() checks every figure after every period (NumericHealthError otherwise).
          const result = simulate(scenario, seed);
          for (const column of Object.values(result.firm)) for (const v of column) expect(Number.isFinite(v)).toBe(true);
        },
      ),
      { numRuns: Number(process.env.BOUNDS_RUNS ?? 150), seed: Number(process.env.FUZZ_SEED ?? 18) },
    );
  });
});
