/**
 * The charts of one run: share with events, profit, where revenue goes, price,
 * satisfaction and churn, programs and points liability, the market's price signals,
 * end-of-run distributions, and why customers switched.
 */
import type { FirmMetric } from '../../model/metrics.js';
import type { RunResult } from '../../model/results.js';
import type { RunSummary } from '../../model/summary.js';
import { classifyEvents, isRoutine, type ChangeKind, type ScenarioFacts } from '../run-events.js';
import { textWidth } from '../text-width.js';
import { chartNumber, eventGroups, firmColumns, firmSeries, flatDomain, histogramRows, listText, marketColumns, windowMean, type ColumnarData, type Row } from '../data.js';
import { num } from '../format.js';
import { CAUSE_COLOURS, CAUSE_GROUPS, causeGroup, causeLabel } from '../leaving-words.js';
import { AXIS_LABEL_SIZE, CHART_WIDTH, MARKET_COLOUR, PANEL_HEIGHT, firmColour as paletteColour, humanize, metricAxis, metricFormat, SATISFACTION_SCALE, type NamedSpec, type VlSpec } from '../theme.js';
import { chart, firmColour, firmOpacity, firmSelectionParam, linePanel, panelTitle, timeAxis } from './common.js';

export interface RunChartInput {
  readonly result: RunResult;
  readonly summary: RunSummary;
  readonly periodsPerYear: number;
  /** firms review strategy every this many periods: the smoothing window of noisy weekly series */
  readonly reviewEvery: number;
  /** the scenario the run came from: tells its scheduled events from the firms' strategy changes */
  readonly scenario?: ScenarioFacts;
}

export function runCharts(input: RunChartInput): NamedSpec[] {
  return [
    { name: 'share', spec: shareChart(input) },
    { name: 'profit', spec: profitChart(input) },
    { name: 'costs', spec: costChart(input) },
    { name: 'price', spec: priceChart(input) },
    { name: 'satisfaction', spec: satisfactionChart(input) },
    { name: 'program', spec: programChart(input) },
    { name: 'market', spec: marketChart(input) },
    { name: 'distributions', spec: distributionChart(input) },
    { name: 'churn-causes', spec: churnCauseChart(input) },
  ].filter((c): c is NamedSpec => c.spec !== null);
}

/**
 * Scheduled events are what a scenario is about: the first few moments with one get a
 * dashed rule and a label. Four, because in the worst case each label needs a row of its
 * own above the plot, and four rows (52 px) are as much as a chart's head should take; a
 * scenario with more scheduled moments shows the rest as ticks, like strategy changes.
 */
const MAX_MARKED_EVENTS = 4;
const LABEL_FONT_SIZE = 10.5;
const LABEL_ROW = 13;
/** Lanes of the change strip: one per firm up to this many firms, else one for all. */
const MAX_STRIP_LANES = 8;

/** Where an event label goes: the first row it fits in beside the labels already placed, flipped left of its rule at the right edge. */
function placeLabels(texts: readonly { text: string; x: number }[]): { row: number; align: 'left' | 'right' }[] {
  const rowEnds: number[] = [];
  return texts.map(({ text, x }) => {
    const width = textWidth(text, LABEL_FONT_SIZE) + 6;
    const align = x + width > CHART_WIDTH ? 'right' : 'left';
    const [from, to] = align === 'left' ? [x - 2, x + width] : [x - width, x + 2];
    let row = rowEnds.findIndex((end) => end < from);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = to;
    return { row, align };
  });
}

