/** Running the built CLI (dist) from experiment tests, and comparing output trees. */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hashOutputs } from '../../src/io/run-output.js';
import { CLI, ROOT, cliEnv, tempDir as sharedTempDir } from '../helpers/cli.js';

export { CLI, ROOT };

/** The experiment layer's workers load dist: the e2e tests need `npm run build` first (npm test does it). */
export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'src', 'experiment', 'engine', 'worker.js'))) {
    throw new Error(`${CLI} not built: run npm run build (npm test builds first)`);
  }
}

const created: string[] = [];

/** A fresh temporary directory; removeTempDirs() (each test file's afterAll) removes it. */
export const tempDir = (tag: string): string => {
  const dir = sharedTempDir(`exp-${tag}`);
  created.push(dir);
  return dir;
};

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function cli(args: readonly string[], options: { cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: cliEnv() });
}

export function cliOk(args: readonly string[]): string {
  const r = cli(args);
  if (r.status !== 0) throw new Error(`loyalty-sim ${args.join(' ')} → exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

export function cliAsync(args: readonly string[]) {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv() });
}

/** path → sha256 of every file below dir except manifest files (as check-contract compares). */
export const treeHashes = (dir: string): Record<string, string> => hashOutputs(dir);

export const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
