/**
 * Rendering: the SVG of a fixed run is byte-stable (across two renders, and against the
 * committed golden hashes), PNGs are real images, and charts at the shipped scenarios' size
 * render (`npm run bench:charts` measures what they cost). Regenerate the golden hashes after an intended change of look:
 *   UPDATE_GOLDEN=1 npx vitest run tests/report/render.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sha256 } from '../../src/io/hash.js';
import { summarizeRun } from '../../src/model/summary.js';
import { renderSvgs, stopRenderWorker, svgToPng } from '../../src/report/render.js';
import { runCharts } from '../../src/report/specs/run.js';
import { fixtureRun, fixtureScenario } from './fixture.js';

const GOLDEN = join(import.meta.dirname, 'golden', 'fixture-run-svg.sha256.json');

const fixtureSpecs = (options: Parameters<typeof fixtureRun>[0] = {}) => {
  const result = fixtureRun(options);
  return runCharts({ result, summary: summarizeRun(result), periodsPerYear: 52, reviewEvery: 13, scenario: fixtureScenario(options.firms) });
};

afterAll(() => stopRenderWorker());

describe('rendering charts without a browser', () => {
  test('the SVGs of a fixed run are byte-identical across renders and match the golden hashes', () => {
    const first = renderSvgs(fixtureSpecs());
    const second = renderSvgs(fixtureSpecs());
    expect(second.map((c) => c.svg)).toEqual(first.map((c) => c.svg));
    const hashes = Object.fromEntries(first.map((c) => [c.name, sha256(c.svg)]));
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, JSON.stringify(hashes, null, 2) + '\n');
    // A missing golden is a failure, as in tests/golden: writing it here would compare the hashes with themselves.
    if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: UPDATE_GOLDEN=1 npx vitest run tests/report/render.test.ts, then check it in`);
    expect(hashes, 'SVG changed: if intended, UPDATE_GOLDEN=1 npx vitest run tests/report/render.test.ts').toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
    for (const c of first) {
      expect(c.svg.startsWith('<svg')).toBe(true);
      expect(c.svg).toContain('class="marks"');
      expect(c.svg).not.toMatch(/NaN|Infinity|undefined/);
    }
  });

  test('PNGs are deterministic images at twice the SVG size', () => {
    const [share] = renderSvgs(fixtureSpecs().slice(0, 1));
    const a = svgToPng(share.svg);
    const b = svgToPng(share.svg);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const svgWidth = Number(/width="(\d+)"/.exec(share.svg)![1]);
    expect(Buffer.from(a).readUInt32BE(16)).toBe(2 * svgWidth);
  });

  test('charts at the shipped scenarios\' size (260 weeks, four firms) render to SVG and PNG', () => {
    // what a chart costs is measured by `npm run bench:charts`, not here
    const specs = fixtureSpecs({ periods: 260, firms: ['A', 'B', 'C', 'D'] });
    const charts = renderSvgs(specs);
    expect(charts.map((c) => c.name)).toEqual(specs.map((s) => s.name));
    for (const c of charts) {
      expect(c.svg, c.name).toMatch(/^<svg[^>]* width="\d+"/);
      for (const firm of ['A', 'B', 'C', 'D']) if (c.name === 'share') expect(c.svg).toContain(`>${firm}<`);
      expect(Buffer.from(svgToPng(c.svg).subarray(1, 4)).toString('latin1'), c.name).toBe('PNG');
    }
  });

  test('a bad spec fails with the chart\'s name and vega-lite\'s complaint', () => {
    expect(() => renderSvgs([{ name: 'broken', spec: { data: { values: [{ a: 1 }] }, mark: 'line', encoding: { x: { field: 'a', type: 'wrong' } } } }])).toThrow(/broken|wrong/);
  });
});
