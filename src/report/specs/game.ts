/**
 * Charts of the game's verdict: each firm's payoff in the equilibrium against mutual
 * restraint, and for the theatre map the verdict per cell, the winners and losers per
 * cell and the theatre curve per cell. Sizes are bounded whatever the number of cells,
 * firms or profiles: steps shrink and facets wrap instead of growing past two screens.
 */
import type { Row } from '../data.js';
import { CHART_WIDTH, type VlSpec } from '../theme.js';
import { chart } from './common.js';

/** One colour per verdict, the same in every chart and report. */
const VERDICT_SCALE = {
  domain: ['prisoners-dilemma', 'transfer', 'coordination', 'dominant-adoption', 'dominant-restraint', 'single-equilibrium', 'mixed', 'inconclusive'],
  range: ['#d62728', '#ff7f0e', '#9467bd', '#2ca02c', '#1f77b4', '#8c564b', '#e377c2', '#c7c7c7'],
};

/** Better, worse, unresolved against restraint; grey when the only equilibrium is restraint or there is none. */
const OUTCOME_SCALE = {
  domain: ['better', 'worse', 'unresolved', 'no equilibrium but restraint'],
  range: ['#4c9a2a', '#c0392b', '#bbbbbb', '#eeeeee'],
};

/** Tallest a chart's plot area may grow (about two screens with titles and legends). */
const MAX_PLOT_HEIGHT = 1500;

/** A band step that keeps `count` bands within `max` pixels. */
export const boundedStep = (count: number, preferred: number, max = MAX_PLOT_HEIGHT, min = 8): number => Math.max(min, Math.min(preferred, Math.floor(max / Math.max(1, count))));

/** Each firm's profit in the equilibrium minus under restraint, with its simultaneous interval, coloured by outcome. */
export function vsRestraintChart(o: { rows: Row[]; firms: readonly string[]; equilibrium: string; restraint: string; level: string }): VlSpec {
  const x = { type: 'quantitative', title: 'profit per period: equilibrium − restraint', axis: { format: ',.0f' } };
  const y = { field: 'firm', type: 'nominal', sort: [...o.firms], title: null };
  return chart('Who gains, who loses', `${o.equilibrium} against ${o.restraint}: mean paired difference over seeds with its ${o.level} simultaneous interval`, {
    data: { values: o.rows },
    width: CHART_WIDTH - 200,
    height: { step: boundedStep(o.firms.length, 28) },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'ciLow', ...x }, x2: { field: 'ciHigh' }, color: { field: 'outcome', type: 'nominal', scale: OUTCOME_SCALE, title: 'against restraint' } } },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y, x: { field: 'meanDiff', ...x }, color: { field: 'outcome', type: 'nominal', scale: OUTCOME_SCALE, title: 'against restraint' },
          tooltip: [{ field: 'firm' }, { field: 'outcome' }, { field: 'meanDiff', type: 'quantitative', format: ',.0f', title: 'difference' }, { field: 'ciLow', type: 'quantitative', format: ',.0f', title: 'low' }, { field: 'ciHigh', type: 'quantitative', format: ',.0f', title: 'high' }],
        },
      },
      { mark: { type: 'rule', color: '#444', strokeDash: [3, 3] }, encoding: { x: { datum: 0 } } },
    ],
  });
}

/** The verdict in each cell of the map (x: first varied field, y: second; further fields facet). */
export function verdictMapChart(o: { rows: Row[]; x: string; y?: string; xValues: readonly string[]; yValues: readonly string[]; grouped: boolean }): VlSpec {
  const groups = o.grouped ? new Set(o.rows.map((r) => r.group)).size : 1;
  const columns = Math.min(3, groups);
  const width = Math.max(120, Math.floor((CHART_WIDTH - 40 * columns) / columns));
  const step = boundedStep(o.yValues.length || 1, 34, Math.floor(MAX_PLOT_HEIGHT / Math.ceil(groups / columns)), 10);
  const layer = {
    width,
    height: o.y ? { step } : 34,
    encoding: {
      x: { field: 'x', type: 'ordinal', title: o.x, sort: [...o.xValues], axis: { labelAngle: 0 } },
      ...(o.y ? { y: { field: 'y', type: 'ordinal', title: o.y, sort: [...o.yValues].reverse() } } : {}),
    },
    layer: [
      { mark: { type: 'rect', stroke: 'white', strokeWidth: 1 }, encoding: { color: { field: 'verdict', type: 'nominal', scale: VERDICT_SCALE, title: 'verdict' }, tooltip: [{ field: 'cell', title: 'cell' }, { field: 'verdict' }, { field: 'seeds', type: 'quantitative' }] } },
      ...(o.xValues.length <= 12 && step >= 18 ? [{ mark: { type: 'text', fontSize: 9 }, encoding: { text: { field: 'seeds', type: 'quantitative', format: 'd' }, color: { value: '#222' } } }] : []),
    ],
  };
  const subtitle = 'colour: the verdict of the game in each cell; number: the seeds it took';
  if (!o.grouped) return chart('The theatre map', subtitle, { data: { values: o.rows }, ...layer });
  return chart('The theatre map', subtitle, {
    data: { values: o.rows },
    columns,
    facet: { field: 'group', type: 'nominal', header: { title: null } },
    spec: layer,
  });
}

