/**
 * The layers hold (docs/architecture.md, "Layers"): a folder of src/ imports values only
 * from folders below it, never from its own layer's neighbours or from above, so there is
 * no cycle between folders. Type-only imports are free: a type says what data looks like,
 * not who runs whom.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', '..', 'src');

/** Top to bottom; a folder (or a file at src/'s top) may import values from lower layers only. */
const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['explore'],
  ['experiment'],
  ['report'],
  ['scenario'],
  ['model'],
  ['io', 'stats'],
  ['errors', 'version'],
];

const layerOf = (unit: string): number => {
  const i = LAYERS.findIndex((layer) => layer.includes(unit));
  if (i < 0) throw new Error(`src/${unit} is in no layer: add it to LAYERS and to docs/architecture.md`);
  return i;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder (or top-level file, without .ts) of src/ a path belongs to. */
const unitOf = (file: string): string => relative(SRC, file).split('/')[0].replace(/\.ts$/, '');

interface ValueImport {
  readonly from: string;
  readonly to: string;
}

/**
 * Relative value imports of a module's text: static imports and re-exports (unless
 * `import type`, or every named binding is `type X`) and dynamic import(). Side-effect
 * imports count as values.
 */
function valueImports(text: string): string[] {
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+([^;'"]*?)\s+from\s+['"](\.[^'"]+)['"]/g;
  for (const m of text.matchAll(statement)) {
    const clause = m[2].trim();
    if (clause.startsWith('type ') || clause.startsWith('type{')) continue;
    const named = /^\{([\s\S]*)\}$/.exec(clause);
    if (named && named[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    found.push(m[3]);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g)) found.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** Every module's value imports within src/, as absolute paths. */
function moduleGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = valueImports(readFileSync(file, 'utf8')).map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts'))).filter((t) => t.startsWith(SRC));
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of a graph (its strongly connected components of more than one module, Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return found;
}

function folderImports(): ValueImport[] {
  const edges: ValueImport[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      if (!target.startsWith(SRC)) continue;
      const from = unitOf(file);
      const to = unitOf(target);
      if (from !== to) edges.push({ from: `${from} (${relative(SRC, file)})`, to: `${to} (${relative(SRC, target)})` });
    }
  }
  return edges;
}

describe('layers', () => {
  it('no folder imports a value from its own layer or above', () => {
    const upward = folderImports().filter((e) => layerOf(e.to.split(' ')[0]) <= layerOf(e.from.split(' ')[0]));
    expect(upward.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('no module imports a value from a module that imports it back, however indirectly', () => {
    expect(cycles(moduleGraph())).toEqual([]);
  });

  it('every folder of src/ has its layer', () => {
    for (const name of readdirSync(SRC)) expect(() => layerOf(name.replace(/\.ts$/, '')), name).not.toThrow();
  });

  it('experiment/ keeps its top level small: the engine, the kinds and the shared shapes', () => {
    const top = readdirSync(join(SRC, 'experiment')).filter((n) => statSync(join(SRC, 'experiment', n)).isFile());
    expect(top.length).toBeLessThanOrEqual(12);
  });

  it('reads the import forms the project uses', () => {
    const text = [
      "import { a, type B } from './a.js';",
      "import { x } from 'node:path';",
      "import type { C } from './c.js';",
      "import { type D, type E } from './d.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "import './side.js';",
      'const m = await import(\'./lazy.js\');',
      "import {\n  h,\n  type I,\n} from './h.js';",
    ].join('\n');
    expect(valueImports(text).sort()).toEqual(['./a.js', './f.js', './h.js', './lazy.js', './side.js']);
  });
});
