/**
 * The explorer's levers and its browser bundle, under Node: unchanged levers give the
 * scenario itself (so the page's first run is the CLI's run); a moved lever gives what the
 * same `--set` gives; programs switch on and off with their launch timing; the saved YAML
 * loads back to the same scenario; the worker bundle validates and runs as the core does
 * and carries none of the core's Node-only modules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listShippedNames } from '../../src/scenario/files.js';
import { loadScenario } from '../../src/scenario/load.js';
import { InputError } from '../../src/errors.js';
import { simulate } from '../../src/model/simulate.js';
import { summarizeRun } from '../../src/model/summary.js';
import { LEVER_SOURCE, leversOf, meanOf, scenarioWithLevers, withMean, type Levers } from '../../src/explore/levers.js';
import { scenarioYaml } from '../../src/explore/scenario-file.js';
import { exploreBundles } from '../../src/explore/bundle.js';
import type { FromWorker, ToWorker } from '../../src/explore/protocol.js';

const small = { customers: 1500, periods: 80 };
const dir = mkdtempSync(join(tmpdir(), 'loyalty-explore-levers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const edit = (levers: Levers, change: (l: { -readonly [K in keyof Levers]: Levers[K] } & { firms: Levers['firms'][number][]; segments: Levers['segments'][number][] }) => void): Levers => {
  const copy = structuredClone(levers) as never;
  change(copy);
  return copy;
};

describe('levers', () => {
  test.each(listShippedNames())('unchanged levers give %s itself', (name) => {
    const { scenario } = loadScenario(name, small);
    expect(scenarioWithLevers(scenario, leversOf(scenario))).toEqual(scenario);
  });

  test('a moved lever gives what the same --set gives', () => {
    const { scenario } = loadScenario('theatre', small);
    const moved = edit(leversOf(scenario), (l) => {
      l.firms[1] = { ...l.firms[1], price: 9.25, rewardValue: 7 };
      l.clutter = 0.5;
      l.segments[1] = { ...l.segments[1], habitWeight: 4.2 };
    });
    const viaCli = loadScenario('theatre', { ...small, set: ['firms.Boreal.price=9.25', 'firms.Boreal.program.rewardValue=7', 'clutter=0.5', 'segments.habitual.habitWeight.mean=4.2'] }).scenario;
    expect(scenarioWithLevers(scenario, moved)).toEqual(viaCli);
  });

  test('switching a program off drops its launch; switching it on keeps the launch period', () => {
    const { scenario } = loadScenario('theatre', small);
    const off = scenarioWithLevers(scenario, edit(leversOf(scenario), (l) => { l.firms[0] = { ...l.firms[0], program: false }; }));
    expect(leversOf(off).firms.map((f) => f.program)).toEqual([false, true, true, true]);
    const r = summarizeRun(simulate(off, 2));
    expect(Number(r.firms[0].programCost)).toBe(0);
    expect(Number(r.firms[1].programCost)).toBeGreaterThan(0);
    const on = scenarioWithLevers(off, edit(leversOf(off), (l) => { l.firms[0] = { ...l.firms[0], program: true }; }));
    expect(on).toEqual(scenario);
    // a firm without any program configured gets the default program from the start
    const { scenario: baseline } = loadScenario('baseline', small);
    const launched = scenarioWithLevers(baseline, edit(leversOf(baseline), (l) => { l.firms[3] = { ...l.firms[3], program: true }; }));
    expect(launched.firms[3].program?.enabled).toBe(true);
    expect(launched.firms.filter((f) => f.program?.enabled)).toHaveLength(1);
  });

  test('segment means move, spreads stay', () => {
    expect(withMean({ dist: 'normal', mean: 2.5, sd: 0.5, min: 0 }, 3)).toEqual({ dist: 'normal', mean: 3, sd: 0.5, min: 0 });
    expect(withMean({ dist: 'uniform', min: 1, max: 3 }, 5)).toEqual({ dist: 'uniform', min: 4, max: 6 });
    expect(withMean(0.4, 0.6)).toBe(0.6);
    expect(meanOf({ dist: 'uniform', min: 1, max: 3 })).toBe(2);
  });

  test('a bad lever is refused naming the field, as a file would be', () => {
    const { scenario } = loadScenario('theatre', small);
    const bad = edit(leversOf(scenario), (l) => { l.firms[2] = { ...l.firms[2], quality: 1.5, price: Number.NaN }; });
    let error: unknown;
    try {
      scenarioWithLevers(scenario, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const paths = (error as InputError).problems.map((p) => `${p.source}: ${p.path}`);
    expect(paths).toContain(`${LEVER_SOURCE}: firms.2.quality`);
    expect(paths).toContain(`${LEVER_SOURCE}: firms.2.price`);
  });

  test('the saved YAML loads back to the same scenario', () => {
    const { scenario } = loadScenario('theatre', small);
    const moved = scenarioWithLevers(scenario, edit(leversOf(scenario), (l) => { l.firms[2] = { ...l.firms[2], program: false, quality: 0.7 }; l.seed = 11; }));
    const file = join(dir, 'saved.yaml');
    writeFileSync(file, scenarioYaml(moved));
    expect(loadScenario(file).scenario).toEqual(moved);
  });
});

describe('the worker bundle', () => {
  test('runs the same simulation as the core and refuses bad settings with problems', async () => {
    const { worker } = await exploreBundles();
    // the bundle is a classic script for a Worker: run it here with a stand-in scope
    const posted: FromWorker[] = [];
    const scope: { postMessage: (m: FromWorker) => void; onmessage: ((e: { data: ToWorker }) => void) | null } = { postMessage: (m) => posted.push(m), onmessage: null };
    new Function('globalThis', 'self', worker)(scope, scope);
    const { scenario } = loadScenario('first-mover', small);
    const levers = edit(leversOf(scenario), (l) => { l.seed = 4; });
    scope.onmessage?.({ data: { kind: 'run', id: 7, base: scenario, levers, every: 10 } });
    const done = posted.find((m) => m.kind === 'done');
    expect(done && done.kind === 'done' && done.summary).toEqual(JSON.parse(JSON.stringify(summarizeRun(simulate({ ...scenario, seed: 4 }, 4)))));
    const progress = posted.filter((m) => m.kind === 'progress');
    expect(progress.length).toBe(8);
    expect(progress.flatMap((m) => (m.kind === 'progress' ? m.market : [])).map((r) => r.period)).toEqual(Array.from({ length: 80 }, (_, t) => t));
    posted.length = 0;
    scope.onmessage?.({ data: { kind: 'run', id: 8, base: scenario, levers: edit(levers, (l) => { l.customers = 0; }), every: 10 } });
    expect(posted.map((m) => m.kind)).toEqual(['problems']);
  });

  test('runs expression strategies (mathjs bundled) as the core does, and refuses a hostile one', async () => {
    const { worker } = await exploreBundles();
    const posted: FromWorker[] = [];
    const scope: { postMessage: (m: FromWorker) => void; onmessage: ((e: { data: ToWorker }) => void) | null } = { postMessage: (m) => posted.push(m), onmessage: null };
    new Function('globalThis', 'self', worker)(scope, scope);
    const rule = 'firms.Boreal.strategy={price: {policy: expression, expression: "price * (1 + 0.05 * (share - 0.25))", minPrice: 8, maxPrice: 12}}';
    const { scenario } = loadScenario('theatre', { ...small, set: [rule] });
    scope.onmessage?.({ data: { kind: 'run', id: 1, base: scenario, levers: leversOf(scenario), every: 1000 } });
    const done = posted.find((m) => m.kind === 'done');
    const expected = summarizeRun(simulate(scenario, scenario.seed));
    expect(expected.firms[1].price).not.toBe(scenario.firms[1].price); // the rule moved the price
    expect(done && done.kind === 'done' && done.summary).toEqual(JSON.parse(JSON.stringify(expected)));
    posted.length = 0;
    const hostile = structuredClone(scenario);
    (hostile.firms[1].strategy.price as { expression: string }).expression = 'cos.constructor("return globalThis")';
    scope.onmessage?.({ data: { kind: 'run', id: 2, base: hostile, levers: leversOf(hostile), every: 1000 } });
    expect(posted.map((m) => m.kind)).toEqual(['problems']);
  });

  test('carries none of the core\'s Node-only modules (threads, memory budget)', async () => {
    const { worker } = await exploreBundles();
    expect(worker).not.toContain('worker_threads');
    expect(worker).not.toContain('totalmem');
    expect(worker).not.toContain('createParallelStepper');
  });
});
