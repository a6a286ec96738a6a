/**
 * <out>/index.html: the front page of every result under <out>. Per scenario its question,
 * the answer in one sentence with what it compares, and a chart large enough to read;
 * below, the experiments grouped by kind, games with their verdict.
 *
 * Runs (<scenario>/seed-N/) and experiments (<name>/<kind>/, the kinds' folders given by the
 * caller) count when they hold a report. The answer is the report's first finding, read
 * from the report's text as data (report.json), so the index says exactly what the report
 * says. Sorted, so the same tree gives the same bytes.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { capitalise, escapeHtml } from './format.js';
import { REPORT_SUMMARY_FILE, type ReportSummary } from './write-report.js';

/** An experiment kind's result folder name and the title of its section, in the front page's order. */
export type FrontPageSections = readonly (readonly [folder: string, title: string])[];

/** The chart that best answers each kind of result's question, when it has one. */
const CHART_PREFERENCE = ['share.png', 'differences-share.png', 'payoffs.png', 'heatmap-profit.png', 'mean-share.png', 'paired-differences.png', 'summary-intervals.png'];

export interface IndexEntry {
  /** the directory under <out>: a scenario name, or an experiment's name */
  readonly scenario: string;
  /** directory name under it: seed-N, an experiment kind, or a variant of one (decide-Boreal) */
  readonly result: string;
  /** the experiment kind of the folder (null for a run) */
  readonly kind: string | null;
  readonly title: string;
  /** the question: the first line of the scenario's (or experiment's) description */
  readonly description: string;
  /** the report's first finding */
  readonly answer: string;
  /** what the answer's figures compare */
  readonly basis: string;
  /** games: the verdict from game/summary.json */
  readonly verdict?: string;
  /** charts/<file>.png */
  readonly chart?: string;
}

/** Real sub-folders (the output root is the user's: links, loops and unreadable entries are skipped). */
const listDirs = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => {
      try {
        return !name.startsWith('.') && lstatSync(join(dir, name)).isDirectory();
      } catch {
        return false;
      }
    })
    .sort();

/**
 * The kind a result folder belongs to: its own name, or the longest kind name it starts
 * with followed by '-' (a variant: `decide-Boreal`, `game-players-Aurora`); null for
 * anything else. `game-map` is a kind of its own, not a variant of `game`.
 */
export function kindOfFolder(folder: string, kinds: readonly string[]): string | null {
  if (kinds.includes(folder)) return folder;
  const owners = kinds.filter((k) => folder.startsWith(`${k}-`) && folder.length > k.length + 1);
  return owners.sort((a, b) => b.length - a.length)[0] ?? null;
}

/** seed-2 before seed-10; experiments after runs, in the sections' order, a kind's own folder before its variants. */
function resultOrder(name: string, kinds: readonly string[]): [number, number, string] {
  const seed = /^seed-(\d+)$/.exec(name);
  return seed ? [0, Number(seed[1]), ''] : [1, kinds.indexOf(kindOfFolder(name, kinds) ?? ''), name];
}

/** A result's report.json, or null when it has none the tool can read. */
function readReportSummary(dir: string): ReportSummary | null {
  try {
    const value = JSON.parse(readFileSync(join(dir, REPORT_SUMMARY_FILE), 'utf8')) as Partial<ReportSummary>;
    if (typeof value?.title !== 'string' || typeof value.question !== 'string' || !Array.isArray(value.findings)) return null;
    return value as ReportSummary;
  } catch {
    return null; // no report (--no-charts), a link to a folder, no permission: left out
  }
}

export function scanResults(outRoot: string, sections: FrontPageSections): IndexEntry[] {
  if (!existsSync(outRoot)) return [];
  const kinds = sections.map(([folder]) => folder);
  const entries: IndexEntry[] = [];
  for (const scenario of listDirs(outRoot)) {
    const results = listDirs(join(outRoot, scenario))
      .filter((name) => /^seed-\d+$/.test(name) || kindOfFolder(name, kinds) !== null)
      .sort((a, b) => {
        const [x, y] = [resultOrder(a, kinds), resultOrder(b, kinds)];
        return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
      });
    for (const result of results) {
      const dir = join(outRoot, scenario, result);
      const report = readReportSummary(dir);
      if (!report) continue;
      let charts: string[];
      try {
        charts = existsSync(join(dir, 'charts')) ? readdirSync(join(dir, 'charts')).filter((f) => f.endsWith('.png')).sort() : [];
      } catch {
        continue;
      }
      const chart = CHART_PREFERENCE.find((f) => charts.includes(f)) ?? charts[0];
      entries.push({
        scenario,
        result,
        kind: kindOfFolder(result, kinds),
        title: report.title,
        description: report.question.split('\n')[0].trim(),
        answer: (report.findings[0] ?? '').trim(),
        basis: report.basis ? `${capitalise(report.basis)}.` : '',
        ...(report.verdict ? { verdict: report.verdict } : {}),
        ...(chart ? { chart: `charts/${chart}` } : {}),
      });
    }
  }
  return entries;
}