/** The scheduled moments that get a rule and a label, and every other change (the strip's ticks). */
function eventMarks(r: RunResult, scenario: ScenarioFacts | undefined, periodsPerYear: number) {
  const changes = classifyEvents(r.events, scenario);
  const markedPeriods = [...new Set(changes.filter((c) => c.scheduled).map((c) => c.period))].slice(0, MAX_MARKED_EVENTS);
  const groups = eventGroups(changes.filter((c) => c.scheduled && markedPeriods.includes(c.period)), r.firmNames);
  const at = (period: number) => (CHART_WIDTH * period) / Math.max(1, r.periods - 1);
  const placed = placeLabels(groups.map((g) => ({ text: g.text, x: at(g.period) })));
  const marked: Row[] = groups.map((group, i) => {
    const firmIndex = r.firmNames.indexOf(group.firms[0]);
    return {
      period: group.period,
      year: chartNumber(group.period / periodsPerYear),
      label: group.text,
      ...placed[i],
      colour: firmIndex >= 0 && group.firms.length === 1 ? paletteColour(firmIndex, r.firmNames.length) : MARKET_COLOUR,
    };
  });
  // one mark per firm and period: a review that changed price and program is one change
  const ticks = new Map<string, { period: number; firm: string; notes: string[]; kinds: Set<ChangeKind>; routine: boolean }>();
  for (const c of changes.filter((c) => !(c.scheduled && markedPeriods.includes(c.period)))) {
    const key = `${c.period}\0${c.firm}`;
    const tick = ticks.get(key) ?? { period: c.period, firm: c.firm, notes: [], kinds: new Set<ChangeKind>(), routine: true };
    tick.notes.push(c.note);
    for (const k of c.kinds) tick.kinds.add(k);
    tick.routine &&= isRoutine(c);
    ticks.set(key, tick);
  }
  return { marked, ticks: [...ticks.values()] };
}

/** What the strip shows, for the subtitle: "156 price changes as ticks, 1 program change as a diamond". */
function stripLegend(ticks: readonly { kinds: ReadonlySet<ChangeKind>; routine: boolean }[]): string {
  const count = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;
  const routine = ticks.filter((t) => t.routine);
  const prices = routine.filter((t) => t.kinds.has('priceChange')).length;
  const qualities = routine.filter((t) => t.kinds.has('qualityChange')).length;
  const others = ticks.filter((t) => !t.routine);
  const programsOnly = others.every((t) => [...t.kinds].some((k) => k.startsWith('program')));
  const parts = [
    prices ? count(prices, 'price change', 'price changes') : '',
    qualities ? count(qualities, 'quality change', 'quality changes') : '',
  ].filter(Boolean);
  return [
    parts.length ? `${parts.join(' and ')} at reviews as ${routine.length === 1 ? 'a tick' : 'ticks'}` : '',
    others.length ? `${count(others.length, programsOnly ? 'program change' : 'program or scheduled change', programsOnly ? 'program changes' : 'program or scheduled changes')} as ${others.length === 1 ? 'a diamond' : 'diamonds'}` : '',
  ].filter(Boolean).join(', ');
}

function shareChart({ result: r, periodsPerYear, scenario }: RunChartInput): VlSpec {
  const { marked, ticks } = eventMarks(r, scenario, periodsPerYear);
  const time = timeAxis(r.periods, periodsPerYear);
  const x = { field: time.x.field, type: 'quantitative' };
  const rules: VlSpec = {
    data: { values: marked },
    mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 1.5 },
    encoding: { x, color: { field: 'colour', type: 'nominal', scale: null }, tooltip: [{ field: 'period', type: 'quantitative', title: 'period' }, { field: 'label', type: 'nominal', title: 'event' }] },
  };
  const labels: VlSpec = {
    data: { values: marked },
    mark: {
      type: 'text',
      baseline: 'bottom',
      fontSize: LABEL_FONT_SIZE,
      align: { expr: 'datum.align' },
      dx: { expr: "datum.align === 'left' ? -2 : 2" },
      y: { expr: `-4 - datum.row * ${LABEL_ROW}` },
    },
    encoding: { x, text: { field: 'label' }, color: { field: 'colour', type: 'nominal', scale: null } },
  };
  const lanes = r.firmNames.length <= MAX_STRIP_LANES ? [...r.firmNames] : ['changes'];
  const subtitle = [
    'share of purchases per period',
    marked.length ? `dashed ${marked.length === 1 ? 'line: the scheduled event' : 'lines: scheduled events'}` : '',
    ticks.length ? `above the plot${lanes.length > 1 ? ', one row per firm' : ''}: ${stripLegend(ticks)}; hover for each` : '',
  ].filter(Boolean).join('; ');
  const plot = linePanel({
    metric: 'share', firmNames: r.firmNames, periods: r.periods, periodsPerYear, ownsSelection: true, data: firmColumns(r, ['share']), yZero: true,
    extraLayers: marked.length ? [rules, ...(ticks.length ? [] : [labels])] : [],
  });
  if (!ticks.length) return chart('Market share', subtitle, plot);
  const strip: VlSpec = {
    width: CHART_WIDTH,
    height: { step: 12 },
    layer: [
      {
        data: { values: ticks.map((t) => ({ period: t.period, firm: t.firm, lane: lanes.length > 1 ? t.firm : lanes[0], change: t.notes.join('; '), routine: t.routine })) },
        transform: time.transform,
        encoding: {
          x: { ...time.x, axis: null },
          y: { field: 'lane', type: 'nominal', sort: lanes, scale: { domain: lanes }, axis: { title: null, ticks: false, domain: false, labelFontSize: 10, labelPadding: 6 } },
          color: firmColour(r.firmNames),
          opacity: firmOpacity,
          tooltip: [{ field: 'period', type: 'quantitative', title: 'period' }, { field: 'firm' }, { field: 'change' }],
        },
        // an empty layer would leave vega-lite a scale without extent: only the marks there is data for
        layer: [
          ...(ticks.some((t) => t.routine) ? [{ transform: [{ filter: 'datum.routine' }], mark: { type: 'tick', thickness: 2 } }] : []),
          ...(ticks.some((t) => !t.routine) ? [{ transform: [{ filter: '!datum.routine' }], mark: { type: 'point', shape: 'diamond', filled: true, size: 60 } }] : []),
        ],
      },
      ...(marked.length ? [rules, labels] : []),
    ],
  };
  return chart('Market share', subtitle, { vconcat: [strip, plot], spacing: 4, resolve: { scale: { x: 'shared' } } });
}

