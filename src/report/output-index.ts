/**
 * <out>/index.html: every result under <out> with a thumbnail, grouped by scenario.
 * Runs (<scenario>/seed-N/) and experiments (<scenario>/{replicate,compare,grid,game}/)
 * count when they hold a report.html. Sorted, so the same tree gives the same bytes.
 */
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import { escapeHtml } from './format.js';

const EXPERIMENT_KINDS = ['replicate', 'compare', 'grid', 'game'];
/** The chart that best says what a result is about, when it has one. */
const THUMBNAIL_PREFERENCE = ['share.png', 'payoffs.png', 'differences-share.png', 'mean-share.png'];

export interface IndexEntry {
  readonly scenario: string;
  /** directory name under the scenario: seed-N or an experiment kind */
  readonly result: string;
  readonly title: string;
  readonly description: string;
  readonly thumbnail?: string;
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

/** seed-2 before seed-10; experiments after runs, in the contract's order. */
function resultOrder(name: string): [number, number] {
  const seed = /^seed-(\d+)$/.exec(name);
  return seed ? [0, Number(seed[1])] : [1, EXPERIMENT_KINDS.indexOf(name)];
}

function pageText(html: string, pattern: RegExp): string {
  const raw = pattern.exec(html)?.[1] ?? '';
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export function scanResults(outRoot: string): IndexEntry[] {
  if (!existsSync(outRoot)) return [];
  const entries: IndexEntry[] = [];
  for (const scenario of listDirs(outRoot)) {
    const results = listDirs(join(outRoot, scenario))
      .filter((name) => /^seed-\d+$/.test(name) || EXPERIMENT_KINDS.includes(name))
      .sort((a, b) => {
        const [x, y] = [resultOrder(a), resultOrder(b)];
        return x[0] - y[0] || x[1] - y[1];
      });
    for (const result of results) {
      const dir = join(outRoot, scenario, result);
      const report = join(dir, 'report.html');
      if (!existsSync(report)) continue;
      let head: string;
      let charts: string[];
      try {
        // the head is enough for title and description; the page itself can be a megabyte
        head = readFileSync(report, 'utf8').slice(0, 4096);
        charts = existsSync(join(dir, 'charts')) ? readdirSync(join(dir, 'charts')).filter((f) => f.endsWith('.png')).sort() : [];
      } catch {
        continue; // not a result the tool can read (a link to a folder, no permission): left out
      }
      const thumbnail = THUMBNAIL_PREFERENCE.find((f) => charts.includes(f)) ?? charts[0];
      entries.push({
        scenario,
        result,
        title: pageText(head, /<title>([^<]*)<\/title>/),
        description: pageText(head, /<meta name="description" content="([^"]*)">/),
        ...(thumbnail ? { thumbnail: `charts/${thumbnail}` } : {}),
      });
    }
  }
  return entries;
}

const href = (...parts: string[]): string => parts.map(encodeURIComponent).join('/');

export function outputIndexHtml(entries: readonly IndexEntry[]): string {
  const scenarios = [...new Set(entries.map((e) => e.scenario))];
  const groups = scenarios.map((scenario) => {
    const cards = entries
      .filter((e) => e.scenario === scenario)
      .map((e) => {
        const link = href(e.scenario, e.result, 'report.html');
        const image = e.thumbnail ? `<img src="${href(e.scenario, e.result, ...e.thumbnail.split('/'))}" alt="${escapeHtml(e.title)}" width="320" loading="lazy">` : '';
        return `<a class="card" href="${link}">${image}<span class="name">${escapeHtml(e.result)}</span><span class="title">${escapeHtml(e.title)}</span></a>`;
      })
      .join('\n');
    const description = entries.find((e) => e.scenario === scenario)?.description ?? '';
    return `<section><h2>${escapeHtml(scenario)}</h2><p>${escapeHtml(description)}</p>\n<div class="cards">\n${cards}\n</div></section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>loyalty-sim results</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 28px 0 4px; }
section > p { color: #555; margin: 0 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 14px; }
.card { display: flex; flex-direction: column; width: 320px; text-decoration: none; color: #222; border: 1px solid #e3e3e3; border-radius: 4px; padding: 8px; background: white; }
.card:hover { border-color: #4c78a8; }
.card img { width: 320px; height: auto; }
.name { font-weight: 600; margin-top: 6px; }
.title { color: #666; font-size: 13px; }
</style>
</head>
<body>
<main>
<h1>loyalty-sim results</h1>
<p>${entries.length ? `${entries.length} result${entries.length === 1 ? '' : 's'} in ${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}. Each report opens offline.` : 'No results with a report yet: run <code>loyalty-sim run</code> or <code>loyalty-sim all</code>.'}</p>
${groups.join('\n')}
</main>
</body>
</html>
`;
}

export function writeOutputIndex(outRoot: string): void {
  writeFileAtomic(join(outRoot, 'index.html'), outputIndexHtml(scanResults(outRoot)));
}
