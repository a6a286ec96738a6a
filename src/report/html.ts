/**
 * report.html: one self-contained page. The charts are the compiled Vega specs (data
 * inline), drawn by the vega and vega-embed browser bundles inlined from node_modules:
 * no network, no CDN, and the page draws exactly what the SVGs show.
 */
import { readFileSync } from 'node:fs';
import { browserBundle } from './bundles.js';
import { capitalise, escapeHtml } from './format.js';
import type { RenderedChart } from './render.js';
import { TOOL_VERSION } from '../version.js';

/** The browser bundles, in load order: vega-embed expects the global `vega`. */
const BUNDLES = ['vega', 'vega-embed'] as const;

/** Script text safe inside a <script> element: "</script" inside it would end the tag early. */
export const scriptText = (code: string): string => code.replace(/<\/(script)/gi, '<\\/$1');

let bundleCache: string | undefined;
/** The inlined vega and vega-embed scripts. */
export function inlineBundles(): string {
  bundleCache ??= BUNDLES.map((pkg) => {
    const code = scriptText(readFileSync(browserBundle(pkg), 'utf8'));
    return `<script>/* ${pkg} */\n${code}\n</script>`;
  }).join('\n');
  return bundleCache;
}

/** JSON inside a <script> element: "<" escaped so no data can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export interface ReportSection {
  readonly title: string;
  /** trusted HTML built by this module's callers (tables, lists); text is escaped there */
  readonly html: string;
}

export interface ReportPage {
  readonly title: string;
  /** the question the result answers */
  readonly question: string;
  /** one line of settings: seed, size, horizon */
  readonly meta: string;
  readonly findings: readonly string[];
  /** what the findings' figures compare ("one draw, seed 7", "paired over 8 seeds vs baseline") */
  readonly basis?: string;
  readonly charts: readonly RenderedChart[];
  readonly sections: readonly ReportSection[];
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; background: white; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.question { font-size: 16px; color: #333; margin: 4px 0 8px; white-space: pre-line; }
.meta { color: #666; font-size: 13px; }
.findings li { margin: 6px 0; line-height: 1.45; }
.basis { color: #555; font-size: 14px; font-style: italic; margin: 0 0 6px; }
figure { margin: 18px 0 26px; }
.chart { min-height: 120px; }
nav a { margin-right: 12px; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e5e5; text-align: right; vertical-align: top; }
th:first-child, td:first-child, th.text, td.text { text-align: left; }
h3 { font-size: 15px; margin: 18px 0 4px; }
thead th { border-bottom: 2px solid #bbb; font-weight: 600; }
details pre { font-size: 12px; background: #f5f5f5; padding: 10px; overflow: auto; max-height: 420px; }
footer { color: #888; font-size: 12px; margin-top: 40px; }
`;


/**
 * A whole page: its head (the title, the description a list of pages shows, the style) and
 * its body, as every page the tool writes has them (reports, the front page, the explorer).
 */
export function htmlPage(o: { title: string; description?: string; style: string; body: string; bodyAttributes?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.description !== undefined ? `<meta name="description" content="${escapeHtml(o.description)}">\n` : ''}<title>${escapeHtml(o.title)}</title>
<style>${o.style}</style>
</head>
<body${o.bodyAttributes ? ` ${o.bodyAttributes}` : ''}>
${o.body}</body>
</html>
`;
}

/** The page. Deterministic: the same page object gives the same bytes. */
export function reportHtml(page: ReportPage): string {
  const specs = Object.fromEntries(page.charts.map((c) => [c.name, c.vega]));
  const figures = page.charts
    .map((c) => `<figure id="figure-${escapeHtml(c.name)}"><div class="chart" id="chart-${escapeHtml(c.name)}"></div></figure>`)
    .join('\n');
  const nav = [['findings', 'Findings'], ['charts', 'Charts'], ...page.sections.map((s, i) => [`section-${i}`, s.title])]
    .map(([id, label]) => `<a href="#${id}">${escapeHtml(label)}</a>`)
    .join('');
  const sections = page.sections.map((s, i) => `<section id="section-${i}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return htmlPage({
    title: page.title,
    description: page.question.split('\n')[0],
    style: STYLE,
    body: `<main>
<header>
<h1>${escapeHtml(page.title)}</h1>
<p class="question">${escapeHtml(page.question)}</p>
<p class="meta">${escapeHtml(page.meta)}</p>
<nav>${nav}</nav>
</header>
<section id="findings" class="findings"><h2>Findings</h2>
${page.basis ? `<p class="basis">${escapeHtml(capitalise(page.basis))}.</p>\n` : ''}<ul>
${page.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('\n')}
</ul>
</section>
<section id="charts"><h2>Charts</h2>
<p class="meta">Hover for values; click a firm in a legend to bring it forward (shift-click for several, click empty space to reset).</p>
${figures}
</section>
${sections}
<footer>loyalty-sim ${escapeHtml(TOOL_VERSION)}. Data beside this page: CSV and JSON files; charts/ holds each chart as Vega-Lite spec, SVG and PNG.</footer>
</main>
${inlineBundles()}
<script type="application/json" id="chart-specs">${scriptJson(specs)}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  Object.keys(specs).forEach(function (name) {
    vegaEmbed('#chart-' + name, specs[name], { renderer: 'svg', mode: 'vega', actions: { export: true, source: false, compiled: false, editor: false } })
      .catch(function (error) { console.error('chart ' + name + ': ' + error); });
  });
})();
</script>
`,
  });
}

/** A table: header row and body rows of cells (already formatted text); first column left-aligned. */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], textColumns: readonly number[] = [0]): string {
  const cell = (tag: string, text: string, i: number) => `<${tag}${textColumns.includes(i) && i > 0 ? ' class="text"' : ''}>${escapeHtml(text)}</${tag}>`;
  return `<table>
<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>
<tbody>
${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n')}
</tbody>
</table>`;
}
