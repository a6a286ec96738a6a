/**
 * Game reports render for 2 to 64 profiles, with firm names and strategy labels that
 * Vega would read as access paths (quotes, brackets, dots, backslashes), and no chart
 * grows taller than about two screens; the theatre map's charts likewise.
 */
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, test } from 'vitest';
import { profileCount, symmetricProfiles, type GameSpec } from '../../src/experiment/kinds/game/profiles.js';
import { profileName, summarizeGame, type ProfileFigures } from '../../src/experiment/kinds/game/verdict.js';
import type { AggregateRow, ExperimentReportInput } from '../../src/experiment/types.js';
import type { GameMapSummary } from '../../src/experiment/kinds/game-map.js';
import { experimentCharts } from '../helpers/experiment-report.js';
import { gameMapCharts } from '../../src/experiment/kinds/game-map.js';
import { renderSvgs, stopRenderWorker } from '../../src/report/render.js';

afterAll(() => stopRenderWorker());

const HOSTILE = ["O'Brien", 'a.b', 'x[0]', '"q"', 'back\\slash', 'Mid.Point'];
const SEEDS = [11, 12, 13, 14];
/** About two screens. */
const MAX_HEIGHT = 2200;
const MAX_WIDTH = 1600;

function syntheticGame(players: number, symmetric: boolean, labels = ['no "program"', 'program [v2.0]']) {
  const spec: GameSpec = { field: 'program.enabled', values: [false, true], labels, players: HOSTILE.slice(0, players) };
  const profiles = symmetric ? symmetricProfiles(spec) : Array.from({ length: profileCount(spec) }, (_, p) => p);
  const rng = seedrandom.alea(`game-${players}-${symmetric}`);
  const figures = new Map<number, ProfileFigures>();
  for (const p of profiles) {
    const per = () => spec.players.map((_, i) => SEEDS.map(() => 1000 + 100 * i - 20 * p + 30 * rng()));
    figures.set(p, { byMetric: { profit: per(), share: spec.players.map(() => SEEDS.map(() => 1 / players + 0.01 * rng())), price: per().map((x) => x.map((v) => v / 100)), programCost: per().map((x) => x.map((v) => v / 10)), revenue: per().map((x) => x.map((v) => 3 * v)) } });
  }
  const game = summarizeGame('hostile', spec, SEEDS, profiles, figures, symmetric);
  const labelsOf = profiles.map((p) => profileName(spec, p));
  // per-period bands for small games, as the experiment hands them over
  const aggregate: AggregateRow[] = [];
  if (profiles.length <= 8) {
    labelsOf.forEach((scenario, k) => {
      for (const metric of ['share', 'profit', 'price']) {
        for (const firm of spec.players) {
          for (let period = 0; period < 30; period++) {
            const mean = metric === 'share' ? 1 / players : 100 + k + period / 10;
            aggregate.push({ scenario, period, firm, metric, mean, sd: 1, ciLow: mean * 0.98, ciHigh: mean * 1.02, n: SEEDS.length });
          }
        }
      }
    });
  }
  const input: ExperimentReportInput = { kind: 'game', title: 'hostile', description: '', scenarios: labelsOf, firmNames: [...spec.players], periods: 30, seeds: SEEDS, aggregate, perSeed: [], runs: [], game };
  return input;
}

const size = (svg: string) => {
  const m = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('game charts', () => {
  for (const [players, symmetric] of [[1, false], [2, false], [3, true], [3, false], [4, true], [5, false], [6, true], [6, false]] as const) {
    test(`${players} players${symmetric ? ', symmetric' : ''}: ${symmetric ? players + 1 : 2 ** players} profiles render within two screens`, () => {
      const input = syntheticGame(players, symmetric);
      const charts = renderSvgs(experimentCharts(input));
      expect(charts.map((c) => c.name)).toEqual(expect.arrayContaining(['payoffs', 'theatre']));
      if (input.scenarios.length <= 8) expect(charts.map((c) => c.name)).toContain('mean-share');
      for (const c of charts) {
        const { width, height } = size(c.svg);
        expect(height, `${c.name} height`).toBeLessThanOrEqual(MAX_HEIGHT);
        expect(width, `${c.name} width`).toBeLessThanOrEqual(MAX_WIDTH);
      }
    }, 60_000);
  }

  test('band charts of up to 8 profiles keep one distinct colour per profile', () => {
    const input = syntheticGame(3, false);
    const share = experimentCharts(input).find((c) => c.name === 'mean-share')!;
    const scales = JSON.stringify(share.spec).match(/"range":\[[^\]]*\]/g)!;
    const range = JSON.parse(`{${scales[0]}}`).range as string[];
    expect(range).toHaveLength(8);
    expect(new Set(range).size).toBe(8);
  });
});

describe('theatre map charts', () => {
  const VERDICTS = ['prisoners-dilemma', 'transfer', 'inconclusive', 'coordination'] as const;
  function map(axes: number[], firms = 4): GameMapSummary {
    const parameters = axes.map((_, i) => ['clutter', 'firms.0.quality', 'firms."x[0]".price'][i]);
    const players = HOSTILE.slice(0, firms);
    const cells: GameMapSummary['cells'] = [];
    const visit = (d: number, params: Record<string, number>) => {
      if (d === axes.length) {
        const n = cells.length;
        cells.push({
          cell: `cell-${n + 1}`, params: { ...params }, verdict: VERDICTS[n % VERDICTS.length], seeds: 8 + n, equilibria: [], unresolved: n % 3,
          vsRestraint: n % 4 === 2 ? [] : players.map((firm, i) => ({ firm, outcome: (['better', 'worse', 'unresolved'] as const)[(n + i) % 3], meanDiff: 10 * (i - 1), ciLow: 10 * (i - 2), ciHigh: 10 * i })),
          theatreCurve: [0, 1, 2].flatMap((adopters) => (['adopter', 'non-adopter', 'market'] as const).map((group) => ({ adopters, group, metric: 'profit', mean: 100 - adopters, ciLow: 98 - adopters, ciHigh: 102 - adopters }))),
        });
        return;
      }
      for (let v = 0; v < axes[d]; v++) visit(d + 1, { ...params, [parameters[d]]: v / 10 });
    };
    visit(0, {});
    return { scenario: 'theatre', parameters, players, cells };
  }

  for (const axes of [[2], [6], [4, 3], [8, 8], [3, 2, 2]]) {
    test(`${axes.join(' × ')} cells render within two screens`, () => {
      const charts = renderSvgs(gameMapCharts(map(axes)));
      expect(charts.map((c) => c.name)).toEqual(['verdict-map', 'winners-losers', 'theatre-curves']);
      for (const c of charts) {
        const { width, height } = size(c.svg);
        expect(height, `${c.name} height`).toBeLessThanOrEqual(MAX_HEIGHT);
        expect(width, `${c.name} width`).toBeLessThanOrEqual(MAX_WIDTH);
      }
    }, 60_000);
  }
});
