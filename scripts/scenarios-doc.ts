/**
 * docs/scenarios.md from real runs of the scenario library.
 *
 * Every case of tests/scenarios/cases.ts is measured across seeds (the same measurements
 * the tests check, at documentation size), and each case's scenarios get their charts
 * from one run rendered by the report module (renderRunReport → charts/*.png). Run with
 * `node scripts/scenarios-doc.mjs` (it compiles this file first).
 *
 * Options: --seeds N (default 8), --customers N (default 6000; each scenario's own
 * horizon), --only id,id (cases), --no-charts, --out FILE (default docs/scenarios.md).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CASES, formatFigure, type CaseResult, type ScenarioCase, type Verdict } from '../tests/scenarios/cases.js';
import { Runner } from '../tests/scenarios/helpers.js';
import { listShippedNames, scenariosDir } from '../src/scenario/files.js';
import { loadScenario } from '../src/scenario/load.js';
import { simulate } from '../src/model/simulate.js';
import { renderRunReport } from '../src/report/run-report.js';
import { replicateSeed } from '../src/model/rng.js';

interface Options {
  seeds: number;
  customers: number;
  only: string[] | null;
  charts: boolean;
  out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { seeds: 8, customers: 6000, only: null, charts: true, out: 'docs/scenarios.md' };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = () => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') o.seeds = positive(value(), a);
    else if (a === '--customers') o.customers = positive(value(), a);
    else if (a === '--only') o.only = value().split(',');
    else if (a === '--no-charts') o.charts = false;
    else if (a === '--out') o.out = value();
    else throw new Error(`unknown option ${a} (expected --seeds N, --customers N, --only id,id, --no-charts, --out FILE)`);
  }
  return o;
}

function positive(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2) throw new Error(`${name}: expected a whole number ≥ 2, got ${v}`);
  return n;
}

/** The comment header of a shipped scenario file, without the '# '. */
function header(name: string): string[] {
  const file = join(scenariosDir(), `${name}.yaml`);
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('#'));
  return lines.slice(0, end).map((l) => l.replace(/^# ?/, ''));
}

const VERDICT: Record<Verdict, string> = {
  reproduced: 'reproduced',
  'not reproduced': 'not reproduced by the model',
  bounded: 'holds only under the settings stated',
  finding: 'what carries the effect in the model',
};

/** One run of a scenario at its shipped size, rendered by the report module; returns the chart files copied into docs. */
async function charts(c: ScenarioCase, chartDir: string, docDir: string, seed: number, notes: string[]): Promise<string[]> {
  const out: string[] = [];
  const byScenario = new Map<string, string[]>();
  for (const [scenario, chart] of c.charts) byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), chart]);
  for (const [name, wanted] of byScenario) {
    const { scenario } = loadScenario(name);
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-doc-'));
    try {
      renderRunReport(dir, { scenario, result: simulate(scenario, seed) });
      for (const chart of wanted) {
        const png = join(dir, 'charts', `${chart}.png`);
        if (!existsSync(png)) {
          notes.push(`chart ${name}/${chart}: the report module wrote no ${chart}.png`);
          continue;
        }
        const target = join(chartDir, `${name}-${chart}.png`);
        copyFileSync(png, target);
        out.push(relative(docDir, target));
      }
    } catch (e) {
      notes.push(`charts of ${name}: ${(e as Error).message.split('\n')[0]}; numbers only`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

function caseSection(c: ScenarioCase, result: CaseResult, images: string[], o: Options): string {
  const lines: string[] = [];
  lines.push(`## ${c.title}`, '', `<a id="${c.id}"></a>`, '', `**The claim.** ${c.claim}`, '');
  for (const name of c.scenarios) {
    const { scenario } = loadScenario(name);
    lines.push(`**Scenario \`${name}\`** — ${scenario.description}  `);
    lines.push(`\`loyalty-sim run ${name}\` (${scenario.customers.toLocaleString('en')} customers, ${scenario.periods} periods, ${scenario.firms.length} firms)`, '');
    const h = header(name);
    if (h.length > 0) lines.push(...h.map((l) => `> ${l}`), '');
  }
  lines.push(`**Results** (${o.seeds} seeds, ${o.customers.toLocaleString('en')} customers per run; mean [95% interval]; Δ = paired difference on the same seeds):`, '');
  lines.push('| figure | value |', '|---|---|');
  for (const f of result.figures) lines.push(`| ${f.label.trim()} | ${formatFigure(f)} |`);
  lines.push('', '**What the model says:**', '');
  for (const cl of result.claims) {
    lines.push(`- ${cl.holds ? '✔' : '✘ *(did not hold at these settings)*'} ${cl.text} — *${VERDICT[cl.verdict]}*`);
    if (cl.before !== undefined) lines.push(`  - *Changed with ${cl.changedWith ?? 'model v2 and the calibration'}.* Before: ${cl.before}`);
  }
  lines.push('');
  if (c.notes) lines.push(c.notes, '');
  for (const img of images) lines.push(`![${img}](${img})`, '');
  return lines.join('\n');
}

export async function main(argv: readonly string[]): Promise<void> {
  const o = parseOptions(argv);
  // The launcher runs from the project root; the compiled file lives under node_modules/.cache.
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  const cases = o.only ? CASES.filter((c) => o.only!.includes(c.id)) : CASES;
  const docDir = join(o.out, '..');
  const chartDir = join(docDir, 'scenarios');
  mkdirSync(chartDir, { recursive: true });
  const chartSeed = replicateSeed(1, 0);
  const notes: string[] = [];
  const sections: string[] = [];
  const rows: string[] = [];
  for (const c of cases) {
    const started = performance.now();
    process.stderr.write(`${c.id}: measuring across ${o.seeds} seeds…\n`);
    const result = c.measure(new Runner({ seeds: o.seeds, customers: o.customers, detail: true }));
    process.stderr.write(`${c.id}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    const images = o.charts ? await charts(c, chartDir, docDir, chartSeed, notes) : [];
    sections.push(caseSection(c, result, images, o));
    const held = result.claims.filter((cl) => cl.holds).length;
    const verdicts = [...new Set(result.claims.map((cl) => cl.verdict))].join(', ');
    rows.push(`| [${c.title}](#${c.id}) | ${c.scenarios.map((s) => `\`${s}\``).join(', ')} | ${held} of ${result.claims.length} | ${verdicts} |`);
  }
  const caseOf = (name: string) => CASES.filter((c) => c.scenarios.includes(name)).map((c) => `[${c.title}](#${c.id})`).join(', ');
  const index = listShippedNames().map((name) => `| \`${name}\` | ${loadScenario(name).scenario.description} | ${caseOf(name) || '—'} |`);
  const doc = [
    '# The scenario library',
    '',
    '<!-- Generated by `node scripts/scenarios-doc.mjs` from real runs. Do not edit by hand: edit the scenario files, tests/scenarios/cases.ts or scripts/scenarios-doc.ts and regenerate. -->',
    '',
    'Each case from the retention literature is a shipped scenario: run it with `loyalty-sim run <name>`, list them with `loyalty-sim list`.',
    'The theatre itself (the game\'s verdicts on `theatre`, `theatre-lookalike` and `theatre-no-clutter`, and the theatre map) is in [theatre.md](theatre.md).',
    'The figures below come from runs of those files and of `--set` variants of them on the same seeds (common random numbers),',
    `made by \`node scripts/scenarios-doc.mjs\` with loyalty-sim ${version}: ${o.seeds} seeds (replicateSeed(1, k), k = 0…${o.seeds - 1}),`,
    `${o.customers.toLocaleString('en')} customers per run, each case over the horizon stated in tests/scenarios/cases.ts.`,
    'A value is the mean across seeds with its 95% t-interval; a Δ is the paired difference (variant − reference) on the same seeds.',
    'A statement under "What the model says" holds when its interval lies entirely on the stated side of zero; the verdict says how it relates to the',
    'literature: *reproduced*, *not reproduced by the model*, *holds only under the settings stated* (the next statement shows the other side), or',
    '*what carries the effect in the model*. The same statements are tests (tests/scenarios/, 8 seeds, 1,500–3,000 customers per run).',
    `Charts: one run of the scenario at its shipped size, seed ${chartSeed} (\`loyalty-sim run <name> --seed ${chartSeed}\`), drawn by the report module.`,
    '',
    '| case | scenarios | statements holding | verdicts |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...sections,
    '## Every shipped scenario',
    '',
    '| scenario | question | case here |',
    '|---|---|---|',
    ...index,
    '',
    ...(notes.length > 0 ? ['## Generation notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  writeFileSync(o.out, doc);
  process.stderr.write(`wrote ${o.out}${notes.length > 0 ? ` (${notes.length} notes)` : ''}\n`);
}
