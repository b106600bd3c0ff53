/**
 * The checkpoint file of `send --checkpoint`: a small JSON document, written
 * atomically (a temporary file beside it, fsync, rename, fsync of the folder),
 * so that a crash at any moment, SIGKILL included, leaves either the previous
 * checkpoint or the new one, never a torn one.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CheckpointError } from './errors.js';
import type { InputFingerprint } from './fingerprint.js';
import type { SettledJson } from './settled.js';

/** The `format` field of every checkpoint. */
export const CHECKPOINT_FORMAT = 'connect-signals/checkpoint@1';

/** Settled records by outcome, over every run of the import. */
export interface CheckpointCounts {
  readonly accepted: number;
  readonly invalid: number;
  readonly failed: number;
}

/** What a checkpoint file holds. It never holds the API key nor any signal. */
export interface CheckpointData {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The input file the checkpoint was made for. */
  readonly input: InputFingerprint;
  /** Records that settled: accepted, or invalid/unreadable/failed and written to the dead-letter file (or reported, without one). */
  readonly settled: SettledJson;
  /** Records in the input, once it was read to its end; else null. */
  readonly records: number | null;
  /** Every record of the input settled: running the same command again sends nothing. */
  readonly complete: boolean;
  /** The settled records by outcome. */
  readonly counts: CheckpointCounts;
  /** When it was written (ISO 8601). */
  readonly updatedAt: string;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function invalid(path: string, what: string): CheckpointError {
  return new CheckpointError('ERR_CHECKPOINT_INVALID', path, `${path} is not a checkpoint of connect-signals send (${what}): give another --checkpoint file, or delete it to start over`);
}

/** Checks the shape of a parsed checkpoint; throws {@link CheckpointError} naming what is wrong. */
export function checkCheckpoint(path: string, value: unknown): CheckpointData {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(path, 'not a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== CHECKPOINT_FORMAT) throw invalid(path, `format is ${JSON.stringify(v.format)}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  const input = v.input as Record<string, unknown> | null;
  if (input === null || typeof input !== 'object' || typeof input.path !== 'string' || !isCount(input.size) || typeof input.hash !== 'string') throw invalid(path, 'bad input');
  const settled = v.settled as Record<string, unknown> | null;
  if (settled === null || typeof settled !== 'object' || !isCount(settled.below) || !Array.isArray(settled.ranges)) throw invalid(path, 'bad settled');
  let previous = settled.below;
  for (const range of settled.ranges as unknown[]) {
    if (!Array.isArray(range) || range.length !== 2 || !isCount(range[0]) || !isCount(range[1]) || range[0] <= previous || range[1] < range[0]) throw invalid(path, 'bad settled.ranges');
    previous = range[1];
  }
  if (v.records !== null && !isCount(v.records)) throw invalid(path, 'bad records');
  if (typeof v.complete !== 'boolean') throw invalid(path, 'bad complete');
  const counts = v.counts as Record<string, unknown> | null;
  if (counts === null || typeof counts !== 'object' || !isCount(counts.accepted) || !isCount(counts.invalid) || !isCount(counts.failed)) throw invalid(path, 'bad counts');
  return value as CheckpointData;
}

/** Reads the checkpoint at `path`: undefined when there is none; throws {@link CheckpointError}. */
export async function readCheckpoint(path: string): Promise<CheckpointData | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError('ERR_CHECKPOINT_IO', path, `cannot read the checkpoint ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(path, 'not JSON');
  }
  return checkCheckpoint(path, parsed);
}

/** Writes `data` to `path` atomically; throws {@link CheckpointError}. */
export async function writeCheckpoint(path: string, data: CheckpointData): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(data)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncFolder(dirname(path));
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw new CheckpointError('ERR_CHECKPOINT_IO', path, `cannot write the checkpoint ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Makes the rename durable. Some platforms cannot open a folder: the rename is still atomic there. */
async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close();
  }
}
