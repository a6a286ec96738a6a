#!/usr/bin/env node
// Generates docs/scenario-reference.md (from the zod schema) and docs/metrics.md (from the
// metric registry): one source of truth, docs read from it. Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { Scenario } from '../dist/src/scenario/schema.js';
import { FIRM_METRICS, MARKET_METRICS } from '../dist/src/model/metrics.js';

const json = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' });
const rows = [];
function typeOf(s) {
  if (!s) return '';
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeOf).filter(Boolean).join(' \\| ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === 'array') return `list of ${typeOf(s.items)}`;
  if (s.type === 'object' && s.properties) return s.properties.dist ? `distribution (${typeOf(s.properties.dist)})` : 'object';
  return s.type ?? '';
}
function walk(schema, path) {
  if (!schema) return;
  const props = schema.properties ?? {};
  for (const [key, s] of Object.entries(props)) {
    const p = path ? `${path}.${key}` : key;
    const inner = s.anyOf?.find((x) => x.properties && x.type === 'object' && !x.properties.dist) ?? s;
    const range = [s.minimum !== undefined ? `≥ ${s.minimum}` : '', s.maximum !== undefined ? `≤ ${s.maximum}` : ''].filter(Boolean).join(', ');
    rows.push(`| \`${p}\` | ${typeOf(s)}${range ? ` (${range})` : ''} | ${s.default !== undefined ? `\`${JSON.stringify(s.default).slice(0, 60)}\`` : ''} | ${(s.description ?? inner.description ?? '').replace(/\|/g, '\\|')} |`);
    if (inner.type === 'object' && inner.properties && !inner.properties.dist) walk(inner, p);
    if (s.type === 'array' && s.items?.properties) walk(s.items, `${p}.N`);
    for (const option of s.oneOf ?? []) if (option.properties?.policy) walk(option, `${p}[policy=${option.properties.policy.const}]`);
  }
}
walk(json, '');
writeFileSync('docs/scenario-reference.md', `# Scenario reference\n\nGenerated from the schema (src/scenario/schema.ts) by scripts/reference-docs.mjs; do not edit.\n\`N\` stands for a list index (or, in \`--set\`, an entry's name).\n\n| field | type | default | meaning |\n|---|---|---|---|\n${rows.join('\n')}\n`);
const table = (list) => list.map((m) => `| \`${m.name}\` | ${m.unit} | ${m.summary === 'total' ? 'sum over the horizon' : 'mean over the last quarter'} | ${m.description} |`).join('\n');
writeFileSync('docs/metrics.md', `# Metrics\n\nGenerated from the metric registry (src/model/metrics.ts) by scripts/reference-docs.mjs; do not edit.\n\n## Per firm and period (timeseries.csv)\n\n| metric | unit | in summary.json | meaning |\n|---|---|---|---|\n${table(FIRM_METRICS)}\n\n## Market, per period (market.csv)\n\n| metric | unit | in summary.json | meaning |\n|---|---|---|---|\n${table(MARKET_METRICS)}\n\nmarket.csv also has \`churn_<kind>\`: switches attributed to each failure kind (the churn decomposition by cause, with \`churnPrice\` and \`churnOther\`).\n`);
console.log(`wrote docs/scenario-reference.md (${rows.length} fields) and docs/metrics.md`);
