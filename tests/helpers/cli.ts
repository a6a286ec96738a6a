/**
 * Running the built CLI (dist/cli/loyalty-sim.js, what package.json's bin names) in end-to-end tests.
 *
 * `npm test` builds before running vitest; when a test file is run on its own
 * (`npx vitest run tests/cli`), ensureBuilt() rebuilds if any source is newer than the
 * build. A lock directory keeps concurrent test files from building at the same time.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI; LOYALTY_SIM_CLI points the end-to-end tests at another build. */
export const CLI = process.env.LOYALTY_SIM_CLI ?? join(ROOT, 'dist/cli/loyalty-sim.js');
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
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `loyalty-sim <args>` synchronously in `cwd`. */
export function cli(args: readonly string[], cwd: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: cliEnv(), timeout: 110_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run `loyalty-sim <args>` without blocking (several at once on a multi-core machine). */
export function cliAsync(args: readonly string[], cwd: string, timeoutMs = 110_000): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: cliEnv(), timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** A fresh temporary directory (removed by the caller's afterAll). */
export const tempDir = (prefix: string): string => mkdtempSync(join(tmpdir(), `loyalty-sim-${prefix}-`));
