/**
 * Rendering without a browser: Vega-Lite spec → Vega spec → SVG (vega, headless) → PNG
 * (resvg). Vega renders asynchronously but the callers (the run-output writer) are
 * synchronous, so vega runs in one worker thread and the caller blocks on Atomics.wait
 * until the answer is posted. The worker also keeps vega and vega-lite out of the CLI's
 * start-up: they load on the first chart, once per process.
 */
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { NamedSpec, VlSpec } from './theme.js';
import { DEJAVU_WIDTHS } from './text-width.js';
import { writeFileAtomic } from '../io/atomic.js';
import { whileBlocked } from '../io/interrupt.js';
import { browserBundle } from './bundles.js';
import { stableJson } from '../io/json.js';

const require = createRequire(import.meta.url);

export interface RenderedChart {
  readonly name: string;
  readonly vegaLite: VlSpec;
  /** the compiled Vega spec: what the HTML report embeds */
  readonly vega: object;
  readonly svg: string;
}

/** The worker, as CommonJS source so that it runs the same from dist/ and under vitest. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
// The browser builds (bundles.ts), evaluated as CommonJS (their packages say "type":
// "module", so require() would read them as ES modules); vega-lite's build asks for
// require('vega'), which must be that same vega.
const umd = (file, requireDependency) => {
  const module = { exports: {} };
  new Function('exports', 'module', 'require', readFileSync(file, 'utf8'))(module.exports, module, requireDependency);
  return module.exports;
};
const loadLibraries = () => {
  const vega = umd(workerData.vegaFile, require);
  return [vega, umd(workerData.vegaLiteFile, (id) => (id === 'vega' ? vega : require(id)))];
};
const libraries = Promise.resolve().then(loadLibraries).then(([vega, vegaLite]) => {
  // measure text as DejaVu Sans draws it (text-width.ts); a custom width is vega's documented hook
  const { chars, regular, bold, fallback } = workerData.widths;
  const column = new Map([...chars].map((c, i) => [c, i]));
  vega.textMetrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const heavy = item.fontWeight === 'bold' || +item.fontWeight >= 600;
    let units = 0;
    for (const c of text == null ? '' : String(text).trim()) {
      const i = column.get(c);
      units += i === undefined ? fallback : (heavy ? bold : regular)[i];
    }
    const width = (units * size) / 1000;
    return item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  return [vega, vegaLite];
});
// A library that fails to load is reported to each caller below; it must not end the thread
// as an unhandled rejection first (the caller would wait for an answer until its time-out).
libraries.catch(() => {});
parentPort.on('message', async ({ specs, port, done }) => {
  let reply;
  let index = -1;
  try {
    const [vega, vegaLite] = await libraries;
    const charts = [];
    for (index = 0; index < specs.length; index++) {
      // collect what vega-lite and vega would print: the caller treats it as a bug
      const warnings = [];
      const note = (...m) => { warnings.push(m.map(String).join(' ')); return logger; };
      const logger = { level() { return logger; }, warn: note, error: note, info() { return logger; }, debug() { return logger; } };
      const compiled = vegaLite.compile(specs[index], { logger }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
      const svg = await view.toSVG();
      view.finalize();
      charts.push({ vega: compiled, svg, warnings });
    }
    reply = { charts };
  } catch (e) {
    reply = { error: String((e && e.stack) || e), index };
  }
  port.postMessage(reply);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

let worker: Worker | undefined;

function renderWorker(): Worker {
  if (!worker) {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        vegaFile: browserBundle('vega'),
        vegaLiteFile: browserBundle('vega-lite'),
        widths: DEJAVU_WIDTHS,
      },
    });
    worker.unref(); // never keep the process alive for it
  }
  return worker;
}

const RENDER_TIMEOUT_MS = 120_000;

/** Compile and render specs to SVG, synchronously. Vega-Lite warnings are errors: a chart that warns is a bug. */
export function renderSvgs(specs: readonly NamedSpec[]): RenderedChart[] {
  if (specs.length === 0) return [];
  const { port1, port2 } = new MessageChannel();
  const done = new Int32Array(new SharedArrayBuffer(4));
  renderWorker().postMessage({ specs: specs.map((s) => s.spec), port: port2, done }, [port2]);
  const waited = whileBlocked(() => Atomics.wait(done, 0, 0, RENDER_TIMEOUT_MS));
  const answer = receiveMessageOnPort(port1)?.message as
    | { charts: { vega: object; svg: string; warnings: string[] }[]; error?: undefined }
    | { error: string; index: number }
    | undefined;
  port1.close();
  if (!answer) throw new Error(`chart rendering: no answer from the render worker (${waited})`);
  if (answer.error !== undefined) throw new Error(`chart ${specs[answer.index]?.name ?? '(loading vega)'}: rendering failed: ${answer.error}`);
  return answer.charts.map((c, i) => {
    if (c.warnings.length) throw new Error(`chart ${specs[i].name}: vega-lite warns: ${c.warnings.join('; ')}`);
    return { name: specs[i].name, vegaLite: specs[i].spec, vega: c.vega, svg: c.svg };
  });
}

/** Stop the render worker (tests; the CLI just exits, the worker is unref'd). */
export async function stopRenderWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

/** DejaVu when present, so that every machine with it draws identical PNGs. */
const DEJAVU_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];
const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

function fontOptions() {
  for (const dir of DEJAVU_DIRS) {
    const files = DEJAVU_FILES.map((f) => join(dir, f));
    if (files.every((f) => existsSync(f))) return { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'DejaVu Sans' };
  }
  return { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };
}

/** PNG of an SVG at twice its size (sharp in the README and on high-density screens). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: fontOptions() }).render().asPng();
}

/** charts/<name>.vl.json, .svg and .png for each chart; charts/ holds exactly these afterwards. */
export function writeCharts(dir: string, charts: readonly RenderedChart[]): void {
  rmSync(join(dir, 'charts'), { recursive: true, force: true });
  whileBlocked(() => {
    for (const c of charts) {
      const base = join(dir, 'charts', c.name);
      writeFileAtomic(`${base}.vl.json`, stableJson(c.vegaLite));
      writeFileAtomic(`${base}.svg`, c.svg);
      writeFileAtomic(`${base}.png`, svgToPng(c.svg));
    }
  });
}
