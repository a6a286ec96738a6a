/**
 * panel.parquet: the panel of purchases (model/panel.ts) as a Parquet file any reader loads
 * (pandas, polars, R's arrow, DuckDB), written by a pure-JS writer one row group at a time,
 * so that only a row group's values exist as JS values at once. Firm, basket and points are
 * null on an occasion without a purchase.
 */
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import { COMPLAINT, FAILURE, PANEL_BYTES_PER_ROW, RECOVERED, type PanelColumns } from '../model/panel.js';
import { estimateBudgetBytes, formatBytes } from '../model/memory.js';
import { InputError } from '../errors.js';

export const PANEL_FILE = 'panel.parquet';
export const PANEL_COLUMNS = ['period', 'customer', 'segment', 'firm', 'basket', 'member', 'points', 'failure', 'complaint', 'recovered'] as const;

const ROW_GROUP = 100_000;
/** A generous bound on a row's size on disk (the file is compressed; booleans and codes pack far smaller). */
const DISK_BYTES_PER_ROW = 24;
/** The row group's JS values while it is encoded: about this many bytes a row. */
const ROW_GROUP_BYTES = ROW_GROUP * 200;

const required = (name: string, type: SchemaElement['type'], extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, type, repetition_type: 'REQUIRED', ...extra });
const optional = (name: string, type: SchemaElement['type'], extra: Partial<SchemaElement> = {}): SchemaElement => ({ name, type, repetition_type: 'OPTIONAL', ...extra });
const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: PANEL_COLUMNS.length },
  required('period', 'INT32'),
  required('customer', 'INT32'),
  required('segment', 'BYTE_ARRAY', { converted_type: 'UTF8' }),
  optional('firm', 'BYTE_ARRAY', { converted_type: 'UTF8' }),
  optional('basket', 'DOUBLE'),
  required('member', 'BOOLEAN'),
  optional('points', 'INT32'),
  required('failure', 'BOOLEAN'),
  required('complaint', 'BOOLEAN'),
  required('recovered', 'BOOLEAN'),
];

/** The most rows a run can give: every customer shops every period. */
export const panelRowBound = (customers: number, periods: number): number => customers * periods;

/** Memory the panel adds to a run: its columns (grown by doubling) and one row group being encoded. */
export const panelMemoryBytes = (customers: number, periods: number): number => 2 * PANEL_BYTES_PER_ROW * panelRowBound(customers, periods) + ROW_GROUP_BYTES;

/** Before the run: the run and its panel fit the memory limit together. */
export function checkPanelMemory(scenario: { readonly customers: number; readonly periods: number; readonly firms: readonly unknown[] }, limitBytes: number, threads: number): void {
  const panel = panelMemoryBytes(scenario.customers, scenario.periods);
  const total = estimateBudgetBytes(scenario.customers, scenario.firms.length, scenario.periods, 1, threads) + panel;
  if (total <= limitBytes) return;
  throw new InputError({
    source: 'option --panel',
    path: '',
    message: `the run with its panel needs about ${formatBytes(total)} of memory (the panel ${formatBytes(panel)}: up to ${scenario.customers} customers × ${scenario.periods} periods of rows), ` +
      `more than the limit of ${formatBytes(limitBytes)}; use fewer --customers or --periods, or raise the limit with --max-memory MB`,
  });
}

/** Before the run: the disk under `dir` (or its nearest existing parent) holds the largest panel the run can give. */
export function checkPanelDisk(dir: string, customers: number, periods: number): void {
  const need = DISK_BYTES_PER_ROW * panelRowBound(customers, periods);
  let at = dir;
  for (;;) {
    try {
      const fs = statfsSync(at);
      const free = Number(fs.bavail) * Number(fs.bsize);
      if (free < need) {
        throw new InputError({ source: 'option --panel', path: '', message: `panel.parquet may need up to ${formatBytes(need)} (${customers} customers × ${periods} periods) but ${at} has ${formatBytes(free)} free; use fewer --customers or --periods, or another --out` });
      }
      return;
    } catch (e) {
      if (e instanceof InputError) throw e;
      const parent = dirname(at);
      if (parent === at) return;
      at = parent;
    }
  }
}

export function writePanelParquet(file: string, panel: PanelColumns, names: { readonly segments: readonly string[]; readonly firms: readonly string[] }): void {
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: SCHEMA, createdBy: 'loyalty-sim' });
  for (let from = 0; from < panel.rows || from === 0; from += ROW_GROUP) {
    const to = Math.min(panel.rows, from + ROW_GROUP);
    const n = to - from;
    const firm = new Array<string | null>(n);
    const basket = new Array<number | null>(n);
    const points = new Array<number | null>(n);
    const segment = new Array<string>(n);
    const member = new Array<boolean>(n);
    const failure = new Array<boolean>(n);
    const complaint = new Array<boolean>(n);
    const recovered = new Array<boolean>(n);
    for (let k = 0; k < n; k++) {
      const r = from + k;
      const j = panel.firm[r];
      const bought = j >= 0;
      firm[k] = bought ? names.firms[j] : null;
      basket[k] = bought ? panel.basket[r] : null;
      points[k] = bought ? panel.points[r] : null;
      segment[k] = names.segments[panel.segment[r]];
      member[k] = panel.member[r] === 1;
      failure[k] = (panel.flags[r] & FAILURE) !== 0;
      complaint[k] = (panel.flags[r] & COMPLAINT) !== 0;
      recovered[k] = (panel.flags[r] & RECOVERED) !== 0;
    }
    void writer.write({
      rowGroupSize: ROW_GROUP,
      columnData: [
        { name: 'period', data: panel.period.subarray(from, to) },
        { name: 'customer', data: panel.customer.subarray(from, to) },
        { name: 'segment', data: segment },
        { name: 'firm', data: firm },
        { name: 'basket', data: basket },
        { name: 'member', data: member },
        { name: 'points', data: points },
        { name: 'failure', data: failure },
        { name: 'complaint', data: complaint },
        { name: 'recovered', data: recovered },
      ],
    });
    if (panel.rows === 0) break;
  }
  writer.finish();
}
