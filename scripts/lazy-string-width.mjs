/**
 * An esbuild plugin for the CLI bundle. yargs lays out a command's help text each time the
 * command runs (to cache it) and measures every word with string-width, whose module
 * builds an Intl.Segmenter and Unicode-property regular expressions (one matches every
 * emoji sequence) when it loads: some 30 ms of every start-up, for text that is ASCII
 * but for a few symbols (×, ≤, −, →).
 *
 * The plugin defers that set-up to the first string that needs it, and measures without it
 * strings made only of characters that this very string-width, asked at build time, counts
 * as one column each (printable ASCII, Latin-1, Greek, punctuation, arrows, mathematical
 * operators, …; the blocks below hold no combining, joining or invisible characters, so
 * such a string's width is its length). A string-width whose module no longer has the
 * shape this expects fails the build rather than going slow or measuring wrong.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Unicode blocks of characters drawn one column wide, apart from the few the check drops. */
const CANDIDATE_BLOCKS = [
  [0x20, 0x7e], // printable ASCII
  [0xa0, 0xff], // Latin-1 supplement (the soft hyphen, which is invisible, measures 0 and drops out)
  [0x370, 0x3ff], // Greek
  [0x2010, 0x2027], // dashes, quotes, bullets, ellipsis
  [0x2030, 0x205e], // per mille, primes, …
  [0x20a0, 0x20c0], // currency symbols
  [0x2100, 0x218f], // letter-like symbols, number forms
  [0x2190, 0x21ff], // arrows
  [0x2200, 0x22ff], // mathematical operators
];

const escapeCodePoint = (c) => `\\u{${c.toString(16)}}`;

/** A regular-expression character class of the code points `stringWidth` measures as 1. */
function oneColumnClass(stringWidth) {
  const ranges = [];
  for (const [from, to] of CANDIDATE_BLOCKS) {
    for (let c = from; c <= to; c++) {
      if (stringWidth(String.fromCodePoint(c)) !== 1) continue;
      const last = ranges.at(-1);
      if (last && last[1] === c - 1) last[1] = c;
      else ranges.push([c, c]);
    }
  }
  return `[${ranges.map(([a, b]) => (a === b ? escapeCodePoint(a) : `${escapeCodePoint(a)}-${escapeCodePoint(b)}`)).join('')}]`;
}

export const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/](.*[\\/])?string-width[\\/]index\.js$/ }, async ({ path }) => {
      const source = readFileSync(path, 'utf8');
      // the CommonJS versions (cli-progress's) build nothing when they load
      if (/\bmodule\.exports\b/.test(source)) return undefined;
      const imports = source.match(/^(?:\s*import [^;]+;)+/)?.[0] ?? '';
      const body = source.slice(imports.length);
      const exported = 'export default function stringWidth(';
      if (body.split(exported).length !== 2 || /\bexport\b/.test(body.replace(exported, ''))) {
        throw new Error(`${path}: not the string-width this build knows how to load lazily`);
      }
      const simple = oneColumnClass((await import(pathToFileURL(path).href)).default);
      const contents = `${imports}
let measure;
function load() {
${body.replace(exported, 'function stringWidth(')}
return stringWidth;
}
const ONE_COLUMN_EACH = /^${simple}*$/u;
export default function lazyStringWidth(text, options) {
  // ambiguous-width characters (×, →) count two columns only when asked for
  if (typeof text === 'string' && options?.ambiguousIsNarrow !== false && ONE_COLUMN_EACH.test(text)) return text.length;
  return (measure ??= load())(text, options);
}
`;
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};