function profitChart({ result: r, periodsPerYear, reviewEvery }: RunChartInput): VlSpec {
  const data = firmColumns(r, ['profit'], { metrics: ['profit'], window: reviewEvery });
  return chart('Profit', `profit per period, moving mean over ${reviewEvery} periods`, {
    ...linePanel({ metric: 'profit', firmNames: r.firmNames, periods: r.periods, periodsPerYear, ownsSelection: true, data, yZero: true }),
  });
}

/** Cost lines in stack order; with profit on top they add up to revenue. */
const COST_LINES: readonly { metric: FirmMetric; label: string; colour: string }[] = [
  { metric: 'costOfGoods', label: 'goods', colour: '#c9c9c9' },
  { metric: 'qualityCost', label: 'quality', colour: '#9ecae9' },
  { metric: 'complaintCost', label: 'complaints', colour: '#ff9d98' },
  { metric: 'serviceCost', label: 'service (locked-in)', colour: '#d6a5c9' },
  { metric: 'rewardsCost', label: 'rewards', colour: '#e6550d' },
  { metric: 'programFixedCost', label: 'program fixed', colour: '#fd8d3c' },
  { metric: 'programMemberCost', label: 'program members', colour: '#fdd0a2' },
  { metric: 'profit', label: 'profit', colour: '#54a24b' },
];

/**
 * The bucket labels an axis of `width` pixels shows: every k-th from the first, k the
 * smallest step (1, 2, 5, 10, 20, …) that leaves room for the widest short label ("Y10").
 */
function everyKth(labels: readonly string[], width: number): string[] {
  const step = width / labels.length;
  const widest = Math.max(...labels.map((l) => textWidth(l.replace('year ', 'Y').replace('quarter ', 'Q'), AXIS_LABEL_SIZE)));
  const nice = (i: number) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3);
  let i = 0;
  while (nice(i) * step < widest + 6) i++;
  return labels.filter((_, j) => j % nice(i) === 0);
}

/** Years when the horizon holds two or more, else review periods, else the whole run. */
function buckets(periods: number, periodsPerYear: number, reviewEvery: number): { label: string; from: number; to: number }[] {
  const [size, name] = periods >= 2 * periodsPerYear ? [periodsPerYear, 'year'] : periods >= 2 * reviewEvery ? [reviewEvery, 'quarter'] : [periods, 'all'];
  const out = [];
  for (let from = 0, i = 1; from < periods; from += size, i++) out.push({ label: name === 'all' ? 'all' : `${name} ${i}`, from, to: Math.min(periods, from + size) });
  return out;
}

