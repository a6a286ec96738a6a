/**
 * <out>/index.html: the front page of every result under <out>. It opens with the answers:
 * each result that answers a question as data (a game's verdict, who gains and who loses
 * against restraint with intervals; a decision's best option) in a few lines. Then the
 * evidence scorecard's line when <out>/evidence/ holds one, then every scenario's run under
 * the question it belongs to (report/questions.ts): its question, the answer in one sentence
 * with what it compares, and a chart large enough to read; below, the experiments grouped by
 * kind.
 *
 * Runs (<scenario>/seed-N/) and experiments (<name>/<kind or variant>/, the kinds' folders
 * given by the caller) count when they hold a report. Everything shown is read from the
 * reports' text as data (report.json), so the index says exactly what the reports say.
 * Sorted, so the same tree gives the same bytes.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { checkOutputIndex } from '../io/ownership.js';
import { answerHtml, type ReportAnswer } from './answers.js';
import { htmlPage } from './html.js';
import { capitalise, escapeHtml } from './format.js';
import { TOPICS } from './questions.js';
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
  readonly finding: string;
  /** what the finding's figures compare */
  readonly basis: string;
  /** games: the verdict */
  readonly verdict?: string;
  /** the answer as data (games, decisions): the front page opens with these */
  readonly answer?: ReportAnswer;
  /** runs: the question their scenario belongs to */
  readonly topic?: string;
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

/** An answer as report.json holds it (a file from an older version may lack one, or hold another shape). */
const isAnswer = (a: unknown): a is ReportAnswer => {
  const x = a as ReportAnswer | undefined;
  return typeof x?.verdict === 'string' && typeof x.meaning === 'string' && typeof x.who === 'string' && typeof x.measure === 'string'
    && Array.isArray(x.figures) && x.figures.every((f) => typeof f?.name === 'string' && typeof f.value === 'string' && typeof f.outcome === 'string');
};

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
        finding: (report.findings[0] ?? '').trim(),
        basis: report.basis ? `${capitalise(report.basis)}.` : '',
        ...(report.verdict ? { verdict: report.verdict } : {}),
        ...(isAnswer(report.answer) ? { answer: report.answer } : {}),
        ...(typeof report.topic === 'string' ? { topic: report.topic } : {}),
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
${question ? `<p class="question">${escapeHtml(question)}</p>\n` : ''}${e.verdict ? `<p class="verdict">Verdict: <strong>${escapeHtml(e.verdict)}</strong></p>\n` : ''}${e.finding ? `<p class="answer">${escapeHtml(e.finding)}</p>\n` : ''}${e.basis ? `<p class="basis">${escapeHtml(e.basis)}</p>\n` : ''}${chart}
</article>`;
}

/** One answer: where it comes from, the market's question, the verdict, the figures with their intervals, who wins and who loses. */
function answerBlock(e: IndexEntry & { answer: ReportAnswer }, kindTitle: string): string {
  const link = href(e.scenario, e.result, 'report.html');
  return `<article class="market" id="${escapeHtml(`answer-${e.scenario}-${e.result}`)}">
<h3><a href="${link}">${escapeHtml(e.scenario)}</a> <span class="kind">${escapeHtml(kindTitle)}</span></h3>
<p class="question">${escapeHtml(e.description)}</p>
${answerHtml(e.answer)}
</article>`;
}

/** The evidence scorecard's line (<out>/evidence/report.json, when that result exists): its answer, else its first finding. */
export interface EvidenceLine {
  readonly text: string;
  readonly link: string;
}

export function evidenceLine(outRoot: string): EvidenceLine | null {
  const report = readReportSummary(join(outRoot, 'evidence'));
  if (!report) return null;
  const text = isAnswer(report.answer) ? `${report.answer.verdict}: ${report.answer.meaning}` : (report.findings[0] ?? report.title);
  return { text, link: 'evidence/report.html' };
}

const INDEX_STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 960px; margin: 0 auto; padding: 20px 28px 48px; background: white; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 32px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 4px; font-weight: 600; }
h3 a { color: #1f4e79; }
h3.scenario-name { font-size: 17px; margin-top: 22px; }
nav.contents { font-size: 13px; margin: 8px 0; }
.lede { margin: 0 0 4px; font-size: 14px; color: #444; }
.question { color: #444; margin: 4px 0 8px; font-size: 15px; }
.answer { font-size: 15px; line-height: 1.45; margin: 4px 0; }
.basis { color: #666; font-size: 13px; font-style: italic; margin: 2px 0 8px; }
.verdict { font-size: 15px; margin: 4px 0; }
.more { font-size: 13px; color: #555; }
.evidence { font-size: 15px; margin: 14px 0 0; padding: 6px 10px; background: #f3f6fa; border-left: 3px solid #1f4e79; }
section.answers h2 { margin-top: 14px; }
article.market { margin: 0 0 10px; }
article.market h3 { margin: 10px 0 0; font-size: 16px; }
article.market .kind { font-weight: normal; color: #777; font-size: 13px; }
article.market .question { font-size: 13px; margin: 1px 0 2px; }
article.market .verdict { font-size: 14px; margin: 2px 0; }
article.market .who { font-size: 14px; margin: 2px 0 0; }
table.figures { border-collapse: collapse; font-size: 13px; margin: 2px 0; }
article.market .measure { color: #666; font-style: italic; font-size: 12px; margin: 2px 0 0; }
table.figures td { padding: 1px 14px 1px 0; }
table.figures td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.figures tr.better td:last-child, table.figures tr.best td:last-child { color: #1a7f37; font-weight: 600; }
table.figures tr.worse td:last-child { color: #b42318; font-weight: 600; }
table.figures tr.unresolved td:last-child, table.figures tr.leads td:last-child { color: #8a6d00; }
img.chart { display: block; width: 100%; max-width: 820px; height: auto; border: 1px solid #eee; }
`;

