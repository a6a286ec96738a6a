/**
 * CSV output: every header and cell of every CSV the tool writes goes through csvLine.
 * Numbers are written with a fixed, locale-free format so that the same results give the
 * same bytes on every machine. Text is quoted where needed, and text a spreadsheet would
 * run as a formula gets a leading `'` (below); parseCsv undoes both, so the tool reads back
 * exactly what it wrote.
 */

/** Shortest round-trip representation, with -0 and non-finite values normalised. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  if (Number.isInteger(x)) return String(x);
  // 10 significant digits: exact enough for any figure we report, stable across runs.
  return String(Number(x.toPrecision(10)));
}

/**
 * Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR: OWASP's rule against
 * CSV injection) is written after a `'`; so is text starting with `'` itself, so that
 * reading back can drop the first `'` of any text cell and get the name exactly. Numbers,
 * negative ones included, are never text and never get it.
 */
const FORMULA_START = /^[=+\-@\t\r']/;
const ESCAPE = "'";

export function csvField(v: string | number): string {
  if (typeof v === 'number') return formatNumber(v);
  const text = FORMULA_START.test(v) ? ESCAPE + v : v;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of a CSV (a header or a row), without its line end. */
export const csvLine = (values: readonly (string | number)[]): string => values.map(csvField).join(',');

export function toCsv(header: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('\n') + '\n';
}

/** Parse a CSV written by csvLine (numbers stay strings; the caller converts). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  // only text ever starts with the escape, and every text that does was given it
  const cell = (): string => (field.startsWith(ESCAPE) ? field.slice(ESCAPE.length) : field);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(cell()); field = ''; }
    else if (c === '\n') { record.push(cell()); records.push(record); record = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || record.length > 0) { record.push(cell()); records.push(record); }
  const [header = [], ...rows] = records;
  return { header, rows };
}
