/**
 * Property tests over malformed input. In process (fast, thousands of cases): whatever
 * the document or options, the loader either returns a valid scenario or throws an
 * InputError whose message is one printable line per problem — never another exception.
 * Through the CLI (a sample of ~50): exit 0 or 2, never 1, no stack trace, and no
 * output directory unless the run succeeded (and then a complete one).
 */
import fc from 'fast-check';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, MAX_LISTED_PROBLEMS } from '../../src/errors.js';
import { loadScenario, validateScenario } from '../../src/scenario/load.js';
import { Scenario } from '../../src/model/schema.js';
import { loadOptionsFrom, type CommonArgs } from '../../src/cli/common.js';
import { MAX_SHARDS, maxWorkers, parseShard, parseWorkers } from '../../src/experiment/engine/args.js';
import { cli, ensureBuilt, listTree, removeDir, STACK_LINE, tempDir } from '../helpers/cli.js';
import { damage, hostileValue, mutate, mutation, shippedDocs, textDamage, validScenario } from './mutate.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
let tmp: string;
beforeAll(() => {
  tmp = tempDir('fuzz');
});
afterAll(() => removeDir(tmp));

/** Either a valid scenario or an InputError with printable, one-line-per-problem text. */
function checkOutcome(f: () => unknown): 'ok' | 'refused' {
  try {
    const s = f();
    expect(Scenario.safeParse(s).success).toBe(true);
    return 'ok';
  } catch (e) {
    if (!(e instanceof InputError)) throw new Error(`not an InputError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.problems.length).toBeGreaterThan(0);
    const lines = e.message.split('\n');
    expect(lines.length).toBeLessThanOrEqual(MAX_LISTED_PROBLEMS + 1);
    for (const line of lines) {
      expect(line).toMatch(/^[^:]+: /);
      // eslint-disable-next-line no-control-regex
      expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(line.length).toBeLessThan(2000);
    }
    return 'refused';
  }
}

const bases = shippedDocs();
const base = fc.oneof(validScenario, ...(bases.length > 0 ? [fc.constantFrom(...bases)] : []));

describe('fuzz: in process', () => {
  it('generated bases are valid (so that mutations are what fails)', () => {
    fc.assert(
      fc.property(validScenario, (doc) => {
        validateScenario(structuredClone(doc), 'fuzz.yaml');
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('mutated documents: a valid scenario or an InputError (1,200 cases)', () => {
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (doc, mutations) => {
        outcomes[checkOutcome(() => validateScenario(mutate(doc, mutations), 'fuzz.yaml'))]++;
      }),
      { seed: SEED, numRuns: 1200 },
    );
    // The property is only meaningful if both outcomes occur.
    expect(outcomes.refused).toBeGreaterThan(100);
    expect(outcomes.ok).toBeGreaterThan(10);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('damaged YAML and JSON files: a valid scenario or an InputError (500 cases)', () => {
    let n = 0;
    fc.assert(
      fc.property(base, fc.array(mutation, { maxLength: 2 }), textDamage, fc.boolean(), (doc, mutations, edits, asJson) => {
        const mutated = mutate(doc, mutations);
        let text: string;
        try {
          text = asJson ? JSON.stringify(mutated) ?? 'null' : stringify(mutated);
        } catch {
          text = 'not: [serialisable';
        }
        const file = join(tmp, `case-${n++ % 50}.${asJson ? 'json' : 'yaml'}`);
        writeFileSync(file, damage(text, edits));
        checkOutcome(() => loadScenario(file).scenario);
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('option sets: validated options or an InputError (400 cases)', () => {
    const file = join(tmp, 'good.yaml');
    writeFileSync(file, stringify({ segments: [{ name: 's', share: 1 }], firms: [{ name: 'A', price: 10 }, { name: 'B', price: 9 }] }));
    const setEntry = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.tuple(fc.constantFrom('firms.0.price', 'firms.B.quality', 'clutter', 'segments.0.share', 'firms.9.price', 'x.y', '__proto__.a', 'firms..a', 'events', 'name'), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('.nan', '1e999', '[1,', '{a: 1}', '*x', '!!binary aGk=', '-1', '0.5', '../x'))).map(([p, v]) => `${p}=${v}`),
    );
    const args = fc.record(
      {
        customers: fc.oneof(fc.integer(), fc.double(), fc.constant(NaN), hostileValue),
        periods: fc.oneof(fc.integer({ min: -5, max: 200_000 }), hostileValue),
        set: fc.array(setEntry, { maxLength: 4 }),
        out: fc.oneof(fc.constant(join(tmp, 'out')), fc.constant(''), fc.string({ maxLength: 10 }).map((s) => join(tmp, s)), hostileValue),
        workers: fc.oneof(fc.constantFrom('auto', '0', '1', '2', '-1', 'abc', '1e3', '2000', ' 3 '), fc.string({ maxLength: 5 })),
        shard: fc.oneof(fc.constantFrom('0/2', '1/2', '2/2', '3/2', '-1/2', '0/0', '1/1', 'a/b', '1', '0/100001'), fc.string({ maxLength: 6 })),
        maxMemory: fc.oneof(fc.constant(undefined), fc.double(), hostileValue),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(args, (a) => {
        const full = { charts: false, quiet: true, json: false, out: 'output', ...a } as unknown as CommonArgs;
        checkOutcome(() => loadScenario(file, loadOptionsFrom(full)).scenario);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('--workers and --shard parsers accept exactly their documented forms', () => {
    // Random text almost never spells a valid form, so the documented forms (and near
    // misses: out of range, i ≥ n) are generated too, with stray spaces.
    const space = fc.constantFrom('', ' ', '  ');
    const shardText = fc.tuple(space, fc.nat(40), space, fc.nat(40), space).map(([a, i, b, n, c]) => `${a}${i}${b}/${b}${n}${c}`);
    const workersText = fc.oneof(fc.constant('auto'), fc.tuple(space, fc.nat(2000), space).map(([a, n, b]) => `${a}${n}${b}`));
    const documentedShard = (v: unknown): boolean => {
      const m = typeof v === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v) : null;
      return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= MAX_SHARDS && Number(m[1]) < Number(m[2]);
    };
    const documentedWorkers = (v: unknown): boolean =>
      v === 'auto' || (typeof v === 'string' && /^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= maxWorkers());
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8 }), hostileValue, shardText, workersText), (v) => {
        for (const [parse, documented] of [[parseWorkers, documentedWorkers], [parseShard, documentedShard]] as const) {
          let r: unknown;
          try {
            r = parse(v);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            r = undefined;
          }
          if (typeof v === 'string') expect(r !== undefined, `${parse.name}(${JSON.stringify(v)})`).toBe(documented(v));
          if (parse === parseWorkers && r !== undefined) expect(Number.isInteger(r) && (r as number) >= 1).toBe(true);
          if (parse === parseShard && r !== undefined) {
            const s = r as { index: number; count: number };
            expect(s.index).toBeGreaterThanOrEqual(0);
            expect(s.index).toBeLessThan(s.count);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('fuzz: through the CLI', () => {
  const SAMPLE = 36;
  const cases = fc.sample(
    fc.record({
      doc: base,
      clean: fc.boolean(),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
      edits: fc.option(textDamage, { freq: 2, nil: undefined }),
      command: fc.constantFrom('validate', 'run', 'run'),
      extra: fc.array(
        fc.constantFrom(['--seed', '-1'], ['--seed', '3'], ['--customers', '0'], ['--customers', 'abc'], ['--periods', '1e9'], ['--set', 'firms.0.price=abc'], ['--set', 'nonsense'], ['--bogus'], ['--max-memory', '0.001'], ['--max-memory', '-5']),
        { maxLength: 2 },
      ),
    }),
    { seed: SEED, numRuns: SAMPLE },
  );

  beforeAll(async () => {
    await ensureBuilt();
  });

  // About half the cases are clean (a valid scenario, good options) so that successful
  // runs, and their output directories, are checked too (counted below: a CLI that
  // refused everything would pass every case).
  const outcomes = { runsWritten: 0, refused: 0 };
  it.concurrent.each(cases.map((c, i) => ({ ...c, i })))('case $i: exit 0 or 2, never a crash or a partial directory', async ({ doc, clean, mutations, edits, command, extra, i }) => {
    const dir = join(tmp, `cli-${i}`);
    const file = join(tmp, `cli-${i}.yaml`);
    const text = stringify(clean ? doc : mutate(doc, mutations));
    writeFileSync(file, edits && !clean ? damage(text, edits) : text);
    const out = join(dir, 'out');
    const options = clean ? [] : extra.flat();
    // Small runs, unless the case sets the size itself (an option given twice is refused).
    const size = [
      ...(options.includes('--customers') ? [] : ['--customers', '300']),
      ...(options.includes('--periods') ? [] : ['--periods', '12']),
    ];
    const args = command === 'run' ? ['run', file, ...size, ...options, '--out', out, '--no-charts', '--quiet'] : ['validate', file, ...options];
    const r = await cli(args, { timeoutMs: 60_000 });
    if (process.env.FUZZ_LOG) console.log(`case ${i} ${command} exit ${r.code} ${r.stderr.split('\n')[0].slice(0, 150)}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect([0, 2], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
    if (r.code === 2) {
      outcomes.refused++;
      expect(r.stderr.trim()).not.toBe('');
      expect(existsSync(out)).toBe(false);
    }
    if (r.code === 0 && command === 'run') {
      outcomes.runsWritten++;
      const manifests = listTree(out).filter((f) => f.endsWith('/manifest.json') && !f.split('/').some((p) => p.startsWith('.')));
      expect(manifests.length).toBe(1);
      expect(JSON.parse(readFileSync(join(out, manifests[0]), 'utf8')).complete).toBe(true);
      // Nothing hidden but the marker of the result folder (io/ownership.ts).
      expect(listTree(out).filter((f) => f.split('/').some((p) => p.startsWith('.')) && !f.endsWith('/.loyalty-sim'))).toEqual([]);
    }
  }, 90_000);

  it('both outcomes occurred: runs were written and inputs refused', () => {
    expect(outcomes.runsWritten).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(3);
  });
});