function costChart({ result: r, periodsPerYear, reviewEvery }: RunChartInput): VlSpec {
  const M = r.firmNames.length;
  const spans = buckets(r.periods, periodsPerYear, reviewEvery);
  const rows: Row[] = [];
  r.firmNames.forEach((firm, j) => {
    for (const span of spans) {
      COST_LINES.forEach(({ metric, label }, order) => {
        rows.push({ firm, span: span.label, line: label, order, value: chartNumber(windowMean(r, metric, j, span.from, span.to)) });
      });
    }
  });
  if (M > MAX_COST_PANELS) return crowdedCostChart(r);
  const columns = Math.min(M, 4);
  const width = Math.max(90, Math.floor((CHART_WIDTH - 40 * (columns - 1)) / columns));
  return chart('Where the revenue goes', 'mean per period: cost lines and profit stack up to revenue (a loss shows below zero)', {
    data: { values: rows },
    columns,
    facet: { field: 'firm', type: 'nominal', sort: [...r.firmNames], header: { title: null, labelFontWeight: 'bold' } },
    spec: {
      width,
      height: 200,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'span', type: 'ordinal', sort: spans.map((s) => s.label), title: null, axis: { labelAngle: 0, values: everyKth(spans.map((s) => s.label), width), labelExpr: "replace(replace(datum.label, 'year ', 'Y'), 'quarter ', 'Q')" } },
        y: { field: 'value', type: 'quantitative', stack: 'zero', axis: metricAxis('revenue', { title: 'currency per period' }) },
        color: { field: 'line', type: 'nominal', title: 'revenue to', scale: { domain: COST_LINES.map((c) => c.label), range: COST_LINES.map((c) => c.colour) }, sort: COST_LINES.map((c) => c.label) },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'firm' }, { field: 'span', title: 'when' }, { field: 'line', title: 'line' }, { field: 'value', type: 'quantitative', title: 'per period', format: ',.1f' }],
      },
    },
  });
}

/** Past this many firms one panel per firm grows too tall: the whole run per firm instead. */
const MAX_COST_PANELS = 8;

/** Many firms: one stacked bar per firm over the whole run, in one panel. */
function crowdedCostChart(r: RunResult): VlSpec {
  const rows: Row[] = r.firmNames.flatMap((firm, j) => COST_LINES.map(({ metric, label }, order) => ({ firm, line: label, order, value: chartNumber(windowMean(r, metric, j, 0, r.periods)) })));
  return chart('Where the revenue goes', 'mean per period over the whole run: cost lines and profit stack up to revenue (a loss shows below zero)', {
    data: { values: rows },
    width: CHART_WIDTH,
    height: 240,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'firm', type: 'nominal', sort: [...r.firmNames], title: null, axis: { labelAngle: -60, labelLimit: 90 } },
      y: { field: 'value', type: 'quantitative', stack: 'zero', axis: metricAxis('revenue', { title: 'currency per period' }) },
      color: { field: 'line', type: 'nominal', title: 'revenue to', scale: { domain: COST_LINES.map((c) => c.label), range: COST_LINES.map((c) => c.colour) }, sort: COST_LINES.map((c) => c.label) },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'firm' }, { field: 'line', title: 'line' }, { field: 'value', type: 'quantitative', title: 'per period', format: ',.1f' }],
    },
  });
}

/**
 * Prices that never change are straight lines: the plot is padded around them so that none
 * sits on the frame, and the subtitle names the prices and the firms whose lines overlap.
 */
function priceChart({ result: r, periodsPerYear }: RunChartInput): VlSpec {
  const prices = r.firmNames.map((_, j) => firmSeries(r, 'price', j));
  const yDomain = flatDomain(prices, 0.5);
  let subtitle = 'list price per firm';
  if (yDomain) {
    const byPrice = new Map<number, string[]>();
    prices.forEach((p, j) => byPrice.set(p[0], [...(byPrice.get(p[0]) ?? []), r.firmNames[j]]));
    const groups = [...byPrice.entries()].sort((a, b) => b[0] - a[0]).map(([price, firms]) => `${listText(firms)} ${num(price, 2)}${firms.length > 1 ? ` (${firms.length === 2 ? 'both' : 'all'} on one line)` : ''}`);
    subtitle = `list price per firm, fixed for the whole run: ${groups.join('; ')}`;
  }
  return chart('Price', subtitle, {
    ...linePanel({ metric: 'price', firmNames: r.firmNames, periods: r.periods, periodsPerYear, ownsSelection: true, data: firmColumns(r, ['price']), interpolate: 'step-after', yDomain }),
  });
}

