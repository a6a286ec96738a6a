/**
 * Determinism through the built CLI: `loyalty-sim run <shipped scenario>
 * --seed 7` twice gives byte-identical outputs (all but manifest.json); a different seed
 * gives different ones.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';

const SIZE = ['--no-charts', '--quiet', '--customers', '3000', '--periods', '60'];
let work: string;

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('determinism');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['baseline', 'first-mover'])('run %s', (scenario) => {
  it('--seed 7 twice: byte-identical outputs but the manifest; --seed 8: different results', async () => {
    const [a, b, c] = await Promise.all([
      cli(['run', scenario, '--seed', '7', '--out', 'a', ...SIZE], { cwd: work }),
      cli(['run', scenario, '--seed', '7', '--out', 'b', ...SIZE], { cwd: work }),
      cli(['run', scenario, '--seed', '8', '--out', 'c', ...SIZE], { cwd: work }),
    ]);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    const first = files(join(work, 'a', scenario, 'seed-7'));
    const second = files(join(work, 'b', scenario, 'seed-7'));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const f of ['timeseries.csv', 'market.csv', 'summary.json', 'scenario.json']) expect(first.has(f), f).toBe(true);
    for (const [name, bytes] of first) {
      if (name === 'manifest.json') continue;
      expect(second.get(name)!.equals(bytes), `${name} differs between two runs with seed 7`).toBe(true);
    }
    // The manifest records the outputs' hashes, which therefore agree too.
    const outputsOf = (m: Map<string, Buffer>) => (JSON.parse(m.get('manifest.json')!.toString()) as { outputs: Record<string, string> }).outputs;
    expect(outputsOf(second)).toEqual(outputsOf(first));

    const other = files(join(work, 'c', scenario, 'seed-8'));
    for (const f of ['timeseries.csv', 'market.csv']) expect(other.get(f)!.equals(first.get(f)!), `${f} is the same for seeds 7 and 8`).toBe(false);
  });
});
