/**
 * The panel of purchases (run --panel): its rows add up to the run's own tallies
 * (purchases, failures, complaints, recoveries per firm and period, shoppers per period),
 * observing it changes nothing in the run, and it is the same on any thread split (rows in
 * customer order within each period). panel.parquet is read back with hyparquet, a reader
 * the project did not write, from a run of the command itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { simulate, simulateThreaded } from '../../src/model/simulate.js';
import { COMPLAINT, FAILURE, PanelRecorder, RECOVERED, type PanelColumns } from '../../src/model/panel.js';
import { PANEL_COLUMNS, panelMemoryBytes, writePanelParquet } from '../../src/report/panel-file.js';
import { parseCsv } from '../../src/io/csv.js';
import { ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

// failures and complaints often enough to count: the service market
const scenario = loadScenario('why-customers-leave', { customers: 3000, periods: 30 }).scenario;
const SEED = 11;

function recorded(threads = 1): Promise<{ panel: PanelColumns; result: Awaited<ReturnType<typeof simulateThreaded>> }> {
  const recorder = new PanelRecorder(1024);
  return simulateThreaded(scenario, SEED, { threads, minBlocksPerThread: 1, panel: recorder }).then((result) => ({ panel: recorder.result(), result }));
}

describe('the panel observer', () => {
  let single: Awaited<ReturnType<typeof recorded>>;
  beforeAll(async () => {
    single = await recorded();
  });

  it('its rows add up to the run\'s purchases, failures, complaints, recoveries and shoppers', () => {
    const { panel, result } = single;
    const M = scenario.firms.length;
    const count = (pick: (r: number) => boolean) => {
      const c = new Float64Array(scenario.periods * M);
      for (let r = 0; r < panel.rows; r++) if (panel.firm[r] >= 0 && pick(r)) c[panel.period[r] * M + panel.firm[r]]++;
      return Array.from(c);
    };
    expect(count(() => true)).toEqual(Array.from(result.firm.purchases));
    expect(count((r) => (panel.flags[r] & FAILURE) !== 0)).toEqual(Array.from(result.firm.failures));
    expect(count((r) => (panel.flags[r] & COMPLAINT) !== 0)).toEqual(Array.from(result.firm.complaints));
    expect(count((r) => (panel.flags[r] & RECOVERED) !== 0)).toEqual(Array.from(result.firm.recoveries));
    const shoppers = new Float64Array(scenario.periods);
    for (let r = 0; r < panel.rows; r++) shoppers[panel.period[r]]++;
    expect(Array.from(shoppers)).toEqual(Array.from(result.market.shoppers));
    expect(result.firm.failures.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('rows come in customer order within each period', () => {
    const { panel } = single;
    for (let r = 1; r < panel.rows; r++) {
      const ordered = panel.period[r] > panel.period[r - 1] || (panel.period[r] === panel.period[r - 1] && panel.customer[r] > panel.customer[r - 1]);
      if (!ordered) throw new Error(`row ${r} out of order`);
    }
  });

  it('observing changes nothing in the run, and the panel is the same on three threads', async () => {
    const plain = simulate(scenario, SEED);
    expect(Array.from(single.result.firm.profit)).toEqual(Array.from(plain.firm.profit));
    const threaded = await recorded(3);
    for (const key of ['period', 'customer', 'segment', 'firm', 'basket', 'member', 'points', 'flags'] as const) {
      expect(Buffer.from(threaded.panel[key].buffer).equals(Buffer.from(single.panel[key].buffer)), key).toBe(true);
    }
  });
});

describe('run --panel', () => {
  let out: string;
  beforeAll(async () => {
    await ensureBuilt();
    out = tempDir('panel');
  });
  afterAll(() => removeDir(out));

  it('writes panel.parquet that hyparquet reads, its purchases adding up to the run\'s', async () => {
    const r = await cliInProcess(['run', 'baseline', '--customers', '800', '--periods', '20', '--seed', '3', '--panel', '--no-charts', '--quiet', '--out', out], { cwd: out });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(out, 'baseline', 'seed-3');
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, 'panel.parquet')) }) as Record<string, unknown>[];
    expect(Object.keys(rows[0])).toEqual([...PANEL_COLUMNS]);
    const { header, rows: ts } = parseCsv(readFileSync(join(dir, 'timeseries.csv'), 'utf8'));
    const firm = header.indexOf('firm');
    const customers = header.indexOf('customers');
    expect(firm).toBeGreaterThanOrEqual(0);
    const market = parseCsv(readFileSync(join(dir, 'market.csv'), 'utf8'));
    const purchases = market.rows.reduce((s, row) => s + Number(row[market.header.indexOf('purchases')]), 0);
    expect(rows.filter((x) => x.firm !== null).length).toBe(purchases);
    expect(rows.filter((x) => x.firm === null).every((x) => x.basket === null && x.points === null && x.failure === false)).toBe(true);
    expect(new Set(rows.map((x) => x.segment))).toEqual(new Set(loadScenario('baseline').scenario.segments.map((s) => s.name)));
    expect(ts.length).toBeGreaterThan(0);
    expect(customers).toBeGreaterThanOrEqual(0);
  });

  it('the panel\'s memory is counted before the run: a run that fits without it is refused with it, and nothing is written', async () => {
    const args = ['run', 'baseline', '--customers', '20000', '--periods', '2000', '--seed', '4', '--no-charts', '--quiet', '--max-memory', '1200', '--out', out];
    const refused = await cliInProcess([...args, '--panel'], { cwd: out });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/option --panel: the run with its panel needs about .* of memory/);
    expect(existsSync(join(out, 'baseline', 'seed-4'))).toBe(false);
    expect(panelMemoryBytes(20000, 2000)).toBeGreaterThan(1200 * 2 ** 20);
  });

  it('an empty panel is still a file every reader opens', async () => {
    const file = join(out, 'empty.parquet');
    const empty = new PanelRecorder(4).result();
    writePanelParquet(file, empty, { segments: [], firms: [] });
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
    expect(rows).toEqual([]);
  });
});