/** `explorable`: scenarios with an explore.html (`loyalty-sim explore`), linked from their section. */
export function outputIndexHtml(entries: readonly IndexEntry[], sections: FrontPageSections, explorable: ReadonlySet<string> = new Set(), evidence: EvidenceLine | null = null): string {
  const titles = new Map(sections);
  const kindOrder = sections.map(([folder]) => folder);
  const runs = entries.filter((e) => /^seed-\d+$/.test(e.result));
  const experiments = entries.filter((e) => !/^seed-\d+$/.test(e.result));
  const answers = experiments
    .filter((e): e is IndexEntry & { answer: ReportAnswer } => e.answer !== undefined)
    .sort((a, b) => kindOrder.indexOf(a.kind ?? '') - kindOrder.indexOf(b.kind ?? '') || (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0));
  const answerSection = answers.length
    ? `<section class="answers" id="answers"><h2>The answers</h2>
${answers.map((e) => answerBlock(e, e.kind === 'game' ? 'the strategy game' : (titles.get(e.kind ?? '') ?? e.result).split(':')[0].toLowerCase())).join('\n')}
</section>`
    : '';
  const evidenceHtml = evidence ? `<p class="evidence"><a href="${evidence.link}">Evidence scorecard</a>: ${escapeHtml(evidence.text)}</p>` : '';
  const scenarios = [...new Set(runs.map((e) => e.scenario))];
  const scenarioSection = (scenario: string) => {
    const [first, ...more] = runs.filter((e) => e.scenario === scenario);
    const others = more.length ? `<p class="more">Other draws: ${more.map((e) => `<a href="${href(e.scenario, e.result, 'report.html')}">${escapeHtml(e.result)}</a>`).join(', ')}</p>` : '';
    const explore = explorable.has(scenario) ? `<p class="more"><a href="${href(scenario, 'explore.html')}">Explore this market live</a> (the model running in the page)</p>` : '';
    return `<section class="scenario" id="${escapeHtml(`scenario-${scenario}`)}"><h3 class="scenario-name">${escapeHtml(scenario)}</h3>
<p class="question">${escapeHtml(first.description)}</p>
${resultBlock(first, first.title || first.result)}
${others}${explore}</section>`;
  };
  // the scenarios under their questions, in the questions' order; a run without one (an older report) last
  const topicOf = (scenario: string) => runs.find((e) => e.scenario === scenario)?.topic ?? '';
  const topics = [...TOPICS, ...new Set(scenarios.map(topicOf).filter((t) => !TOPICS.includes(t)))].filter((t) => scenarios.some((s) => topicOf(s) === t));
  const topicSections = topics.map((topic, i) => `<section class="topic" id="topic-${i + 1}"><h2>${escapeHtml(topic || 'Other scenarios')}</h2>
${scenarios.filter((s) => topicOf(s) === topic).map(scenarioSection).join('\n')}
</section>`);
  const kinds = kindOrder.filter((k) => experiments.some((e) => e.kind === k));
  const kindSections = kinds.map((kind) => {
    const blocks = experiments
      .filter((e) => e.kind === kind)
      .map((e) => resultBlock(e, e.title || e.scenario, e.description));
    return `<section class="kind" id="kind-${kind}"><h2>${escapeHtml(titles.get(kind) ?? kind)}</h2>\n${blocks.join('\n')}\n</section>`;
  });
  const contents = [
    ...(answers.length ? ['<a href="#answers">the answers</a>'] : []),
    ...topics.map((t, i) => `<a href="#topic-${i + 1}">${escapeHtml(t || 'Other scenarios')}</a>`),
    ...kinds.map((k) => `<a href="#kind-${k}">${escapeHtml(k)}</a>`),
  ].join(' · ');
  const count = entries.length;
  return htmlPage({
    title: 'loyalty-sim results',
    style: INDEX_STYLE,
    body: `<main>
<h1>loyalty-sim results</h1>
<p class="lede">${count ? `${count} result${count === 1 ? '' : 's'}: ${plural(scenarios.length, 'scenario')} run${experiments.length ? `, ${plural(experiments.length, 'experiment')}` : ''}. The answers first; then each scenario under the question it asks, with the answer in one sentence and what its figures compare; each report opens offline.` : 'No results with a report yet: run <code>loyalty-sim run</code> or <code>loyalty-sim all</code>.'}</p>
${answerSection}
${evidenceHtml}
${contents ? `<nav class="contents">${contents}</nav>` : ''}
${topicSections.join('\n')}
${kindSections.join('\n')}
</main>
`,
  });
}

/** Scenario directories holding an explorer page. */
const explorePages = (outRoot: string): Set<string> =>
  new Set(existsSync(outRoot) ? listDirs(outRoot).filter((d) => existsSync(join(outRoot, d, 'explore.html'))) : []);

export function writeOutputIndex(outRoot: string, sections: FrontPageSections): void {
  checkOutputIndex(outRoot); // commands check before any work; a page that appeared since is still never replaced
  writeFileAtomic(join(outRoot, 'index.html'), outputIndexHtml(scanResults(outRoot, sections), sections, explorePages(outRoot), evidenceLine(outRoot)));
}
