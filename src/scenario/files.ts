/** Where scenario files are: a path, or the name of a shipped scenario in scenarios/. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, describeValue } from '../errors.js';

export const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The shipped scenarios folder (works from src/ under vitest and from dist/src/ when built). */
export function scenariosDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'scenarios');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return resolve('scenarios');
}

export const DEFAULT_SCENARIO = 'baseline';

/** A path, or the name of a shipped scenario. */
export function resolveScenarioPath(ref: string, relativeTo?: string): string {
  if (typeof ref !== 'string' || ref.trim() === '' || ref.includes('\0')) {
    throw new InputError({ source: 'scenario', path: '', message: `expected a .yaml/.yml/.json path or a shipped scenario name, got ${describeValue(ref)}` });
  }
  const looksLikePath = ref.includes('/') || ref.includes('\\') || EXTENSIONS.includes(extname(ref).toLowerCase());
  if (looksLikePath) {
    const p = isAbsolute(ref) ? ref : resolve(relativeTo ?? process.cwd(), ref);
    if (!existsSync(p)) throw new InputError({ source: ref, path: '', message: 'file not found (expected a .yaml, .yml or .json scenario file)' });
    return p;
  }
  if (relativeTo) {
    for (const ext of EXTENSIONS) {
      const sibling = join(relativeTo, ref + ext);
      if (existsSync(sibling)) return sibling;
    }
  }
  for (const ext of EXTENSIONS) {
    const shipped = join(scenariosDir(), ref + ext);
    if (existsSync(shipped)) return shipped;
  }
  const shipped = listShippedNames();
  throw new InputError({
    source: ref,
    path: '',
    message: `no such file or shipped scenario (expected a .yaml/.yml/.json path${shipped.length > 0 ? ` or one of: ${shipped.join(', ')}` : ''})`,
  });
}

export function listShippedNames(): string[] {
  const dir = scenariosDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.includes(extname(f)))
    .map((f) => basename(f, extname(f)))
    .sort();
}

