/**
 * `loyalty-sim explore` as a user runs it: one self-contained file at
 * <out>/<scenario>/explore.html, the same bytes for the same inputs, nothing loaded from
 * the network, and bad input refused with exit 2 and no output.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, ensureBuilt, tempDir } from '../helpers/cli.js';

describe('loyalty-sim explore', () => {
  let out: string;
  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('explore-command');
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('writes one self-contained page, byte-identical for the same inputs, replacing its own page', async () => {
    // the second run finds the first one's page: the tool's own, so it is replaced
    const pages: string[] = [];
    for (let k = 0; k < 2; k++) {
      const r = await cli(['explore', 'first-mover', '--customers', '3000', '--seed', '9', '--out', join(out, 'page'), '--quiet'], { cwd: out });
      expect(r.code, r.stderr).toBe(0);
      pages.push(readFileSync(join(out, 'page', 'first-mover', 'explore.html'), 'utf8'));
    }
    expect(pages[0]).toBe(pages[1]);
    const html = pages[0];
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    const data = JSON.parse(/<script type="application\/json" id="explore-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null');
    expect(data.start).toBe('first-mover');
    expect(data.presets[0].scenario.seed).toBe(9);
    expect(data.presets[0].scenario.customers).toBe(3000);
    // every shipped scenario is a preset, at the chosen size
    const list = (await cli(['list'], { cwd: out })).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(data.presets.map((p: { name: string }) => p.name).sort()).toEqual([...list].sort());
    expect(data.presets.every((p: { scenario: { customers: number } }) => p.scenario.customers === 3000)).toBe(true);
  });

  test('bad input: exit 2, one message naming the problem, no output', async () => {
    for (const args of [['nosuch'], ['theatre', '--set', 'firms.Boreal.price=-1'], ['theatre', '--seed', '-3']]) {
      const dir = join(out, `bad-${args.join('-').replace(/[^a-z0-9-]/gi, '')}`);
      const r = await cli(['explore', ...args, '--out', dir], { cwd: out });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(dir)).toBe(false);
    }
  });
});
