/**
 * Scenario library: every scenario of the library is shipped in the form the
 * issue asks for: a header comment (the question, the mechanisms, what to look at), a
 * name matching its file, a one-line description (the question `loyalty-sim list`
 * prints), a size that runs in seconds; and `list`, `validate` and `run` take it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listShippedNames, scenariosDir } from '../../src/scenario/files.js';
import { loadScenario } from '../../src/scenario/load.js';
import { CASES } from './cases.js';
import { cli, ensureBuilt, ROOT, tempDir } from '../helpers/cli.js';

/** The library's own files (the core scenarios are checked elsewhere). */
const LIBRARY = [
  'tiefstapler', 'hochstapler', 'complaint-management', 'why-customers-leave', 'lock-in-commodity', 'lock-in-status',
  'program-targeted', 'program-open', 'b2b-integration', 'workshop', 'insurer-care', 'coalition', 'habit-strong', 'habit-weak',
  'saturation',
];

/** The comment lines at the top of a scenario file. */
const header = (name: string): string => {
  const lines = readFileSync(join(scenariosDir(), `${name}.yaml`), 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(0, end).join('\n');
};

describe('the scenario library', () => {
  it('ships every scenario the cases use', () => {
    const shipped = new Set(listShippedNames());
    for (const name of [...LIBRARY, ...CASES.flatMap((c) => c.scenarios)]) expect(shipped.has(name), name).toBe(true);
  });

  it.each(LIBRARY)('%s has a header (question, mechanisms, what to look at), a one-line description and a size that runs in seconds', (name) => {
    const text = header(name);
    expect(text, `${name}: header comment`).toMatch(/^# \S+: /);
    expect(text, `${name}: the question`).toMatch(/Question:/);
    if (!/reference for/.test(text)) expect(text, `${name}: the mechanisms`).toMatch(/Mechanisms:/);
    expect(text, `${name}: what to look at`).toMatch(/Look at:/);
    const { scenario } = loadScenario(name);
    expect(scenario.name).toBe(name);
    expect(scenario.description.length).toBeGreaterThan(20);
    expect(scenario.description).not.toMatch(/\n/);
    expect(scenario.description.endsWith('?') || scenario.description.endsWith('.'), scenario.description).toBe(true);
    // ≤ 5 s for one run: at most 20,000 customers and 260 periods, and ≤ 15 M customer-firm-periods.
    expect(scenario.customers).toBeGreaterThanOrEqual(10_000);
    expect(scenario.customers).toBeLessThanOrEqual(20_000);
    expect(scenario.periods).toBeGreaterThanOrEqual(156);
    expect(scenario.periods).toBeLessThanOrEqual(260);
    expect(scenario.customers * scenario.periods * scenario.firms.length).toBeLessThanOrEqual(15_000_000);
  });
});

describe('the library from the command line', () => {
  let out: string;
  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('library');
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('`list` prints every library scenario with its question', async () => {
    const r = await cli(['list'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    for (const name of LIBRARY) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`${name} `));
      expect(line, name).toBeDefined();
      expect(line).toContain(loadScenario(name).scenario.description.slice(0, 40));
    }
  });

  it('`validate` accepts library scenarios (the new coalition field among them)', async () => {
    // Every library file is loaded and validated in-process above; the CLI is checked on a few.
    for (const name of ['coalition', 'lock-in-status', 'program-open']) {
      const r = await cli(['validate', name], { cwd: ROOT });
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
    }
  });

  it('`run` runs a library scenario and reports the churn decomposition', async () => {
    const r = await cli(['run', 'why-customers-leave', '--seed', '7', '--customers', '1500', '--periods', '60', '--out', out, '--no-charts', '--json', '--quiet'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.scenario).toBe('why-customers-leave');
    expect(Object.keys(summary.churnCauses)).toEqual(expect.arrayContaining(['lackOfAttention', 'notTakenSeriously', 'relocation', 'price', 'taste', 'quality', 'habit', 'noise']));
  }, 120_000);
});
