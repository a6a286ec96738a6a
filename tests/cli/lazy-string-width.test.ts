/**
 * The build's lazy string-width (scripts/lazy-string-width.mjs): bundled with the plugin,
 * every ES-module string-width in node_modules measures exactly as the package itself
 * does, on plain help text, the symbols our help uses, and the strings its fast path must
 * leave to the package (emoji, wide, combining, invisible, coloured).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
// @ts-expect-error a build script, plain JavaScript
import { lazyStringWidth } from '../../scripts/lazy-string-width.mjs';

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean }) => number;

/** Every ES-module string-width in node_modules: the top-level one and each package's own (yargs's, cliui's, …). */
function esmStringWidths(): string[] {
  const top = join(ROOT, 'node_modules');
  const packages = readdirSync(top).flatMap((name) => (name.startsWith('@') ? readdirSync(join(top, name)).map((inner) => join(top, name, inner)) : [join(top, name)]));
  return [join(top, 'string-width'), ...packages.map((dir) => join(dir, 'node_modules', 'string-width'))]
    .filter((dir) => existsSync(join(dir, 'package.json')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module')
    .map((dir) => join(dir, 'index.js'));
}

const work = mkdtempSync(join(tmpdir(), 'loyalty-sim-string-width-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function bundled(index: string, k: number): Promise<StringWidth> {
  const out = await build({
    stdin: { contents: `export { default } from ${JSON.stringify(index)};`, resolveDir: dirname(index), loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    plugins: [lazyStringWidth],
    logLevel: 'silent',
  });
  const file = join(work, `string-width-${k}.mjs`);
  writeFileSync(file, out.outputFiles[0].text);
  return (await import(pathToFileURL(file).href)).default as StringWidth;
}

const SAMPLES = [
  '',
  '--customers',
  'number of customers (default: the scenario\'s)',
  '12 × 4 seeds, 0 ≤ κ ≤ 1, −0.3 → +0.2',
  'café naïve Ελλάδα ±5 % … “quoted” — dash',
  'e\u0301', // e and a combining accent: one column
  'soft\u00adhyphen', // invisible
  '漢字 and ｶﾅ', // wide and half-width
  '👍 ✔️ ™ ™️ ↔ ↔️ ©', // emoji and their text forms
  '\u001b[31mred\u001b[39m', // coloured
  'tab\there',
  'zero\u200bwidth',
];

describe('the lazily loaded string-width', () => {
  const modules = esmStringWidths();

  it('finds the string-width versions the CLI bundles', () => {
    expect(modules.length).toBeGreaterThanOrEqual(1);
  });

  it('measures as the package does, with and without ambiguous characters counted wide', async () => {
    for (const [k, index] of modules.entries()) {
      const real = (await import(pathToFileURL(index).href)).default as StringWidth;
      const lazy = await bundled(index, k);
      for (const text of SAMPLES) {
        expect(lazy(text), `${index}: ${JSON.stringify(text)}`).toBe(real(text));
        expect(lazy(text, { ambiguousIsNarrow: false }), `${index} (ambiguous wide): ${JSON.stringify(text)}`).toBe(real(text, { ambiguousIsNarrow: false }));
      }
    }
  });
});
