/**
 * What one run of an experiment keeps: its end-of-run summary (summary.json of a run)
 * and the per-period values of the experiment's metrics, nothing else. Encoded as one
 * small binary file (runs/<key>.bin): exact doubles, so a result read back from the
 * cache is bit-for-bit the one computed, and the same on every machine.
 *
 * Layout: "LSR2" | header length (uint32 LE) | header JSON (UTF-8, space-padded to a
 * multiple of 8 bytes) | float64 LE values | sha256 of everything before it (32 bytes).
 * Series layout: for each firm metric a block of periods × firms values (index
 * period * firms + firm), then for each market metric a block of `periods` values.
 *
 * The checksum is verified before anything is decoded, so a flipped bit on disk (a
 * damaged cache entry) is recomputed instead of being aggregated.
 */
import { sha256Bytes } from '../../io/hash.js';
import type { RunSummary } from '../../model/summary.js';
import type { MetricSet } from './metric-set.js';

export interface RunRecord {
  /** the job's key: file name in runs/ */
  readonly key: string;
  /** hash of everything that determines the run (scenario, seed, metrics, tool version) */
  readonly hash: string;
  readonly seed: number;
  readonly periods: number;
  readonly firms: readonly string[];
  readonly metrics: MetricSet;
  readonly summary: RunSummary;
  readonly series: Float64Array;
}

export type RunHeader = Omit<RunRecord, 'series'>;

const MAGIC = [0x4c, 0x53, 0x52, 0x32]; // "LSR2"
const CHECKSUM_BYTES = 32;

/** A run record whose bytes do not match their checksum: damaged after it was written. */
export class ChecksumError extends Error {
  constructor(what: string) {
    super(`run record ${what} failed its checksum`);
    this.name = 'ChecksumError';
  }
}

const checksum = sha256Bytes;

/** JSON with exact doubles, NaN and ±Infinity kept (JSON alone turns them into null). */
const replacer = (_k: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? `__${String(v)}__` : v;
const reviver = (_k: string, v: unknown) =>
  v === '__NaN__' ? NaN : v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v;

export function seriesLength(metrics: MetricSet, periods: number, firmCount: number): number {
  return metrics.firm.length * periods * firmCount + metrics.market.length * periods;
}

/** Offset of firm metric number `m` (index in metrics.firm) in the series. */
export const firmBlock = (m: number, periods: number, firmCount: number): number => m * periods * firmCount;
/** Offset of market metric number `m` (index in metrics.market) in the series. */
export const marketBlock = (metrics: MetricSet, m: number, periods: number, firmCount: number): number =>
  metrics.firm.length * periods * firmCount + m * periods;

export function encodeRun(record: RunRecord): Uint8Array {
  const { series, ...header } = record;
  let json = Buffer.from(JSON.stringify(header, replacer), 'utf8');
  const pad = (8 - ((8 + json.length) % 8)) % 8;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const body = 8 + json.length + series.length * 8;
  const out = Buffer.alloc(body + CHECKSUM_BYTES);
  out.set(MAGIC, 0);
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  const base = 8 + json.length;
  for (let i = 0; i < series.length; i++) out.writeDoubleLE(series[i], base + i * 8);
  checksum(out.subarray(0, body)).copy(out, body);
  return out;
}

/** The bytes without their checksum, after verifying it (ChecksumError when it does not match). */
function verified(bytes: Uint8Array): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || MAGIC.some((b, i) => buf[i] !== b)) throw new Error('not a run record (bad magic)');
  if (buf.length < 8 + CHECKSUM_BYTES) throw new ChecksumError('(truncated)');
  const body = buf.subarray(0, buf.length - CHECKSUM_BYTES);
  if (!checksum(body).equals(buf.subarray(buf.length - CHECKSUM_BYTES))) throw new ChecksumError('');
  return body;
}

function headerEnd(buf: Buffer): number {
  const length = buf.readUInt32LE(4);
  if (8 + length > buf.length) throw new Error('run record truncated');
  return 8 + length;
}

export function decodeRunHeader(raw: Uint8Array): RunHeader {
  const bytes = verified(raw);
  const end = headerEnd(bytes);
  return JSON.parse(bytes.subarray(8, end).toString('utf8'), reviver) as RunHeader;
}

export function decodeRun(raw: Uint8Array): RunRecord {
  const buf = verified(raw);
  const end = headerEnd(buf);
  const header = JSON.parse(buf.subarray(8, end).toString('utf8'), reviver) as RunHeader;
  const count = (buf.length - end) / 8;
  const expected = seriesLength(header.metrics, header.periods, header.firms.length);
  if (count !== expected) throw new Error(`run record ${header.key}: ${count} values, expected ${expected}`);
  const series = new Float64Array(count);
  for (let i = 0; i < count; i++) series[i] = buf.readDoubleLE(end + i * 8);
  return { ...header, series };
}
