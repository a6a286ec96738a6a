/**
 * Ordinary input at the edges ends in exit 0 or 2 as documented, with a message that
 * names the right thing: --seeds 1 (an interval needs two), `price / 0` under every command,
 * `merge /etc`, CR-only files, --set problems (blamed on the option, not the file),
 * `extends: /abs/path` or a parent reached through a link or `..` (never quoted), bidi and
 * newline characters (escaped), a quality formula returning 5, `--customers ""`,
 * `--set extends=…`, a name repeated in a child, a replaced list's gaps (the child's).
 * The first case of each group runs the executable; the rest run main() in process.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate } from '../../src/model/simulate.js';
import { clampPrice, clampQuality } from '../../src/model/strategy/index.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('names');
});
afterAll(() => removeDir(tmp));

const SMALL = ['--customers', '200', '--periods', '30', '--workers', '1', '--quiet'];

describe('--seeds 1', () => {
  for (const [k, args] of [['replicate', 'baseline'], ['compare', 'baseline', 'first-mover'], ['grid', 'baseline', '--vary', 'clutter=0,1'], ['game', 'baseline']].entries()) {
    it(`${args[0]}: exit 2, intervals need at least 2 seeds`, async () => {
      const out = join(tmp, `seeds-${args[0]}`);
      const r = await (k === 0 ? cli : cliInProcess)([...args, '--seeds', '1', ...SMALL, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('option --seeds: expected at least 2 seeds (a 95% interval needs two), got 1 (use loyalty-sim run for a single seed)\n');
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('an expression dividing by zero', () => {
  const file = () => {
    const f = join(tmp, 'divide.yaml');
    writeFileSync(f, 'extends: baseline\nname: divide\nfirms:\n  - name: Aurora\n    strategy:\n      price: { policy: expression, expression: "price / 0" }\n');
    return f;
  };
  for (const [k, args] of [['run'], ['replicate', '--seeds', '2'], ['compare', 'baseline', '--seeds', '2'], ['grid', '--vary', 'clutter=0,1', '--seeds', '2'], ['game', '--seeds', '2']].entries()) {
    it(`${args[0]}: exit 2 with the sandbox's message`, async () => {
      const [command, ...rest] = args;
      const positional = command === 'compare' ? [rest[0], file()] : [file()];
      const options = command === 'compare' ? rest.slice(1) : rest;
      const r = await (k === 0 ? cli : cliInProcess)([command, ...positional, ...options, ...SMALL.filter((a) => !(command === 'run' && (a === '--workers' || a === '1'))), '--out', join(tmp, `div-${command}`)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe('firm "Aurora": firms.0.strategy.price.expression: expression "price / 0": expected a finite number, got Infinity with price=10.8\n');
    });
  }
});

describe('input at the edges', () => {
  it('merge /etc: exit 2, no experiment found', async () => {
    const r = await cli(['merge', '/etc', '--out', join(tmp, 'merge-etc')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('/etc: no experiment found (no experiment.json at or below it)\n');
  });

  it('merge of a plan naming a folder outside --out: exit 2', async () => {
    const dir = join(tmp, 'evil-shard', 'x', 'replicate');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify({ name: '../../escape', kind: 'replicate', jobs: [], points: [] }));
    const r = await cliInProcess(['merge', join(tmp, 'evil-shard'), '--out', join(tmp, 'merge-evil')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an experiment of a kind that can be split into shards/);
    expect(existsSync(join(tmp, 'escape'))).toBe(false);
    // a game may name a theatre map's cell, and nothing else with a slash
    const game = join(tmp, 'evil-game', 'x', 'game');
    mkdirSync(game, { recursive: true });
    writeFileSync(join(game, 'experiment.json'), JSON.stringify({ name: '../game-map/cell-1', kind: 'game', jobs: [], points: [] }));
    const g = await cliInProcess(['merge', join(tmp, 'evil-game'), '--out', join(tmp, 'merge-evil-game')]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/not an experiment of a kind that can be split into shards/);
    // nor a variant folder that climbs out of its scenario
    const variant = join(tmp, 'evil-variant', 'x', 'game');
    mkdirSync(variant, { recursive: true });
    writeFileSync(join(variant, 'experiment.json'), JSON.stringify({ name: 'x', kind: 'game', folder: 'game-../../up', jobs: [], points: [] }));
    const v = await cliInProcess(['merge', join(tmp, 'evil-variant'), '--out', join(tmp, 'merge-evil-variant')]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/not an experiment of a kind that can be split into shards/);
  });

  it('a CR-only file reads as lines', async () => {
    const f = join(tmp, 'cr.yaml');
    writeFileSync(f, 'extends: baseline\rname: cr\rcustomers: 300\rperiods: 7\r');
    const r = await cli(['validate', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(loadScenario(f).scenario).toMatchObject({ name: 'cr', customers: 300, periods: 7 });
  });

  it('--set problems are blamed on option --set, also above the field it set', async () => {
    const r = await cliInProcess(['validate', 'baseline', '--set', 'segments.0.share=0.5', '--set', 'firms.0.price=-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^option --set: segments: expected segment shares summing to 1, got 1\.2/m);
    expect(r.stderr).toMatch(/^option --set: firms\.0\.price: expected a value ≥ 0\.000001, got -1$/m);
    expect(r.stderr).not.toMatch(/baseline\.yaml/);
  });

  it('extends: /abs/path does not quote the foreign file', async () => {
    const secret = join(tmp, 'secret.yaml');
    writeFileSync(secret, 'password: hunter2-top-secret\napiKey: abc123\n');
    const child = join(tmp, 'child.yaml');
    writeFileSync(child, `extends: ${secret}\nname: child\n`);
    const text = join(tmp, 'text.yaml');
    writeFileSync(text, 'root:x:0:0:root:/root:/bin/bash\n');
    const child2 = join(tmp, 'child2.yaml');
    writeFileSync(child2, `extends: ${text}\n`);
    for (const f of [child, child2]) {
      const r = await cli(['validate', f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/extends: ".*" is not a valid scenario file to extend \(\d+ problems?; run loyalty-sim validate on it to see them\)/);
      for (const leak of ['hunter2', 'password', 'apiKey', 'abc123', 'root:x', '/bin/bash']) expect(r.stderr).not.toContain(leak);
    }
  });

  it('extends through a link or .. out of the child\'s folder does not quote the parent', async () => {
    const outside = join(tmp, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'creds.yaml'), 'password: hunter2-top-secret\napiKey: abc123\n');
    writeFileSync(join(outside, 'creds.json'), '{"token": "s3cr3t-token", "user": "alice"}\n');
    const project = join(tmp, 'project', 'deep');
    mkdirSync(project, { recursive: true });
    symlinkSync(join(outside, 'creds.yaml'), join(project, 'shadowlink.yaml'));
    writeFileSync(join(project, 'linked.yaml'), 'extends: shadowlink.yaml\n');
    writeFileSync(join(project, 'up.yaml'), 'extends: ../../outside/creds.json\n');
    for (const [file, ref] of [['linked.yaml', 'shadowlink.yaml'], ['up.yaml', '../../outside/creds.json']]) {
      const r = file === 'linked.yaml' ? await cli(['validate', file], { cwd: project }) : await cliInProcess(['validate', file], { cwd: project });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}: extends: "${ref}" is not a valid scenario file to extend (`);
      for (const leak of ['hunter2', 'password', 'apiKey', 'abc123', 's3cr3t', 'token', 'alice']) expect(r.stderr, file).not.toContain(leak);
    }
    // a parent in the child's own folder is quoted as before
    writeFileSync(join(project, 'own.yaml'), 'extends: baseline\nfirms:\n  - name: Aurora\n    pricee: 3\n');
    writeFileSync(join(project, 'child.yaml'), 'extends: own.yaml\n');
    const own = await cliInProcess(['validate', 'child.yaml'], { cwd: project });
    expect(own.stderr).toBe('own.yaml: firms.0.pricee: unknown field (did you mean "price"?)\n');
  });

  it('bidi and newline characters in names are escaped when printed', async () => {
    const f = join(tmp, 'bidi.yaml');
    writeFileSync(f, 'extends: baseline\nname: "evil\\u202Etxt.exe"\n');
    const r = await cli(['replicate', f, '--set', 'firms.0.name="Aurora\\u2066x"', '--seeds', '2', '--customers', '200', '--periods', '10', '--workers', '1', '--no-charts', '--out', join(tmp, 'bidi')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('evil\\u202etxt.exe');
    expect(r.stderr).toContain('Aurora\\u2066x');
    expect(r.stderr).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('messages that name the input', () => {
  it('--customers "" says got ""; --seed "" is refused, not read as seed 0', async () => {
    const customers = await cli(['validate', 'baseline', '--customers', '']);
    expect(customers.code).toBe(2);
    expect(customers.stderr).toBe('option --customers: expected a whole number from 1 to 100000000, got ""\n');
    const out = join(tmp, 'blank-seed');
    const seed = await cli(['run', 'baseline', '--seed=', '--customers', '200', '--periods', '10', '--out', out]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe('option --seed: expected a whole number from 0 to 2147483647, got ""\n');
    expect(existsSync(out)).toBe(false);
  });

  it('--set extends=… is refused, not ignored', async () => {
    const r = await cliInProcess(['validate', 'baseline', '--set', 'extends=first-mover'], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('option --set: extends: expected a field an option can change (a file\'s parent is read before options apply; write extends in the scenario file), got "extends=first-mover"\n');
  });

  it('a firm a child lists twice is the child\'s problem; a field missing from a list the child replaced is not blamed on its parent', async () => {
    const twice = join(tmp, 'twice.yaml');
    writeFileSync(twice, 'extends: baseline\nfirms:\n  - { name: Aurora, price: 10 }\n  - { name: Aurora, price: 11 }\n');
    const r = await cliInProcess(['validate', twice], { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('twice.yaml: firms.1.name: expected a unique name, got "Aurora" again (also firms.0.name)\n');
    // an entry without a name: the child's list replaces the parent's, whose prices it lacks
    const replaced = join(tmp, 'replaced.yaml');
    writeFileSync(replaced, 'extends: baseline\nfirms:\n  - { name: Solo }\n  - { price: 3 }\n');
    const gaps = await cliInProcess(['validate', replaced], { cwd: tmp });
    expect(gaps.code).toBe(2);
    expect(gaps.stderr).toBe('replaced.yaml: firms.0.price: required field is missing (expected a number)\nreplaced.yaml: firms.1.name: required field is missing (expected text)\n');
  });
});

describe('policy outputs stay in their domain', () => {
  it('clamps: quality to [min, max] within [0, 1], price above zero within [minPrice, maxPrice]', () => {
    expect(clampQuality(5, { min: 0, max: 1 })).toBe(1);
    expect(clampQuality(-3, { min: 0.2, max: 0.9 })).toBe(0.2);
    expect(clampQuality(0.5, { min: 0, max: 1 })).toBe(0.5);
    expect(clampPrice(0, { minPrice: 0, maxPrice: 1e6 })).toBeGreaterThan(0);
    expect(clampPrice(5e6, { minPrice: 0, maxPrice: 20 })).toBe(20);
  });

  it('a quality formula returning 5 gives quality 1 (and validation refuses max: 5)', () => {
    const { scenario } = loadScenario('baseline', { customers: 100, periods: 30, set: ['firms.0.strategy.quality={policy: expression, expression: "5"}'] });
    const result = simulate(scenario, 3);
    const notes = result.events.filter((e) => e.firm === scenario.firms[0].name && /quality/.test(e.note)).map((e) => e.note);
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n).toMatch(/→ 1\.000/);
    expect(() => loadScenario('baseline', { set: ['firms.0.strategy.quality={policy: expression, expression: "5", max: 5}'] })).toThrow(/option --set: firms\.0\.strategy\.quality\.max: expected a value ≤ 1, got 5/);
  });
});
