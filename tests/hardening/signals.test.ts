/**
 * Prompt, clean stops. Reproduction: SIGINT/SIGTERM with --workers 1 were ignored until
 * the run ended (15 s; over 10 min for a big run), because the run happened on the main
 * thread. Now every simulation runs in a worker thread: the signal is handled within
 * milliseconds, the exit code is 130 (SIGINT) or 143 (SIGTERM), and nothing reads as
 * complete (no manifest of the interrupted result). Reproduction: a SIGTERM while the
 * charts rendered ended the command 9.9 s later, with the result marked complete; and a
 * reader closing the pipe early (`| head -1`) ended a replicate with exit 1 before its
 * aggregates were written.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, spawnCli, tempDir } from '../helpers/cli.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('signals');
});
afterAll(() => removeDir(tmp));

/**
 * Start the CLI, wait until its stderr shows `ready` and `settle` ms more (the run is
 * busy), send `signal`, and measure how long the process takes to end.
 */
function stopWhileBusy(args: string[], ready: RegExp, signal: NodeJS.Signals, settle = 1500): Promise<{ code: number | null; ms: number; stderr: string; ranOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt = 0;
    let ranOut = false;
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (sentAt === 0 && ready.test(stderr)) {
        sentAt = -1;
        setTimeout(() => {
          sentAt = performance.now();
          child.kill(signal);
        }, settle);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(hardStop);
      if (sentAt <= 0) ranOut = true;
      resolve({ code, ms: sentAt > 0 ? performance.now() - sentAt : NaN, stderr, ranOut });
    });
  });
}

describe('signals stop at once at any worker count', () => {
  it('run --customers 1000000: SIGTERM exits 143 within 2 s, no result', async () => {
    const out = join(tmp, 'run');
    const r = await stopWhileBusy(['run', 'baseline', '--customers', '1000000', '--periods', '104', '--out', out], /running baseline/, 'SIGTERM');
    expect(r.ranOut, 'the run ended before the signal').toBe(false);
    expect(r.code, r.stderr).toBe(143);
    expect(r.ms).toBeLessThan(2000);
    expect(existsSync(join(out, 'baseline', 'seed-1'))).toBe(false);
  }, 150_000);

  it('run: SIGINT exits 130', async () => {
    const out = join(tmp, 'run-int');
    const r = await stopWhileBusy(['run', 'baseline', '--customers', '1000000', '--periods', '104', '--out', out], /running baseline/, 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(2000);
  }, 150_000);

  for (const workers of ['1', '2']) {
    it(`replicate --workers ${workers}: SIGTERM exits 143 within 2 s, resumable, nothing complete`, async () => {
      const out = join(tmp, `replicate-${workers}`);
      const r = await stopWhileBusy(
        ['replicate', 'baseline', '--seeds', '2', '--customers', '400000', '--periods', '104', '--workers', workers, '--no-charts', '--out', out],
        /runs, \d+ workers?/, 'SIGTERM',
      );
      expect(r.ranOut, 'the replicate ended before the signal').toBe(false);
      expect(r.code, r.stderr).toBe(143);
      expect(r.ms).toBeLessThan(2000);
      expect(r.stderr).toMatch(/interrupted: \d+ runs saved in .*; run the same command again to resume/);
      const dir = join(out, 'baseline', 'replicate');
      expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
      expect(readdirSync(join(out, 'baseline')).filter((n) => n.endsWith('.lock'))).toEqual([]);
    }, 150_000);
  }
});

/** The hidden folder a run is built in, once its data files are written (charts are drawn next). */
function dataWritten(scenarioDir: string): boolean {
  if (!existsSync(scenarioDir)) return false;
  const building = readdirSync(scenarioDir).find((n) => n.startsWith('.seed-1.building-'));
  return building !== undefined && existsSync(join(scenarioDir, building, 'events.json'));
}

describe('signals reach chart rendering', () => {
  it('run: SIGTERM while the charts are drawn ends it within 1 s, nothing complete; the next run takes over its lock', async () => {
    const out = join(tmp, 'render');
    const scenarioDir = join(out, 'baseline');
    const child = spawnCli(['run', 'baseline', '--customers', '200', '--periods', '300', '--out', out, '--quiet'], { stdio: 'ignore' });
    const hardStop = setTimeout(() => child.kill('SIGKILL'), 120_000);
    let sentAt = 0;
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, ms: performance.now() - sentAt }));
    });
    while (!dataWritten(scenarioDir) && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    sentAt = performance.now();
    child.kill('SIGTERM');
    const r = await ended;
    clearTimeout(hardStop);
    // ended by the signal itself while rendering blocks (a shell sees 143), else by the handler
    expect(r.signal === 'SIGTERM' || r.code === 143, JSON.stringify(r)).toBe(true);
    expect(r.ms).toBeLessThan(1000);
    expect(existsSync(join(scenarioDir, 'seed-1')), 'the interrupted result was marked complete').toBe(false);
    const next = await cli(['run', 'baseline', '--customers', '200', '--periods', '30', '--out', out, '--no-charts', '--quiet']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/^loyalty-sim: took over the stale lock .*\.seed-1\.lock: process \d+ no longer runs\n$/);
  }, 150_000);
});

describe('a reader that stops reading', () => {
  it('replicate ... 2>&1 | head -1: the experiment completes and exits 0 (it exited 1, aggregates unwritten)', async () => {
    const out = join(tmp, 'pipe');
    const child = spawnCli(['replicate', 'baseline', '--seeds', '2', '--customers', '200', '--periods', '20', '--workers', '1', '--no-charts', '--json', '--out', out]);
    // like head -1: read the first line, then close both pipes
    child.stderr!.once('data', () => {
      child.stdout!.destroy();
      child.stderr!.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    const dir = join(out, 'baseline', 'replicate');
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).complete).toBe(true);
    expect(existsSync(join(dir, 'aggregate.csv'))).toBe(true);
  }, 120_000);
});
