/**
 * Memory budget of a run, checked before anything is allocated, so that a scenario with
 * 10⁹ customers is refused with a clear message instead of crashing the process (or the
 * machine) half-way.
 *
 * The estimate follows the core's data layout (ARCHITECTURE.md): customers are columns of
 * typed arrays, per-firm state is an N × M block, results are one Float64Array per metric.
 * One budget covers every command: the process once, every run in flight at once (a
 * worker each), and every worker thread's own heap.
 *
 * To extend it: a new per-customer or per-customer×firm column belongs in
 * `bytesPerCustomer` (src/model/population.ts), which this reads; result columns follow
 * the metric declarations; anything else a run allocates per customer in
 * `estimateRunBytes`.
 */
import { totalmem } from 'node:os';
import { InputError } from '../errors.js';
import { FIRM_METRICS, MARKET_METRICS } from './metrics.js';
import { bytesPerCustomer } from './population.js';

/** Per customer, and per customer and firm: read off the population's own columns. */
export const BYTES_PER_CUSTOMER = bytesPerCustomer(0);
export const BYTES_PER_CUSTOMER_FIRM = bytesPerCustomer(1) - bytesPerCustomer(0);
/** Result columns per period, as float64: every declared firm metric per firm, every market metric, and room for sixteen failure kinds' columns. */
export const FIRM_METRICS_PER_PERIOD = FIRM_METRICS.length;
export const MARKET_METRICS_PER_PERIOD = MARKET_METRICS.length + 16;
/** The process itself (Node, modules, scenario, report rendering). */
export const BASELINE_BYTES = 96 * 1024 * 1024;
/** A worker thread's own V8 heap, code and stacks, whatever it runs. */
export const BYTES_PER_THREAD = 48 * 1024 * 1024;

export const MEMORY_ENV = 'LOYALTY_SIM_MAX_MEMORY_MB';

/** Bytes one run of `customers` × `firms` over `periods` needs, with the process baseline. */
export function estimateRunBytes(customers: number, firms: number, periods: number): number {
  const population = customers * (BYTES_PER_CUSTOMER + BYTES_PER_CUSTOMER_FIRM * firms);
  const results = periods * (firms * FIRM_METRICS_PER_PERIOD + MARKET_METRICS_PER_PERIOD) * 8;
  return BASELINE_BYTES + population + results;
}

/** The whole budget: the process once, `runsAtOnce` runs, `threads` worker threads. */
export function estimateBudgetBytes(customers: number, firms: number, periods: number, runsAtOnce = 1, threads = runsAtOnce): number {
  const perRun = estimateRunBytes(customers, firms, periods) - BASELINE_BYTES;
  return BASELINE_BYTES + Math.max(1, runsAtOnce) * perRun + Math.max(0, threads) * BYTES_PER_THREAD;
}

/**
 * The default limit: `LOYALTY_SIM_MAX_MEMORY_MB` when set, else 75% of the machine's
 * memory. A malformed variable is an input error naming it.
 */
export function defaultMemoryLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MEMORY_ENV];
  if (raw !== undefined && raw.trim() !== '') {
    const mb = Number(raw.trim());
    if (!Number.isFinite(mb) || mb <= 0 || !/^\s*[0-9]+(\.[0-9]+)?\s*$/.test(raw)) {
      throw new InputError({ source: `environment ${MEMORY_ENV}`, path: '', message: `expected a number of megabytes > 0, got ${JSON.stringify(raw)}` });
    }
    return mb * 1024 * 1024;
  }
  return Math.floor(totalmem() * 0.75);
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

interface SizedScenario {
  readonly name: string;
  readonly customers: number;
  readonly periods: number;
  readonly firms: readonly unknown[];
}

/**
 * Throw an InputError when `concurrentRuns` runs of the scenario at once (each on its own
 * worker thread; `threads` in all) would need more than `limitBytes`; the message gives
 * the estimate and how to lower it. Returns the estimate.
 */
export function checkMemoryBudget(scenario: SizedScenario, limitBytes: number = defaultMemoryLimitBytes(), concurrentRuns = 1, threads = concurrentRuns): number {
  const runs = Math.max(1, concurrentRuns);
  const firms = scenario.firms.length;
  const total = estimateBudgetBytes(scenario.customers, firms, scenario.periods, runs, threads);
  if (total <= limitBytes) return total;
  const atOnce = runs > 1 ? ` × ${runs} runs at once` : '';
  // The largest customer count that fits, as a concrete suggestion.
  const perCustomer = BYTES_PER_CUSTOMER + BYTES_PER_CUSTOMER_FIRM * firms;
  const fixed = estimateBudgetBytes(0, firms, scenario.periods, runs, threads);
  const fitting = Math.floor((limitBytes - fixed) / runs / perCustomer);
  const suggestion = fitting >= 1 ? `--customers ${fitting} or fewer` : 'fewer periods';
  throw new InputError({
    source: `scenario ${scenario.name}`,
    path: 'customers',
    message:
      `the run needs about ${formatBytes(total)} of memory (${scenario.customers} customers × ${firms} firms, ${scenario.periods} periods${atOnce}), ` +
      `more than the limit of ${formatBytes(limitBytes)}; use ${suggestion}${runs > 1 ? ' or fewer --workers' : ''}, ` +
      `or raise the limit with --max-memory MB (or ${MEMORY_ENV})`,
  });
}
