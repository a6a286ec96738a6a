/**
 * explore.html: one self-contained page. It inlines vega and vega-embed (as the report
 * does), the compiled chart specs, the presets (the shipped scenarios, resolved), the
 * simulation worker's script (started from a Blob URL) and the page script. Nothing is
 * fetched: it opens from disk with no server and no network.
 */
import type { Scenario } from '../model/schema.js';
import { escapeHtml } from '../report/format.js';
import { htmlPage, inlineBundles, scriptJson, scriptText } from '../report/html.js';
import { TOOL_VERSION } from '../version.js';
import type { Levers } from './levers.js';
import type { ExploreBundles } from './bundle.js';

export interface Preset {
  readonly name: string;
  readonly scenario: Scenario;
  /** the levers as the scenario sets them (leversOf) */
  readonly levers: Levers;
}

/** What the page script reads from the page (element #explore-data). */
export interface ExploreData {
  /** the preset the page starts on */
  readonly start: string;
  readonly presets: readonly Preset[];
  /** chart name → compiled Vega spec */
  readonly specs: Record<string, unknown>;
}

const STYLE = `
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; font-size: 13px; }
header { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; padding: 10px 18px; background: white; border-bottom: 1px solid #ddd; position: sticky; top: 0; z-index: 2; }
header h1 { font-size: 18px; margin: 0; }
#status { color: #555; min-width: 16em; }
#status.problems, #problems { color: #b00020; }
.layout { display: grid; grid-template-columns: minmax(300px, 380px) 1fr; gap: 14px; padding: 14px 18px; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
#levers fieldset { border: 1px solid #ddd; border-radius: 4px; margin: 0 0 10px; padding: 6px 10px 8px; background: white; }
#levers legend { font-weight: 600; padding: 0 4px; }
.lever { display: grid; grid-template-columns: 9.5em 1fr 5.5em; gap: 6px; align-items: center; margin: 3px 0; }
.lever input[type=number] { width: 100%; }
.lever.toggle { grid-template-columns: 9.5em 1fr; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 10px; align-content: start; }
.panel { background: white; border: 1px solid #ddd; border-radius: 4px; padding: 6px; min-height: 120px; overflow-x: auto; }
.panel h2 { font-size: 14px; margin: 2px 4px 6px; }
.panel .note { color: #666; margin: 2px 4px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
button { font: inherit; }
footer { color: #888; font-size: 12px; padding: 0 18px 18px; }
`;

/** The page. Deterministic: the same data and bundles give the same bytes. */
export function exploreHtml(data: ExploreData, bundles: ExploreBundles): string {
  const start = data.presets.find((p) => p.name === data.start);
  const title = `loyalty-sim explorer: ${start?.name ?? data.start}`;
  return htmlPage({
    title,
    style: STYLE,
    bodyAttributes: 'data-status="loading" data-runs="0"',
    body: `<header>
<h1>loyalty-sim explorer</h1>
<label>Preset <select id="preset" aria-label="preset scenario"></select></label>
<label><input type="checkbox" id="compare"> compare with the previous settings</label>
<button type="button" id="save">Save as scenario</button>
<span id="status" role="status" aria-live="polite">starting…</span>
</header>
<div class="layout">
<form id="levers" autocomplete="off" onsubmit="return false"></form>
<main class="charts">
<section class="panel"><div id="chart-shares"></div></section>
<section class="panel"><div id="chart-profit"></div></section>
<section class="panel"><div id="chart-salience"></div></section>
<section class="panel"><h2>Summary (last quarter of the horizon, as summary.json)</h2><div id="summary"></div></section>
<section class="panel"><div id="chart-theatre"></div><p class="note" id="theatre-status"></p><p class="note">Computed in the background after each run, for the current settings and seed: the first n firms run programs (launch timing as in the scenario), the others none.</p></section>
</main>
</div>
<footer>loyalty-sim ${escapeHtml(TOOL_VERSION)}. The model runs in this page (a Web Worker); nothing is sent anywhere. "Save as scenario" writes a YAML file that <code>loyalty-sim run</code> accepts.</footer>
${inlineBundles()}
<script type="application/json" id="explore-data">${scriptJson(data)}</script>
<script type="text/plain" id="explore-worker">${scriptText(bundles.worker)}</script>
<script>
${scriptText(bundles.page)}
</script>
`,
  });
}
