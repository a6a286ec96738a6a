/** The run's summary as a table: the figures of summary.json, with differences in compare mode. */
import type { RunSummary } from '../../model/summary.js';
import { summaryDifference } from '../compare.js';
import { escapeHtml } from '../../report/format.js';

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

const FIRM_COLUMNS: readonly [string, string, (x: number) => string][] = [
  ['share', 'share', percent],
  ['profit', 'profit/period', (x) => x.toFixed(0)],
  ['price', 'price', (x) => x.toFixed(2)],
  ['satisfaction', 'satisfaction', (x) => x.toFixed(3)],
  ['churn', 'churn/quarter', percent],
  ['switching', 'switching/period', percent],
  ['shareOfWallet', 'wallet share', percent],
  ['programCost', 'program cost', (x) => x.toFixed(0)],
];

/** How customers buy over the year (market figures), beside the price signals. */
const MARKET_FIGURES = ['meanPrice', 'priceSalience', 'mainShare', 'mainChange', 'exclusive', 'repeatRate'] as const;

const signed = (text: string): string => (text.startsWith('-') ? text.replace('-', '−') : `+${text}`);

export function summaryTable(summary: RunSummary, previous: RunSummary | null): string {
  const diff = previous ? summaryDifference(summary, previous) : null;
  const head = FIRM_COLUMNS.map(([, label]) => `<th>${label}</th>${diff ? `<th>Δ ${label}</th>` : ''}`).join('');
  const rows = summary.firms.map((f) => {
    const cells = FIRM_COLUMNS.map(([key, , format]) => {
      const d = diff?.firms[f.name]?.[key];
      return `<td>${format(Number(f[key]))}</td>${diff ? `<td>${d === undefined ? '–' : signed(format(d))}</td>` : ''}`;
    });
    return `<tr><td>${escapeHtml(f.name)}</td>${cells.join('')}</tr>`;
  });
  const market = MARKET_FIGURES.map((k) => {
    const d = diff?.market[k];
    return `${k} ${summary.market[k].toFixed(3)}${d === undefined ? '' : ` (Δ ${signed(d.toFixed(3))})`}`;
  });
  return `<table><thead><tr><th>firm</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="note">market: ${market.join(', ')}; seed ${summary.seed}, ${summary.customers} customers, ${summary.periods} periods, periods ${summary.window.from}–${summary.window.to - 1} averaged${previous ? `; Δ = now − previous settings, seed ${previous.seed}` : ''}.</p>`;
}
