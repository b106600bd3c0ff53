/**
 * The identity of an input file, as a checkpoint stores it: its absolute
 * path, its size, and a SHA-256 of its first and last 64 KiB (and the size).
 * Cheap for any size of file (at most 128 KiB read), and it catches a file
 * replaced by another export, edited, truncated or grown: a file that grew by
 * appending lines is a different input (its size and last bytes changed).
 * An edit in the middle of a file larger than 128 KiB that keeps its size is
 * not detected: don't edit an input while its import is unfinished.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Bytes hashed at each end of the file. */
export const FINGERPRINT_EDGE_BYTES = 64 * 1024;

/** What identifies an input file. */
export interface InputFingerprint {
  /** Absolute path. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** `sha256:<hex>` of the size, the first and the last {@link FINGERPRINT_EDGE_BYTES} bytes. */
  readonly hash: string;
}

async function readAt(handle: import('node:fs/promises').FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** Fingerprints the file at `path`; rejects with the fs error if it cannot be read. */
export async function fingerprintFile(path: string): Promise<InputFingerprint> {
  const absolute = resolve(path);
  const handle = await open(absolute, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash('sha256').update(`${size}\n`);
    const head = Math.min(size, FINGERPRINT_EDGE_BYTES);
    hash.update(await readAt(handle, 0, head));
    const tailStart = Math.max(head, size - FINGERPRINT_EDGE_BYTES);
    hash.update(await readAt(handle, tailStart, size - tailStart));
    return { path: absolute, size, hash: `sha256:${hash.digest('hex')}` };
  } finally {
    await handle.close();
  }
}

/** Why `actual` is not the input `expected` was made for, or undefined when it is the same. */
export function fingerprintDifference(expected: InputFingerprint, actual: InputFingerprint): string | undefined {
  if (expected.path !== actual.path) return `it was made for ${expected.path}, not ${actual.path}`;
  if (expected.size !== actual.size) return `${actual.path} changed size (${expected.size} bytes then, ${actual.size} now)`;
  if (expected.hash !== actual.hash) return `the content of ${actual.path} changed`;
  return undefined;
}
