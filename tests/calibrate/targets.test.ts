/**
 * The targets file of `calibrate`: defaults read from the scenario, and every kind of bad
 * file refused with exit 2, one line per problem naming the file and the field path,
 * before anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WEIGHT, expandPath, loadTargets, parameterAssignments, valueAtPath } from '../../src/experiment/kinds/calibrate/targets.js';
import { loadScenario } from '../../src/scenario/load.js';
import { InputError } from '../../src/errors.js';
import { cli, ensureBuilt, ROOT, tempDir } from '../helpers/cli.js';

/** What loading a targets file against baseline throws (undefined if it loads). */
function refusal(file: string): unknown {
  try {
    loadTargets(file, 'baseline', {});
  } catch (e) {
    return e;
  }
  return undefined;
}

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = tempDir('targets');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const GOOD_TARGET = '{ name: salience, metric: priceSalience, value: 2.5, low: 2.3, high: 2.7, source: a study }';

describe('loadTargets', () => {
  it('fills defaults: market when no firm, hard weight 1, soft 0.1, start from the scenario', () => {
    const file = write('good.yaml', `parameters:
  - { path: segments.priceSeekers.priceSensitivity.mean, min: 0.2, max: 2 }
  - { path: firms.Aurora.price, min: 9, max: 12, start: 11 }
  - { path: clutter, min: 0.5, max: 1 }
targets:
  - ${GOOD_TARGET}
  - { name: leader, metric: share, firm: Aurora, value: 0.3, low: 0.25, high: 0.35, source: a report, kind: soft }
  - { name: heavy, metric: churn, firm: Delta, value: 0.05, low: 0.03, high: 0.07, weight: 3, source: x }
`);
    const t = loadTargets(file, 'baseline', {});
    const scenario = loadScenario('baseline').scenario;
    expect(t.parameters[0].start).toBe(valueAtPath(scenario, 'segments.priceSeekers.priceSensitivity.mean'));
    expect(t.parameters[1].start).toBe(11);
    // the scenario's clutter lies outside [0.5, 1]: the search starts in the middle
    expect(valueAtPath(scenario, 'clutter')).toBeLessThan(0.5);
    expect(t.parameters[2].start).toBe(0.75);
    expect(t.targets.map((x) => [x.firm, x.kind, x.weight])).toEqual([
      ['market', 'hard', DEFAULT_WEIGHT.hard],
      ['Aurora', 'soft', DEFAULT_WEIGHT.soft],
      ['Delta', 'hard', 3],
    ]);
  });

  it('reads a scale: every field its patterns match, with the scenario value, starting at 1', () => {
    const scenario = loadScenario('baseline').scenario;
    const means = scenario.segments.map((x) => `segments.${x.name}.priceSensitivity.mean`);
    expect(expandPath(scenario, 'segments.*.priceSensitivity.mean')).toEqual(means);
    expect(expandPath(scenario, 'firms.*.price')).toEqual(scenario.firms.map((f) => `firms.${f.name}.price`));
    expect(expandPath(scenario, 'segments.*.nothing')).toEqual([]);
    const file = write('scale.yaml', `parameters:
  - { name: price scale, scale: [segments.*.priceSensitivity.mean, segments.*.priceSensitivity.sd], min: 0.5, max: 2 }
  - { path: clutter, min: 0, max: 1 }
targets:
  - ${GOOD_TARGET}
`);
    const t = loadTargets(file, 'baseline', {});
    const scale = t.parameters[0];
    expect(scale.path).toBe('price scale');
    expect(scale.start).toBe(1);
    expect(scale.scales!.map((f) => f.path)).toEqual([...means, ...scenario.segments.map((x) => `segments.${x.name}.priceSensitivity.sd`)]);
    for (const f of scale.scales!) expect(f.base).toBe(valueAtPath(scenario, f.path));
    // at 2, every field doubles; the plain parameter is set as it is
    const set = parameterAssignments(t.parameters, [2, 0.3]);
    expect(set).toHaveLength(scale.scales!.length + 1);
    expect(set[0]).toBe(`${means[0]}=${Number((2 * (valueAtPath(scenario, means[0]) as number)).toPrecision(6))}`);
    expect(set.at(-1)).toBe('clutter=0.3');
  });

  it('refuses a scale without a name, path and scale together, and a pattern that matches nothing', () => {
    const file = write('bad-scale.yaml', `parameters:
  - { scale: [clutter], min: 0.5, max: 2 }
  - { path: clutter, scale: [clutter], name: x, min: 0.5, max: 2 }
  - { name: y, scale: [segments.*.priceSensitivty.mean], min: 0.5, max: 2 }
targets:
  - ${GOOD_TARGET}
`);
    const error = refusal(file);
    expect((error as InputError).problems.map((p) => p.path)).toEqual(['parameters.0.name', 'parameters.1', 'parameters.2.scale.0']);
  });

  it('the shipped reference targets (calibration/retail.yaml) load against baseline', () => {
    const t = loadTargets(join(ROOT, 'calibration', 'retail.yaml'), 'baseline', {});
    expect(t.parameters.length).toBeGreaterThanOrEqual(2);
    expect(t.targets.map((x) => x.metric)).toEqual(expect.arrayContaining(['elasticity', 'inertiaPremium']));
    for (const x of t.targets) expect(x.source.length).toBeGreaterThan(10);
  });

  it('reports every problem of a file at once, each at its field path', () => {
    const file = write('many.yaml', `parameters:
  - { path: clutter, min: 1, max: 0.5 }
  - { path: periods, min: 50, max: 60 }
targets:
  - { name: a, metric: elasticity, firm: Zeta, value: 2.6, low: 2, high: 3.2, source: x }
  - { name: b, metric: shar, firm: Aurora, value: 0.3, low: 0.2, high: 0.4, source: x }
  - { name: c, metric: priceSalience, value: 5, low: 2, high: 3.2, source: x }
  - { name: d, metric: share, value: 0.3, low: 0.2, high: 0.4 }
`);
    const error = refusal(file);
    expect(error).toBeInstanceOf(InputError);
    const paths = (error as InputError).problems.map((p) => p.path).sort();
    // an entry the schema refuses (targets.3) is not checked further; the others are
    expect(paths).toEqual(['parameters.0.max', 'parameters.1.path', 'targets.0.firm', 'targets.1.metric', 'targets.2.value', 'targets.3.source'].sort());
  });
});

