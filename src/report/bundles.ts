/**
 * The browser builds of vega, vega-lite and vega-embed: one minified file each, with their
 * dependencies inside. report.html inlines them, and the headless renderer loads the same
 * files, so a chart is drawn by the same code on disk and in the browser (and one file
 * loads faster than the hundreds of modules of the ES builds).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const FILES = {
  vega: 'build/vega.min.js',
  'vega-lite': 'build/vega-lite.min.js',
  'vega-embed': 'build/vega-embed.min.js',
} as const;

/** The path of a package's browser build. */
export function browserBundle(name: keyof typeof FILES): string {
  return join(packageDir(name), FILES[name]);
}

/** A package's directory from its main file (these packages do not export ./package.json). */
function packageDir(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!isPackageDir(dir, name)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the directory of package ${name}`);
    dir = up;
  }
  return dir;
}

function isPackageDir(dir: string, name: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name;
  } catch {
    return false;
  }
}