/** Per cell and firm: better, worse or unresolved against restraint in the cell's equilibrium. */
export function outcomeChart(o: { rows: Row[]; cells: readonly string[]; firms: readonly string[] }): VlSpec {
  const step = boundedStep(o.cells.length, 26);
  return chart('Winners and losers', 'per cell: each firm in the equilibrium against mutual restraint (profit); text: the mean difference', {
    data: { values: o.rows },
    width: Math.min(CHART_WIDTH - 260, 90 * o.firms.length),
    height: { step },
    encoding: {
      x: { field: 'firm', type: 'nominal', sort: [...o.firms], title: null, axis: { orient: 'top', labelAngle: 0 } },
      y: { field: 'cell', type: 'nominal', sort: [...o.cells], title: null, axis: { labelLimit: 260 } },
    },
    layer: [
      { mark: { type: 'rect', stroke: 'white', strokeWidth: 1 }, encoding: { color: { field: 'outcome', type: 'nominal', scale: OUTCOME_SCALE, title: 'against restraint' }, tooltip: [{ field: 'cell' }, { field: 'firm' }, { field: 'outcome' }, { field: 'meanDiff', type: 'quantitative', format: ',.0f', title: 'difference' }, { field: 'ciLow', type: 'quantitative', format: ',.0f', title: 'low' }, { field: 'ciHigh', type: 'quantitative', format: ',.0f', title: 'high' }] } },
      ...(step >= 16 ? [{ mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'meanDiff', type: 'quantitative', format: '+,.0f' }, color: { value: '#222' } } }] : []),
    ],
  });
}

const GROUP_SCALE = { domain: ['adopter', 'non-adopter', 'market'], range: ['#e6550d', '#4c78a8', '#555555'] };

/** The theatre curve (profit by number of adopters) of every cell, small multiples. */
export function theatreCurvesChart(o: { rows: Row[]; cells: readonly string[]; players: number }): VlSpec {
  const columns = Math.min(4, o.cells.length);
  const rowsOfPanels = Math.ceil(o.cells.length / columns);
  const height = Math.max(60, Math.min(140, Math.floor(MAX_PLOT_HEIGHT / rowsOfPanels) - 40));
  const x = { field: 'adopters', type: 'quantitative', title: 'firms adopting', axis: { tickMinStep: 1 }, scale: { domain: [0, o.players] } };
  const colour = { field: 'group', type: 'nominal', scale: GROUP_SCALE, title: 'firms' };
  return chart('The theatre curve in each cell', 'profit per firm in each group by the number of firms that adopt, with 95% intervals', {
    data: { values: o.rows },
    columns,
    facet: { field: 'cell', type: 'nominal', sort: [...o.cells], header: { title: null, labelLimit: 160 } },
    spec: {
      width: Math.max(110, Math.floor(CHART_WIDTH / columns) - 40),
      height,
      layer: [
        { mark: { type: 'rule', strokeWidth: 1.2 }, encoding: { x, y: { field: 'ciLow', type: 'quantitative', title: 'profit', scale: { zero: false }, axis: { format: ',.0f' } }, y2: { field: 'ciHigh' }, color: colour } },
        { mark: { type: 'line', point: { filled: true, size: 30 } }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour, tooltip: [{ field: 'cell' }, { field: 'group' }, { field: 'adopters', type: 'quantitative' }, { field: 'mean', type: 'quantitative', format: ',.0f' }] } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  });
}
