/**
 * One CSV writer for every header and cell. Reproductions: a failure kind `slow,rude` or a
 * firm `Acme, Inc. "the best"` gave headers with more fields than the rows (market.csv 21
 * vs 20, runs.csv 293 vs 249, evaluations.csv 7 vs 5) and `report` refused the run's own
 * output; names starting with =, +, -, @ were written raw into every CSV (formulas when
 * opened in a spreadsheet). Now every line has as many fields as its header, text that a
 * spreadsheet would run gets a leading ', numbers never do, and the tool reads back
 * exactly what it wrote.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { csvField, parseCsv, toCsv } from '../../src/io/csv.js';
import { readRunDir } from '../../src/report/read-run.js';

/** Names a spreadsheet would misread, or that need quoting (tab and CR are refused in names). */
const FIRMS = ['Acme, Inc. "the best"', '=cmd|\' /C calc\'!A0', '+1', '-5', '@SUM(A1)', "'quoted'"];
const KINDS = ['slow,rude', '=HYPERLINK("http://x")', 'plain'];

const SCENARIO = `extends: baseline
name: hostile-names
failureKinds:
${KINDS.map((k) => `  - { name: ${JSON.stringify(k)}, frequency: 1, severity: 0.3 }`).join('\n')}
firms:
${FIRMS.map((f, i) => `  - { name: ${JSON.stringify(f)}, price: ${9 + i * 0.25} }`).join('\n')}
`;

const TARGETS = `parameters:
  - { path: firms.0.price, min: 8.5, max: 10.5 }
targets:
  - { name: "salience, market", metric: priceSalience, value: 2.6, low: 2.0, high: 3.2, source: "=HYPERLINK(\\"http://x\\")" }
`;

/** The fields of each record as they stand in the file: quotes removed, nothing else undone. */
function rawRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n') { record.push(field); records.push(record); record = []; field = ''; }
    else field += c;
  }
  expect(field, 'a CSV ends with a line end').toBe('');
  return records;
}

const FORMULA = /^[=+\-@\t\r]/;
const isNumber = (cell: string) => cell === 'NaN' || !Number.isNaN(Number(cell));

/** Every line as many fields as the header; no cell a spreadsheet would run, unless it is a number. */
function checkCsv(file: string): string[][] {
  const [header, ...rows] = rawRecords(readFileSync(file, 'utf8'));
  rows.forEach((row, i) => expect(row.length, `${file} line ${i + 2}`).toBe(header.length));
  for (const cell of [...header, ...rows.flat()]) if (FORMULA.test(cell)) expect(isNumber(cell), `${file}: ${JSON.stringify(cell)}`).toBe(true);
  return [header, ...rows];
}

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('csv');
  writeFileSync(join(tmp, 'hostile.yaml'), SCENARIO);
  writeFileSync(join(tmp, 'targets.yaml'), TARGETS);
});
afterAll(() => removeDir(tmp));

describe('the CSV writer', () => {
  it('reads back any text exactly, and quotes or escapes only what needs it', () => {
    // text made of the characters that matter here, and any other
    const char = fc.oneof(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', "'", ' ', '1'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: char, maxLength: 8 }), { minLength: 1, maxLength: 5 }), (cells) => {
        const text = toCsv(cells, [cells]);
        const { header, rows } = parseCsv(text);
        expect(header).toEqual(cells);
        expect(rows).toEqual([cells]);
        expect(rawRecords(text)[1].filter((cell) => FORMULA.test(cell))).toEqual([]);
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 28) },
    );
  });

  it('numbers are never escaped, negative ones included; the same text is', () => {
    fc.assert(fc.property(fc.double(), (x) => !csvField(x).startsWith("'")), { seed: 28 });
    expect(['-5', '=1+1', 'a,b', '@x,"y"', '\tx', '\rx', "'x"].map(csvField)).toEqual(["'-5", "'=1+1", '"a,b"', '"\'@x,""y"""', "'\tx", '"\'\rx"', "''x"]);
    expect(csvField(-5)).toBe('-5');
  });
});

describe('every CSV the tool writes', () => {
  it('run: timeseries.csv and market.csv hold the names whole and escaped, and report reads them back (it refused them)', async () => {
    const out = join(tmp, 'run');
    const run = await cli(['run', 'hostile.yaml', '--customers', '200', '--periods', '20', '--out', out, '--no-charts', '--quiet'], { cwd: tmp });
    expect(run.code, run.stderr).toBe(0);
    const dir = join(out, 'hostile-names', 'seed-1');
    const market = checkCsv(join(dir, 'market.csv'));
    expect(market[0].slice(-KINDS.length)).toEqual(["churn_slow,rude", 'churn_=HYPERLINK("http://x")', 'churn_plain']);
    const timeseries = checkCsv(join(dir, 'timeseries.csv'));
    expect([...new Set(timeseries.slice(1).map((row) => row[1]))]).toEqual(expect.arrayContaining(['Acme, Inc. "the best"', "'=cmd|' /C calc'!A0", "'+1", "'-5", "'@SUM(A1)", "''quoted'"]));
    // read back exactly: the names of the resolved scenario saved beside the CSVs
    const saved = readRunDir(dir);
    expect(saved.result.firmNames).toEqual(saved.scenario.firms.map((f) => f.name));
    expect(saved.result.firmNames).toEqual(expect.arrayContaining(FIRMS));
    expect(saved.result.failureKinds).toEqual(saved.scenario.failureKinds.map((k) => k.name));
    expect(saved.result.failureKinds).toEqual(expect.arrayContaining(KINDS));
    const report = await cli(['report', dir, '--quiet']);
    expect(report.code, report.stderr).toBe(0);
    expect(readdirSync(join(dir, 'charts')).length).toBeGreaterThan(0);
  }, 120_000);

  it('replicate and calibrate: runs.csv, runs-tidy.csv, aggregate.csv, fit.csv, parameters.csv and evaluations.csv', async () => {
    const out = join(tmp, 'experiments');
    const small = ['--customers', '200', '--periods', '20', '--workers', '1', '--no-charts', '--quiet', '--out', out];
    const rep = await cliInProcess(['replicate', 'hostile.yaml', '--seeds', '2', ...small], { cwd: tmp });
    expect(rep.code, rep.stderr).toBe(0);
    const replicate = join(out, 'hostile-names', 'replicate');
    const runs = checkCsv(join(replicate, 'runs.csv'));
    expect(runs[0]).toContain("'=cmd|' /C calc'!A0.profit");
    expect(runs[0]).toContain('churnCause.slow,rude');
    checkCsv(join(replicate, 'runs-tidy.csv'));
    checkCsv(join(replicate, 'aggregate.csv'));
    const cal = await cliInProcess(['calibrate', 'hostile.yaml', '--targets', 'targets.yaml', '--seeds', '2', '--max-evals', '3', ...small], { cwd: tmp });
    expect(cal.code, cal.stderr).toBe(0);
    const calibrate = join(out, 'hostile-names', 'calibrate');
    const fit = checkCsv(join(calibrate, 'fit.csv'));
    expect(fit[1]).toContain('\'=HYPERLINK("http://x")');
    checkCsv(join(calibrate, 'parameters.csv'));
    expect(checkCsv(join(calibrate, 'evaluations.csv'))[0]).toContain('achieved.salience, market');
  }, 120_000);
});
