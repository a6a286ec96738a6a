/**
 * The built CLI end to end (INTERFACE.md): `run` writes its files with the documented
 * columns, `--json` prints the summary, `--set` reaches the resolved scenario, `list`
 * lists the shipped scenarios, `validate` accepts them, and invalid input exits 2 with
 * one line naming the file, the field and what was expected, creating nothing.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/io/hash.js';
import { listShippedNames } from '../../src/scenario/files.js';
import { loadScenario } from '../../src/scenario/load.js';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';

const SMALL = ['--no-charts', '--customers', '1500', '--periods', '20'];
const TIMESERIES_COLUMNS = ['period', 'firm', 'customers', 'share', 'revenue', 'profit', 'price', 'members', 'satisfaction', 'churn', 'programCost'];
const MARKET_COLUMNS = ['period', 'meanPrice', 'priceSalience', 'hhi', 'programsPerCustomer', 'consumerSurplus'];

let work: string;
beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('cli');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const csv = (path: string) => {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
};

describe('run', () => {
  it('writes timeseries.csv, market.csv, summary.json, scenario.json and manifest.json with the documented contents', async () => {
    const r = await cli(['run', 'baseline', '--seed', '3', '--out', 'out', ...SMALL], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(work, 'out', 'baseline', 'seed-3');
    for (const f of ['timeseries.csv', 'market.csv', 'summary.json', 'scenario.json', 'manifest.json']) expect(existsSync(join(dir, f)), f).toBe(true);

    const ts = csv(join(dir, 'timeseries.csv'));
    for (const c of TIMESERIES_COLUMNS) expect(ts.header, `timeseries.csv column ${c}`).toContain(c);
    const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
    const firmNames: string[] = scenario.firms.map((f: { name: string }) => f.name);
    expect(ts.rows.length).toBe(20 * firmNames.length); // one row per period and firm
    expect(ts.rows.slice(0, firmNames.length).map((row) => row[ts.header.indexOf('firm')])).toEqual(firmNames);
    expect(ts.rows.every((row) => row.length === ts.header.length)).toBe(true);

    const market = csv(join(dir, 'market.csv'));
    for (const c of MARKET_COLUMNS) expect(market.header, `market.csv column ${c}`).toContain(c);
    expect(market.rows.map((row) => Number(row[0]))).toEqual(Array.from({ length: 20 }, (_, t) => t));

    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'baseline', seed: 3, periods: 20, customers: 1500 });
    expect(summary.firms.map((f: { name: string }) => f.name)).toEqual(firmNames);
    for (const f of summary.firms) for (const k of ['share', 'profit', 'price', 'satisfaction', 'churn', 'programCost', 'totalProfit']) expect(typeof f[k], `firms[].${k}`).toBe('number');
    for (const k of ['meanPrice', 'priceSalience']) expect(typeof summary.market[k], `market.${k}`).toBe('number');

    // scenario.json is the fully resolved scenario: options applied, defaults filled in.
    expect(scenario).toMatchObject({ name: 'baseline', customers: 1500, periods: 20 });
    expect(typeof scenario.firms[0].unitCost).toBe('number');
    expect(typeof scenario.behaviour.habitSmoothing).toBe('number');

    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.seed).toBe(3);
    for (const f of ['timeseries.csv', 'market.csv', 'summary.json', 'scenario.json']) expect(manifest.outputs[f], `manifest hash of ${f}`).toBe(sha256(readFileSync(join(dir, f))));
  });

  it('--json prints the summary (and only the summary) on stdout', async () => {
    const r = await cli(['run', 'baseline', '--seed', '4', '--out', 'json', '--json', ...SMALL], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    const written = JSON.parse(readFileSync(join(work, 'json', 'baseline', 'seed-4', 'summary.json'), 'utf8'));
    expect(printed).toEqual(written);
  });

  it('--set firms.0.price=12 is reflected in scenario.json and in the results', async () => {
    const r = await cli(['run', 'baseline', '--seed', '5', '--out', 'set', '--set', 'firms.0.price=12', '--quiet', ...SMALL], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(work, 'set', 'baseline', 'seed-5');
    const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
    expect(scenario.firms[0].price).toBe(12);
    const ts = csv(join(dir, 'timeseries.csv'));
    const firm = ts.header.indexOf('firm'), price = ts.header.indexOf('price');
    const rows = ts.rows.filter((row) => row[firm] === scenario.firms[0].name);
    expect(rows.length).toBe(20);
    expect(rows.every((row) => Number(row[price]) === 12)).toBe(true);
  });
});

describe('run --threads', () => {
  /** Every file under `dir` (relative path → bytes), manifest.json aside (it records the command line). */
  const files = (dir: string): Map<string, Buffer> => {
    const found = new Map<string, Buffer>();
    const walk = (sub: string): void => {
      for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
        const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (rel !== 'manifest.json') found.set(rel, readFileSync(join(dir, rel)));
      }
    };
    walk('');
    return found;
  };

  it('--threads 1 and --threads 2 write byte-identical files', async () => {
    // 16,384 customers: four blocks of 4096, the fewest that two threads share (two blocks each).
    const args = (threads: string) => ['run', 'theatre', '--seed', '9', '--customers', '16384', '--periods', '60', '--no-charts', '--json', '--out', `threads-${threads}`, '--threads', threads];
    const [one, two] = await Promise.all([cli(args('1'), { cwd: work }), cli(args('2'), { cwd: work })]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/seed 9\n/); // one thread asked: no note
    expect(two.stderr).toMatch(/seed 9, 2 threads\n/);
    expect(two.stdout).toBe(one.stdout);
    const a = files(join(work, 'threads-1', 'theatre', 'seed-9'));
    const b = files(join(work, 'threads-2', 'theatre', 'seed-9'));
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect(a.size).toBeGreaterThanOrEqual(4);
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    const manifest = (dir: string) => JSON.parse(readFileSync(join(work, dir, 'theatre', 'seed-9', 'manifest.json'), 'utf8'));
    expect(manifest('threads-2').outputs).toEqual(manifest('threads-1').outputs);
  }, 60_000);

  it('a small run uses fewer threads than asked, and says so', async () => {
    const r = await cli(['run', 'baseline', '--seed', '2', '--out', 'threads-small', '--threads', '8', ...SMALL], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/seed 2, 1 thread \(8 asked; at least 2 blocks of 4096 customers a thread\)\n/);
  });

  it('--threads 0 is bad input: exit 2, one line, nothing written', async () => {
    const r = await cli(['run', 'baseline', '--out', 'threads-bad', '--threads', '0', ...SMALL], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("option --threads: expected 'auto' or a whole number from 1 to 256, got 0\n");
    expect(existsSync(join(work, 'threads-bad'))).toBe(false);
  });
});

