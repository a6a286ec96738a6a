/** Content hashes: of files (manifests), of run records (checksums), and the ids and keys derived from them. */
import { createHash } from 'node:crypto';

/** Hex sha256 of text or bytes. */
export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The raw 32-byte sha256 digest of bytes. */
export const sha256Bytes = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** A short stable id of a JSON value: `prefix` and the first `length` hex digits of its sha256. */
export const contentId = (value: unknown, prefix = '', length = 12): string => prefix + sha256(JSON.stringify(value)).slice(0, length);