describe('calibrate refuses a bad targets file (exit 2, file and field named, nothing written)', () => {
  const cases: [string, string, RegExp][] = [
    ['not a list', 'parameters: 3\n', /not-a-list\.yaml: parameters: expected a list/],
    ['unknown metric', `parameters:\n  - { path: clutter, min: 0, max: 1 }\ntargets:\n  - ${GOOD_TARGET}\n  - { name: b, metric: sharee, firm: Aurora, value: 0.3, low: 0.2, high: 0.4, source: x }\n`, /targets\.1\.metric: expected a firm metric \(.*share.*\), got "sharee"/],
    ['unknown firm', `parameters:\n  - { path: clutter, min: 0, max: 1 }\ntargets:\n  - { name: b, metric: share, firm: Zeta, value: 0.3, low: 0.2, high: 0.4, source: x }\n`, /targets\.0\.firm: expected "market" or a firm of scenario baseline \(Aurora, Boreal, Cirrus, Delta\), got "Zeta"/],
    ['min not below max', `parameters:\n  - { path: clutter, min: 0.5, max: 0.5 }\ntargets:\n  - ${GOOD_TARGET}\n`, /parameters\.0\.max: expected a value > min \(0\.5\), got 0\.5/],
    ['value outside the band', `parameters:\n  - { path: clutter, min: 0, max: 1 }\ntargets:\n  - { name: s, metric: priceSalience, value: 3, low: 2.3, high: 2.7, source: x }\n`, /targets\.0\.value: expected a value within \[low, high\] = \[2\.3, 2\.7\], got 3/],
    ['a path --set refuses', `parameters:\n  - { path: firms.Aurora.pricee, min: 9, max: 12 }\ntargets:\n  - ${GOOD_TARGET}\n`, /parameters\.0\.path: expected a numeric field --set accepts .*unknown field \(did you mean "price"\?\)/],
    ['a whole-number field', `parameters:\n  - { path: periods, min: 50, max: 60 }\ntargets:\n  - ${GOOD_TARGET}\n`, /parameters\.0\.path: .*expected a whole number/],
    ['unknown key', `parameters:\n  - { path: clutter, min: 0, max: 1, step: 2 }\ntargets:\n  - ${GOOD_TARGET}\n`, /parameters\.0\.step: unknown field/],
    ['missing source', `parameters:\n  - { path: clutter, min: 0, max: 1 }\ntargets:\n  - { name: s, metric: priceSalience, value: 2.5, low: 2.3, high: 2.7 }\n`, /targets\.0\.source: required field is missing/],
    ['bad YAML', 'parameters: [\n', /bad-YAML\.yaml: invalid YAML at line/],
    ['empty file', '# nothing\n', /empty-file\.yaml: file holds no data .*expected a mapping with parameters: and targets:/],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      const file = write(`${name.replace(/ /g, '-')}.yaml`, text);
      const out = join(dir, `out-${name.replace(/ /g, '-')}`);
      const r = await cli(['calibrate', 'baseline', '--targets', file, '--out', out, '--quiet'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a missing file, a missing --targets and a single seed are refused too', async () => {
    const out = join(dir, 'out-options');
    const missing = await cli(['calibrate', 'baseline', '--targets', join(dir, 'nope.yaml'), '--out', out], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: cannot read file \(file not found\)/);
    const none = await cli(['calibrate', 'baseline', '--out', out], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/targets/);
    const file = write('ok.yaml', `parameters:\n  - { path: clutter, min: 0, max: 1 }\ntargets:\n  - ${GOOD_TARGET}\n`);
    const oneSeed = await cli(['calibrate', 'baseline', '--targets', file, '--seeds', '1', '--out', out], { cwd: dir });
    expect(oneSeed.code).toBe(2);
    expect(oneSeed.stderr).toMatch(/option --seeds: expected at least 2 seeds/);
    expect(existsSync(out)).toBe(false);
  });
});