const href = (...parts: string[]): string => parts.map(encodeURIComponent).join('/');
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** One result: its answer, what the answer compares, a readable chart, the link to the report. */
function resultBlock(e: IndexEntry, heading: string, question = ''): string {
  const link = href(e.scenario, e.result, 'report.html');
  const chart = e.chart ? `<a href="${link}"><img class="chart" src="${href(e.scenario, e.result, ...e.chart.split('/'))}" alt="${escapeHtml(`${e.title}: chart`)}" loading="lazy"></a>` : '';
  return `<article class="result">
<h3><a href="${link}">${escapeHtml(heading)}</a></h3>
${question ? `<p class="question">${escapeHtml(question)}</p>\n` : ''}${e.verdict ? `<p class="verdict">Verdict: <strong>${escapeHtml(e.verdict)}</strong></p>\n` : ''}${e.answer ? `<p class="answer">${escapeHtml(e.answer)}</p>\n` : ''}${e.basis ? `<p class="basis">${escapeHtml(e.basis)}</p>\n` : ''}${chart}
</article>`;
}

/** `explorable`: scenarios with an explore.html (`loyalty-sim explore`), linked from their section. */
export function outputIndexHtml(entries: readonly IndexEntry[], sections: FrontPageSections, explorable: ReadonlySet<string> = new Set()): string {
  const titles = new Map(sections);
  const runs = entries.filter((e) => /^seed-\d+$/.test(e.result));
  const experiments = entries.filter((e) => !/^seed-\d+$/.test(e.result));
  const scenarios = [...new Set(runs.map((e) => e.scenario))];
  const scenarioSections = scenarios.map((scenario) => {
    const [first, ...more] = runs.filter((e) => e.scenario === scenario);
    const others = more.length ? `<p class="more">Other draws: ${more.map((e) => `<a href="${href(e.scenario, e.result, 'report.html')}">${escapeHtml(e.result)}</a>`).join(', ')}</p>` : '';
    const explore = explorable.has(scenario) ? `<p class="more"><a href="${href(scenario, 'explore.html')}">Explore this market live</a> (the model running in the page)</p>` : '';
    return `<section class="scenario" id="${escapeHtml(`scenario-${scenario}`)}"><h2>${escapeHtml(scenario)}</h2>
<p class="question">${escapeHtml(first.description)}</p>
${resultBlock(first, first.title || first.result)}
${others}${explore}</section>`;
  });
  const kinds = sections.map(([folder]) => folder).filter((k) => experiments.some((e) => e.kind === k));
  const kindSections = kinds.map((kind) => {
    const blocks = experiments
      .filter((e) => e.kind === kind)
      .map((e) => resultBlock(e, e.title || e.scenario, e.description));
    return `<section class="kind" id="kind-${kind}"><h2>${escapeHtml(titles.get(kind) ?? kind)}</h2>\n${blocks.join('\n')}\n</section>`;
  });
  const contents = [...scenarios.map((s) => `<a href="#${escapeHtml(`scenario-${s}`)}">${escapeHtml(s)}</a>`), ...kinds.map((k) => `<a href="#kind-${k}">${escapeHtml(k)}</a>`)].join(' ');
  const count = entries.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>loyalty-sim results</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 36px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 4px; font-weight: 600; }
h3 a { color: #1f4e79; }
nav.contents a { margin-right: 10px; font-size: 13px; }
.question { color: #444; margin: 4px 0 8px; font-size: 15px; }
.answer { font-size: 15px; line-height: 1.45; margin: 4px 0; }
.basis { color: #666; font-size: 13px; font-style: italic; margin: 2px 0 8px; }
.verdict { font-size: 15px; margin: 4px 0; }
.more { font-size: 13px; color: #555; }
img.chart { display: block; width: 100%; max-width: 820px; height: auto; border: 1px solid #eee; }
</style>
</head>
<body>
<main>
<h1>loyalty-sim results</h1>
<p>${count ? `${count} result${count === 1 ? '' : 's'}: ${plural(scenarios.length, 'scenario')} run${experiments.length ? `, ${plural(experiments.length, 'experiment')}` : ''}. Each section states the question, the answer in one sentence and what its figures compare; each report opens offline.` : 'No results with a report yet: run <code>loyalty-sim run</code> or <code>loyalty-sim all</code>.'}</p>
${contents ? `<nav class="contents">${contents}</nav>` : ''}
${scenarioSections.join('\n')}
${kindSections.join('\n')}
</main>
</body>
</html>
`;
}

/** Scenario directories holding an explorer page. */
const explorePages = (outRoot: string): Set<string> =>
  new Set(existsSync(outRoot) ? listDirs(outRoot).filter((d) => existsSync(join(outRoot, d, 'explore.html'))) : []);

export function writeOutputIndex(outRoot: string, sections: FrontPageSections): void {
  writeFileAtomic(join(outRoot, 'index.html'), outputIndexHtml(scanResults(outRoot, sections), sections, explorePages(outRoot)));
}
