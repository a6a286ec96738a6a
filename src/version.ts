import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package version, read from package.json beside src/ or dist/src/. */
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
    } catch {
      dir = dirname(dir);
    }
  }
  return '0.0.0';
}
export const TOOL_VERSION = readVersion();