describe('list and validate', () => {
  it('list prints at least 3 lines, one per shipped scenario', async () => {
    const r = await cli(['list'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const names = lines.map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(listShippedNames());
    expect(names).toContain('baseline');
  });

  it('validate exits 0 on shipped scenarios', async () => {
    // One process per scenario costs about half a CPU-second; the CLI path is run for the
    // core scenarios, and every shipped scenario is checked by the loader validate uses.
    const core = ['baseline', 'first-mover', 'theatre'];
    const results = await Promise.all(core.map((n) => cli(['validate', n], { cwd: work })));
    results.forEach((r, k) => {
      expect(r.code, `${core[k]}: ${r.stderr}`).toBe(0);
      expect(r.stderr, core[k]).toContain('ok');
    });
    const failed: string[] = [];
    for (const name of listShippedNames()) {
      try {
        loadScenario(name);
      } catch (e) {
        failed.push(`${name}: ${(e as Error).message}`);
      }
    }
    expect(failed).toEqual([]);
  });
});

describe('invalid input: exit 2, one line naming file, field and expectation, nothing created', () => {
  const VALID = `name: tiny-bad
customers: 100
periods: 5
segments:
  - { name: all, share: 1 }
firms:
  - { name: A, price: 10 }
  - { name: B, price: 10 }
`;
  const cases: { what: string; text?: string; file: string; path: string; expect: RegExp }[] = [
    { what: 'an unknown key', file: 'unknown-key.yaml', text: VALID.replace('  - { name: A, price: 10 }', '  - { name: A, price: 10, prise: 9 }'), path: 'firms.0.prise', expect: /unknown field/ },
    { what: 'a wrong type', file: 'wrong-type.yaml', text: VALID.replace('periods: 5', 'periods: five'), path: 'periods', expect: /expected a (whole )?number/ },
    { what: 'a negative probability', file: 'negative-probability.yaml', text: VALID.replace('  - { name: B, price: 10 }', '  - { name: B, price: 10, failureRate: -0.1 }'), path: 'firms.1.failureRate', expect: /expected a value ≥ 0/ },
    { what: 'segment shares not summing to 1', file: 'shares.yaml', text: VALID.replace('  - { name: all, share: 1 }', '  - { name: all, share: 0.5 }\n  - { name: some, share: 0.3 }'), path: 'segments', expect: /summing to 1/ },
    { what: 'a missing file', file: 'does-not-exist.yaml', path: '', expect: /not found/ },
  ];

  it('(the unbroken file these cases start from is valid)', async () => {
    writeFileSync(join(work, 'valid.yaml'), VALID);
    const r = await cli(['validate', 'valid.yaml'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
  });

  for (const c of cases) {
    it(`${c.what} (${c.file})`, async () => {
      if (c.text !== undefined) writeFileSync(join(work, c.file), c.text);
      const commands = ['run', 'validate'];
      const results = await Promise.all(commands.map((command) => cli([command, c.file, '--out', `out-${command}-${c.file}`, '--no-charts'], { cwd: work })));
      results.forEach((r, k) => {
        const command = commands[k];
        expect(r.code, `${command}: ${r.stderr}`).toBe(2);
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines, `${command} stderr`).toHaveLength(1);
        const line = lines[0];
        expect(line, 'names the file').toContain(c.file);
        if (c.path) expect(line, 'names the field path').toContain(c.path);
        expect(line, 'says what was expected').toMatch(c.expect);
        expect(r.stdout).toBe('');
        expect(existsSync(join(work, `out-${command}-${c.file}`)), 'no output directory is created').toBe(false);
      });
    });
  }
});
