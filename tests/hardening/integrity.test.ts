/**
 * Cached runs carry a checksum verified before reuse. Reproduction: a flipped byte in
 * runs/baseline-r0001.bin was reused on resume ("0 computed, 2 reused", marked complete)
 * and aggregate.csv then held members 6.76e-313. Now the entry is recomputed, the command
 * says so, and the result is the same bytes as a clean run. Reproduction: merge called a
 * shard's bit-flipped run "missing"; it now names the file that failed its checksum.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { ChecksumError, decodeRun, decodeRunHeader, encodeRun, type RunRecord } from '../../src/experiment/engine/run-record.js';
import { readCachedHeader, type CacheDamage } from '../../src/experiment/engine/store.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('integrity');
});
afterAll(() => removeDir(tmp));

const record: RunRecord = {
  key: 'k-r0000',
  hash: 'h'.repeat(32),
  seed: 7,
  periods: 3,
  firms: ['A', 'B'],
  metrics: { firm: ['share'], market: ['meanPrice'] },
  summary: { scenario: 's', seed: 7 } as unknown as RunRecord['summary'],
  series: Float64Array.from([0.5, 0.5, 0.4, 0.6, 0.3, 0.7, 10, 10.5, 11]),
};

describe('run record checksum', () => {
  it('any single flipped bit is detected before decoding', () => {
    const bytes = encodeRun(record);
    expect(decodeRun(bytes).series).toEqual(record.series);
    fc.assert(
      fc.property(fc.integer({ min: 4, max: bytes.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const damaged = Uint8Array.from(bytes);
        damaged[at] ^= 1 << bit;
        expect(() => decodeRun(damaged)).toThrow(ChecksumError);
        expect(() => decodeRunHeader(damaged)).toThrow(ChecksumError);
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('a damaged cache entry is not reused and is counted', () => {
    const dir = join(tmp, 'unit');
    const bytes = Uint8Array.from(encodeRun(record));
    bytes[bytes.length - 40] ^= 0x10;
    mkdirSync(join(dir, 'runs'), { recursive: true });
    writeFileSync(join(dir, 'runs', `${record.key}.bin`), bytes);
    const damage: CacheDamage = { damaged: 0 };
    expect(readCachedHeader(dir, record.key, record.hash, damage)).toBeNull();
    expect(damage.damaged).toBe(1);
  });
});

describe('resume with a damaged cached run', () => {
  it('recomputes it, reports it, and writes the same bytes as a clean run', async () => {
    const args = (out: string) => ['replicate', 'baseline', '--seeds', '3', '--customers', '200', '--periods', '10', '--workers', '1', '--no-charts', '--out', out];
    const clean = join(tmp, 'clean');
    const damaged = join(tmp, 'damaged');
    expect((await cli(args(clean))).code).toBe(0);
    expect((await cli(args(damaged))).code).toBe(0);
    const file = join(damaged, 'baseline/replicate/runs/baseline-r0001.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0x01; // one bit of one value in the series
    writeFileSync(file, bytes);
    const r = await cli(args(damaged));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 cached run failed its checksum; recomputed\n');
    expect(r.stderr).toContain('1 runs computed, 2 reused');
    for (const name of ['aggregate.csv', 'runs.csv', 'summary.json', 'runs/baseline-r0001.bin']) {
      expect(readFileSync(join(damaged, 'baseline/replicate', name)), name).toEqual(readFileSync(join(clean, 'baseline/replicate', name)));
    }
  });

  it('game: the same, through its own cache', async () => {
    const out = join(tmp, 'game');
    const args = ['game', 'baseline', '--seeds', '2', '--customers', '200', '--periods', '10', '--workers', '1', '--no-charts', '--out', out];
    expect((await cli(args)).code).toBe(0);
    const summary = readFileSync(join(out, 'baseline/game/summary.json'));
    const file = join(out, 'baseline/game/runs/p0003-r0001.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0x04;
    writeFileSync(file, bytes);
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 cached run failed its checksum; recomputed\n');
    expect(readFileSync(join(out, 'baseline/game/summary.json'))).toEqual(summary);
  });
});

describe('merge with a damaged shard', () => {
  it('names the run file that failed its checksum (it said "missing") and writes nothing', async () => {
    const shard = (i: number) => ['replicate', 'baseline', '--seeds', '2', '--customers', '200', '--periods', '10', '--workers', '1', '--no-charts', '--quiet', '--shard', `${i}/2`, '--out', join(tmp, `shard-${i}`)];
    for (const i of [0, 1]) expect((await cliInProcess(shard(i), { cwd: tmp })).code).toBe(0);
    const file = join(tmp, 'shard-1', 'baseline/replicate/runs/baseline-r0001.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0x01;
    writeFileSync(file, bytes);
    const out = join(tmp, 'merged');
    const r = await cli(['merge', join(tmp, 'shard-0'), join(tmp, 'shard-1'), '--out', out, '--no-charts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${file}: failed its checksum (the file is damaged), so its run cannot be merged; run that shard again, then merge\n`);
    expect(existsSync(out)).toBe(false);
  });
});
