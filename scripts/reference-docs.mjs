#!/usr/bin/env node
// Generates docs/scenario-reference.md (from the zod schema) and docs/metrics.md (from the
// metric declarations): one source of truth, docs read from it. Run after `npm run build`.
// `--check` exits 1 when either page is out of date (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { Scenario } from '../dist/src/model/schema.js';
import { FAILURE_KIND_METRIC, FIRM_METRICS, LEAVING_REASONS, MARKET_METRICS } from '../dist/src/model/metrics.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function typeOf(s) {
  if (!s) return '';
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeOf).filter(Boolean).join(' \\| ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === 'array') return `list of ${typeOf(s.items)}`;
  if (s.type === 'object' && s.properties) return s.properties.dist ? `distribution (${typeOf(s.properties.dist)})` : 'object';
  return s.type ?? '';
}

/** Every scenario field as the schema declares it: path (N: a list index), type, default, meaning. */
export function schemaFields() {
  const json = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' });
  const rows = [];
  const walk = (schema, path) => {
    if (!schema) return;
    for (const [key, s] of Object.entries(schema.properties ?? {})) {
      const p = path ? `${path}.${key}` : key;
      const inner = s.anyOf?.find((x) => x.properties && x.type === 'object' && !x.properties.dist) ?? s;
      const range = [s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : ''].filter(Boolean).join(', ');
      rows.push({ path: p, type: `${typeOf(s)}${range ? ` (${range})` : ''}`, default: s.default !== undefined ? `\`${JSON.stringify(s.default).slice(0, 60)}\`` : '', meaning: (s.description ?? inner.description ?? '').replace(/\|/g, '\\|') });
      if (inner.type === 'object' && inner.properties && !inner.properties.dist) walk(inner, p);
      if (s.type === 'array' && s.items?.properties) walk(s.items, `${p}.N`);
      for (const option of s.oneOf ?? []) if (option.properties?.policy) walk(option, `${p}[policy=${option.properties.policy.const}]`);
    }
  };
  walk(json, '');
  return rows;
}

export function scenarioReference() {
  const rows = schemaFields().map((r) => `| \`${r.path}\` | ${r.type} | ${r.default} | ${r.meaning} |`);
  return `# Scenario reference

Generated from the schema (src/model/schema.ts) by scripts/reference-docs.mjs; do not edit.
\`N\` stands for a list index (or, in \`--set\`, an entry's name).

| field | type | default | meaning |
|---|---|---|---|
${rows.join('\n')}
`;
}

const SUMMARY = { lastQuarter: 'mean over the last quarter', total: 'sum over the horizon' };
const VIEWS = {
  experiments: 'replicate, compare and grid aggregate it per period by default (`--metrics`)',
  game: 'a game aggregates it per period by default',
  headline: 'the command line\'s result lines, per-seed lines and comparisons per firm',
  overview: 'experiment reports draw and tabulate it',
  runTable: 'the firm table of a run report',
};
const escapeCell = (text) => String(text).replace(/\|/g, '\\|');

export function metricsReference() {
  const table = (list) => list
    .map((m) => `| \`${m.name}\` | ${escapeCell(m.unit)} | ${SUMMARY[m.summary]} | ${m.appears.map((v) => `\`${v}\``).join(', ')} | ${escapeCell(m.description)} |`)
    .join('\n');
  const views = Object.entries(VIEWS).map(([name, text]) => `- \`${name}\`: ${text}.`).join('\n');
  return `# Metrics

Generated from the metric declarations (src/model/metrics.ts) by scripts/reference-docs.mjs; do not edit.
Each metric is declared once there: its name, unit and meaning, the tallies it is computed
from at the close of each period, how a run's summary.json summarises it, and where it
appears by default. Every column of \`timeseries.csv\` and \`market.csv\` is listed below.

Where a metric appears by default (the "appears" column):

${views}

## Per firm and period (timeseries.csv, after \`period, firm\`)

| metric | unit | in summary.json | appears | meaning |
|---|---|---|---|---|
${table(FIRM_METRICS)}

## Market, per period (market.csv, after \`period\`)

| metric | unit | in summary.json | appears | meaning |
|---|---|---|---|---|
${table(MARKET_METRICS)}
| \`${FAILURE_KIND_METRIC.pattern}\` | ${FAILURE_KIND_METRIC.unit} | sum over the horizon (summary.json \`churnCauses\`) |  | ${escapeCell(FAILURE_KIND_METRIC.description)}; one column per failure kind of the scenario, after the declared ones |

## Switches by cause, per firm and segment (churn-causes.csv)

The whole run's switches by cause: one row per firm left (\`by\` = \`firm\`) and per segment
of the leavers (\`by\` = \`segment\`); columns \`by, name\`, the scenario's failure kinds,
${LEAVING_REASONS.map((r) => `\`${r}\``).join(', ')} (in order of precedence, docs/model.md), and their sum \`switches\`.
summary.json holds the same counts as \`churnCausesByFirm\` and \`churnCausesBySegment\`
(firm or segment → cause → switches), beside the market-wide \`churnCauses\`.
`;
}

const PAGES = [
  { file: join(ROOT, 'docs', 'scenario-reference.md'), text: scenarioReference },
  { file: join(ROOT, 'docs', 'metrics.md'), text: metricsReference },
];

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const page of PAGES) {
    const text = page.text();
    if (check) {
      let current = '';
      try {
        current = readFileSync(page.file, 'utf8');
      } catch {
        // missing counts as out of date
      }
      if (current !== text) {
        process.stderr.write(`${page.file} is out of date: run \`npm run build && node scripts/reference-docs.mjs\`\n`);
        stale++;
      }
    } else {
      writeFileSync(page.file, text);
      process.stderr.write(`wrote ${page.file}\n`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
