/**
 * Running the built CLI (dist/cli/loyalty-sim.js, what package.json's bin names) in end-to-end
 * tests, and reading what it left behind. `cli()` runs the executable; `cliInProcess()`
 * (./in-process.ts) runs the same main() inside the test process, with the same arguments and
 * the same result.
 *
 * `npm test` builds before running vitest; when a test file is run on its own
 * (`npx vitest run tests/cli`), ensureBuilt() rebuilds if any source is newer than the
 * build. A lock directory keeps concurrent test files from building at the same time.
 */
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOutputs } from '../../src/io/manifest.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI; LOYALTY_SIM_CLI points the end-to-end tests at another build. */
export const CLI = process.env.LOYALTY_SIM_CLI ?? join(ROOT, 'dist/cli/loyalty-sim.js');
export const FIXTURES_BAD = join(ROOT, 'tests', 'fixtures', 'bad');
/** A line of a Node stack trace (what the contract check greps for). */
export const STACK_LINE = /^\s+at .*(\.ts|\.js|node:)/m;
/** What every test's CLI process runs with: no debug stacks, no colour. */
export const cliEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, LOYALTY_SIM_DEBUG: '', NO_COLOR: '1', FORCE_COLOR: '0', ...extra });

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stale = () => !existsSync(CLI) || newestMtime(join(ROOT, 'src'), '.ts') > newestMtime(join(ROOT, 'dist/src'), '.js');

/** Build dist/ when it is missing or older than src/ (one builder at a time). */
export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const lock = join(tmpdir(), `loyalty-sim-test-build-${Buffer.from(ROOT).toString('hex').slice(-16)}.lock`);
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than 3 minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
      if (!stale()) return;
    }
  }
  try {
    if (stale()) buildAtomically();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Compile into a staging directory, then swap it for dist/ in two renames. A test that is
 * loading dist/ at that moment (a worker pool starting: piscina require()s the worker's
 * ES modules) must never see half-written files: a module graph that fails to link under
 * require() is then import()ed again by piscina, and Node stops with an internal assertion
 * ("module imported again after being required") instead of the real error.
 */
function buildAtomically(): void {
  const dist = join(ROOT, 'dist');
  const staging = join(ROOT, `.dist-build-${process.pid}`);
  const old = join(ROOT, `.dist-old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outDir', staging], { cwd: ROOT, stdio: 'pipe' });
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(staging, dist);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

export interface CliResult {
  readonly code: number | null;
  /** the signal that ended the process (always null in process) */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** working directory (default: the project root; tests write only below --out) */
  readonly cwd?: string;
  /** added to cliEnv() */
  readonly env?: NodeJS.ProcessEnv;
  /** killed with SIGKILL after this long (default 110 s: a busy 2-core machine) */
  readonly timeoutMs?: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** Start `loyalty-sim <args>` and return the process, for tests that signal or watch it. */
export function spawnCli(args: readonly string[], options: CliOptions & { stdio?: StdioOptions } = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(options.env),
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
}

/** Run `loyalty-sim <args>` to its end (several may run at once on a multi-core machine). */
export function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawnCli(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** A way to run `loyalty-sim <args>`: cli() here, or cliInProcess() (./in-process.ts). */
export type CliRunner = (args: readonly string[], options?: CliOptions) => Promise<CliResult>;

/** `loyalty-sim <args>` that must succeed: its stdout, or an error with the command and its stderr. */
export async function cliOk(args: readonly string[], options: CliOptions = {}, run: CliRunner = cli): Promise<string> {
  const r = await run(args, options);
  if (r.code !== 0) throw new Error(`loyalty-sim ${args.join(' ')} → exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

/** A fresh temporary directory (removed by the caller's afterAll, with removeDir). */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `loyalty-sim-${prefix}-`));
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

export const readJson = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

/** path → sha256 of every file below dir except manifest files (as check-contract compares). */
export const treeHashes = (dir: string): Record<string, string> => hashOutputs(dir);

/** Every file under `dir`, relative, sorted (hidden ones included). */
export function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out.push(`${prefix}${name}`);
    }
  };
  walk(dir, '');
  return out;
}

/** Every entry under `dir` (links not followed) with its content hash, `dir` or its link target. */
export function treeState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(p);
      } else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