/** Panels stacked over one time axis, sharing the firm legend and its selection. */
function stackedPanels(r: RunResult, periodsPerYear: number, data: ColumnarData, metrics: readonly string[], height = PANEL_HEIGHT): VlSpec {
  return {
    data: { values: data.values },
    transform: [{ flatten: data.flatten }],
    spacing: 12,
    vconcat: metrics.map((metric, i) =>
      linePanel({ metric, firmNames: r.firmNames, periods: r.periods, periodsPerYear, ownsSelection: i === 0, height, panelTitle: true, xTitled: i === metrics.length - 1 }),
    ),
  };
}

function satisfactionChart({ result: r, periodsPerYear }: RunChartInput): VlSpec {
  const data = firmColumns(r, ['satisfaction', 'churn']);
  return chart('Satisfaction and churn', `mean satisfaction of each firm's customers (${SATISFACTION_SCALE}: above 0 better than expected); churn: of a quarter's buyers, the share with no purchase here in the next quarter`, stackedPanels(r, periodsPerYear, data, ['satisfaction', 'churn']));
}

function programChart({ result: r, periodsPerYear }: RunChartInput): VlSpec {
  const data = firmColumns(r, ['members', 'pointsLiability']);
  return chart('Programs', 'program members; points liability (outstanding points × reward value × expected redemption), a balance-sheet figure', stackedPanels(r, periodsPerYear, data, ['members', 'pointsLiability']));
}

/** A market-level series with a hover tooltip. */
function marketPanel(metric: string, periods: number, periodsPerYear: number, last: boolean): VlSpec {
  const hover = `hover_${metric}`;
  const time = timeAxis(periods, periodsPerYear, last);
  const x = time.x;
  return {
    transform: time.transform,
    title: panelTitle(metric),
    width: CHART_WIDTH,
    height: 105,
    layer: [
      { mark: { type: 'line', color: MARKET_COLOUR }, encoding: { x, y: { field: metric, type: 'quantitative', axis: metricAxis(metric, { title: null }), scale: { zero: false } } } },
      {
        mark: { type: 'rule', color: '#999', strokeWidth: 3 },
        params: [{ name: hover, select: { type: 'point', fields: ['period'], on: 'pointerover', clear: 'pointerout' } }],
        encoding: {
          x,
          opacity: { condition: { param: hover, empty: false, value: 0.35 }, value: 0 },
          tooltip: [{ field: 'period', type: 'quantitative' }, { field: metric, type: 'quantitative', title: humanize(metric), format: metricFormat(metric) }],
        },
      },
    ],
  };
}

function marketChart({ result: r, periodsPerYear }: RunChartInput): VlSpec {
  const metrics = ['meanPrice', 'priceSalience', 'programsPerCustomer'];
  const data = marketColumns(r, metrics);
  return chart('What customers look at', 'mean price paid; price salience (the own-price elasticity customers face); program memberships per customer (clutter)', {
    data: { values: data.values },
    transform: [{ flatten: data.flatten }],
    spacing: 10,
    vconcat: metrics.map((m, i) => marketPanel(m, r.periods, periodsPerYear, i === metrics.length - 1)),
  });
}

/** Null when the run recorded no end-of-run distributions (nothing to draw). */
function distributionChart({ result: r }: RunChartInput): VlSpec | null {
  const rows: Row[] = [];
  r.firmNames.forEach((firm, j) => {
    for (const row of histogramRows(firm, r.final.satisfaction[j])) rows.push({ ...row, variable: 'satisfaction' });
    for (const row of histogramRows(firm, r.final.habit[j])) rows.push({ ...row, variable: 'habit' });
  });
  if (!rows.some((row) => row.variable === 'satisfaction') || !rows.some((row) => row.variable === 'habit')) return null;
  const panel = (variable: 'satisfaction' | 'habit', first: boolean): VlSpec => ({
    transform: [{ filter: { field: 'variable', equal: variable } }],
    width: Math.floor(CHART_WIDTH / 2) - 30,
    height: 190,
    mark: { type: 'line', interpolate: 'monotone', point: { size: 18 } },
    encoding: {
      x: variable === 'satisfaction'
        ? { field: 'value', type: 'quantitative', axis: metricAxis('satisfaction'), scale: { zero: false } }
        : { field: 'value', type: 'quantitative', title: 'habit H (0–1)', scale: { zero: false } },
      y: { field: 'share', type: 'quantitative', title: 'share of customers', axis: { format: '.0%' } },
      color: firmColour(r.firmNames),
      opacity: firmOpacity,
      tooltip: [{ field: 'firm' }, { field: 'value', type: 'quantitative', title: variable, format: variable === 'satisfaction' ? metricFormat('satisfaction') : '.3f' }, { field: 'share', type: 'quantitative', format: '.1%' }],
    },
    ...(first ? { params: [firmSelectionParam] } : {}),
  });
  return chart('Satisfaction and habit at the end', "distribution over each firm's current customers in the last period", {
    data: { values: rows },
    hconcat: [panel('satisfaction', true), panel('habit', false)],
  });
}

