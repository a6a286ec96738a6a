/**
 * Validation bounds every number so that no valid scenario overflows: scenarios with
 * fields pushed to the ends of their ranges (read from the schema itself, so a new field
 * is covered when it gets bounds) simulate on a tiny population with every reported
 * figure finite. Before the bounds, price=1e160, complaintCost=1e308, qualityNoise=1e50
 * or outsideUtility=1e308 validated and ended in "internal error: non-finite …"; so did
 * the smallest values, price=1e-308 or a lognormal mean of 1e-300, and a beta sd of
 * 1e-300 never ended at all. Any scenario that validates now runs: exit 0, never 1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Behaviour, Contract, FailureKind, Firm, Program, Scenario, Segment, WordOfMouth } from '../../src/model/schema.js';
import { loadScenario, validateScenario } from '../../src/scenario/load.js';
import { InputError } from '../../src/errors.js';
import { simulate } from '../../src/model/simulate.js';
import { cli, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

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
/** Customer parameters set to constants or distributions at the ends of their ranges. */
const PARAMETERS = ['shopProbability', 'basketValue', 'priceSensitivity', 'qualityWeight', 'rewardWeight', 'habitWeight', 'satisfactionWeight', 'expectation', 'switchingCost'];
/** The ends of a number's range: the largest magnitudes, 0, and the least steps above 0. */
const TINY = [5e-324, 1e-300];
const parameterValue = fc.oneof(
  fc.constantFrom(-1e6, 0, ...TINY, 1e-6, 1e6),
  fc.record({ dist: fc.constant('lognormal'), mean: fc.constantFrom(1e-6, 1, 1e6), sd: fc.constantFrom(0, ...TINY, 1e6) }),
  fc.record({ dist: fc.constant('beta'), mean: fc.constantFrom(...TINY, 0.5, 1 - 2 ** -53), sd: fc.constantFrom(1e-6, 0.25, 0.4999) }),
  fc.record({ dist: fc.constant('normal'), mean: fc.constantFrom(-1e6, 0, 1e6), sd: fc.constantFrom(0, ...TINY, 1e6), min: fc.constantFrom(-1e6, ...TINY, 1e-6) }),
  fc.record({ dist: fc.constant('uniform'), min: fc.constantFrom(-1e6, ...TINY, 1e-6), max: fc.constantFrom(1e-6, 1e6) }),
);

/** The baseline on a tiny population with random fields and customer parameters at the ends of their ranges. */
const extremeScenario = (() => {
  const base = loadScenario('baseline', { customers: 40, periods: 14 }).scenario;
  const raw = structuredClone(base) as unknown as Record<string, unknown>;
  raw.name = 'extreme';
  const firms = raw.firms as Record<string, unknown>[];
  firms[1].program = Program.parse({});
  firms[2].contract = Contract.parse({});
  // the ends, the middle, and for a real number the least steps above its lower end
  const extreme = (f: NumberField) => fc.constantFrom(f.min, f.max, f.int ? Math.round((f.min + f.max) / 2) : f.min + (f.max - f.min) * 0.5,
    ...(f.int ? [] : f.min === 0 ? TINY : [f.min * (1 + 2 ** -52)]));
  return fc.tuple(
    fc.subarray(FIELDS, { minLength: 1, maxLength: 12 }).chain((fields) => fc.tuple(fc.constant(fields), fc.tuple(...fields.map(extreme)))),
    fc.dictionary(fc.constantFrom(...PARAMETERS), parameterValue, { maxKeys: 4 }),
  ).map(([[fields, values], parameters]) => {
    const doc = structuredClone(raw);
    fields.forEach((f, i) => {
      let node = doc as Record<string, unknown>;
      for (const key of f.path.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[f.path[f.path.length - 1]] = values[i];
    });
    const segment = (doc.segments as Record<string, unknown>[])[0];
    for (const [k, v] of Object.entries(parameters)) segment[k] = v;
    return doc;
  });
})();

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

  it('price=1e-308 or a lognormal mean of 1e-300 (exit 1 before): exit 2 through the executable, nothing written', async () => {
    const out = join(tempDir('bounds'), 'out');
    for (const [set, message] of [
      ['firms.0.price=1e-308', 'option --set: firms.0.price: expected a value ≥ 0.000001, got 1e-308'],
      ['segments.0.basketValue={dist: lognormal, mean: 1e-300, sd: 1}', 'option --set: segments.0.basketValue.mean: expected a value ≥ 0.000001, got 1e-300'],
      ['segments.0.shopProbability={dist: beta, mean: 0.5, sd: 1e-300}', 'option --set: segments.0.shopProbability.sd: expected a value ≥ 0.000001, got 1e-300'],
    ]) {
      const r = await cli(['run', 'baseline', '--set', set, '--customers', '200', '--periods', '20', '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(`${message}\n`);
      expect(existsSync(out)).toBe(false);
    }
    removeDir(dirname(out));
  });

  it('a scenario at the ends of its ranges, smallest values included, simulates with every figure finite', () => {
    fc.assert(
      fc.property(extremeScenario, fc.integer({ min: 0, max: 1000 }), (doc, seed) => {
        let scenario;
        try {
          scenario = validateScenario(doc, 'extreme.yaml');
        } catch (e) {
          if (e instanceof InputError) return; // a cross-field rule (min ≤ max, ...) refused the combination
          throw e;
        }
        // simulate() checks every figure after every period (NumericHealthError, an exit 1, otherwise).
        const result = simulate(scenario, seed);
        for (const column of Object.values(result.firm)) for (const v of column) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: Number(process.env.BOUNDS_RUNS ?? 150), seed: Number(process.env.FUZZ_SEED ?? 18) },
    );
  });

  it('run: any such scenario that validates ends in exit 0 with a complete result (charts, findings, report), or exit 2', async () => {
    const dir = tempDir('bounds-run');
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(extremeScenario, async (doc) => {
          const file = join(dir, `extreme-${n}.json`);
          const out = join(dir, `out-${n++}`);
          writeFileSync(file, JSON.stringify(doc));
          const r = await cliInProcess(['run', file, '--out', out, '--quiet'], { cwd: dir });
          expect([0, 2], r.stderr).toContain(r.code);
          if (r.code === 0) expect(JSON.parse(readFileSync(join(out, 'extreme', 'seed-1', 'manifest.json'), 'utf8')).complete).toBe(true);
        }),
        { numRuns: Number(process.env.BOUNDS_CLI_RUNS ?? 3), seed: Number(process.env.FUZZ_SEED ?? 18) },
      );
    } finally {
      removeDir(dir);
    }
  }, 120_000);
});
