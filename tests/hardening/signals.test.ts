/**
 * Prompt, clean stops. Reproduction: SIGINT/SIGTERM with --workers 1 were ignored until
 * the run ended (15 s; over 10 min for a big run), because the run happened on the main
 * thread. Now every simulation runs in a worker thread: the signal is handled within
 * milliseconds, the exit code is 130 (SIGINT) or 143 (SIGTERM), and nothing reads as
 * complete (no manifest of the interrupted result).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, cliBuilt, removeDir, tempDir } from './cli.js';
import { cliEnv } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  if (!cliBuilt()) throw new Error(`${CLI} not found: run npm run build first`);
  tmp = tempDir('signals');
});
afterAll(() => removeDir(tmp));

/**
 * Start the CLI, wait until its stderr shows `ready` and `settle` ms more (the run is
 * busy), send `signal`, and measure how long the process takes to end.
 */
function stopWhileBusy(args: string[], ready: RegExp, signal: NodeJS.Signals, settle = 1500): Promise<{ code: number | null; ms: number; stderr: string; ranOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
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