/**
 * Why customers switched, per firm left and per segment of the leavers: each bar a row's
 * switches as shares by cause, the failure kinds in one colour (separated, named in the
 * tooltip), each other reason its own. A run without counts by firm (saved before them)
 * gets the market-wide bars by cause.
 */
function churnCauseChart({ summary }: RunChartInput): VlSpec {
  const rows = [
    ...causeBars('firm left', summary.churnCausesByFirm ?? {}),
    ...causeBars('segment', Object.fromEntries(Object.entries(summary.churnCausesBySegment ?? {}).map(([s, counts]) => [humanize(s), counts]))),
  ];
  const colour = { field: 'group', type: 'nominal', title: 'cause', scale: { domain: [...CAUSE_GROUPS], range: CAUSE_COLOURS }, legend: { orient: 'bottom', columns: 3 } } as const;
  const tooltip = [{ field: 'row', title: 'who' }, { field: 'cause' }, { field: 'switches', type: 'quantitative', format: ',.0f' }, { field: 'share', type: 'quantitative', format: '.1%' }];
  if (rows.length === 0) {
    return chart('Why customers switched', 'switches over the whole run by cause, in order of precedence: a recent service failure of a kind, a move home, a cheaper firm, taste, quality learned, habit worn off, noise', {
      data: { values: causeBars('market', { market: summary.churnCauses }) },
      width: CHART_WIDTH - 200,
      height: { step: 20 },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'cause', type: 'nominal', sort: '-x', title: null },
        // not flush: a last label pushed inside the plot runs into its neighbour ("60%65%")
        x: { field: 'share', type: 'quantitative', title: 'share of switches', axis: { format: '.0%', labelFlush: false } },
        color: colour,
        tooltip,
      },
    });
  }
  // Bars thin out in a crowded market, so the chart keeps a readable height.
  const barStep = (by: string) => Math.max(12, Math.min(22, Math.floor(900 / new Set(rows.filter((r) => r.by === by).map((r) => r.row)).size)));
  const panel = (by: string): VlSpec => ({
    transform: [{ filter: { field: 'by', equal: by } }],
    width: CHART_WIDTH - 200,
    height: { step: barStep(by) },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'row', type: 'nominal', sort: null, title: by },
      x: { field: 'share', type: 'quantitative', stack: 'zero', title: `share of the ${by === 'segment' ? "segment's" : "firm's"} leavers`, scale: { domain: [0, 1] }, axis: { format: '.0%', labelFlush: false } },
      color: colour,
      order: { field: 'rank', type: 'quantitative' },
      tooltip,
    },
  });
  return chart('Which customers leave, and why', 'switches over the whole run, per firm left and per segment, by the first cause that applies: a service failure (by kind), a move home, a cheaper rival, a rival liked or believed better, habit worn off, else noise', {
    data: { values: rows },
    vconcat: [panel('firm left'), panel('segment')],
  });
}

/** One bar segment per row and cause: its switches and share of the row's, its group and its place in the stack. */
function causeBars(by: string, table: Readonly<Record<string, Readonly<Record<string, number>>>>): Row[] {
  return Object.entries(table).flatMap(([row, counts]) => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (!(total > 0)) return [];
    return Object.entries(counts).map(([cause, switches], rank) => ({
      by, row, cause: causeLabel(cause), group: causeGroup(cause), rank,
      switches: chartNumber(switches),
      share: chartNumber(switches / total),
    }));
  });
}

