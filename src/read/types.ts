/**
 * The shapes of reading: what a caller passes, what each record looks like,
 * and the one place where read options get their defaults.
 */
import { ReadOptionsError, type ReadError } from './errors.js';

/** A record that was read: one signal, bare or unwrapped from the file-import form `{"signal": {...}}`. */
export interface SignalRecord {
  /** The 1-based line where the record starts. */
  readonly line: number;
  /** The parsed signal: a JSON object, not yet validated. Keys such as `__proto__` are plain own properties. */
  readonly signal: unknown;
  /** The record's text as it was in the file (without the line break), for re-sending. */
  readonly raw: string;
}

/** A record that could not be read: not JSON, too long, not UTF-8, too deep, not an object. */
export interface UnreadableRecord {
  /** The 1-based line where the record starts. */
  readonly line: number;
  /**
   * The record's text, decoded leniently (bad UTF-8 becomes U+FFFD). Complete for
   * records within `maxLineBytes`; only the first {@link RAW_PREVIEW_BYTES} bytes of longer ones.
   */
  readonly raw: string;
  /** Whether {@link raw} is only the beginning of the record. */
  readonly truncated: boolean;
  /** Why the record could not be read; `error.code` is stable. */
  readonly error: ReadError;
}

/** One record of a file: `ok: true` with a signal, or `ok: false` with the reason. */
export type ReadRecord = ({ readonly ok: true } & SignalRecord) | ({ readonly ok: false } & UnreadableRecord);

/** Options of {@link readSignals}. */
export interface ReadOptions {
  /**
   * Longest line (NDJSON) or array element (JSON array), in bytes without the
   * line break. A longer one becomes an unreadable record (`line_too_long`)
   * and is skipped without being held in memory.
   * @default 1048576 (1 MiB)
   */
  maxLineBytes?: number | undefined;
  /**
   * Deepest nesting of objects and arrays accepted in a record. Deeper records
   * become unreadable (`too_deep`): they would overflow the stack of
   * `JSON.stringify` (about 10 000 levels) or of recursive code downstream.
   * @default 512
   */
  maxDepth?: number | undefined;
  /** Stops reading: the iteration rejects with `signal.reason`. @default undefined */
  signal?: AbortSignal | undefined;
}

/** Bytes of a too-long record kept in {@link UnreadableRecord.raw}. */
export const RAW_PREVIEW_BYTES = 1024;

/** The defaults of {@link ReadOptions}, in one place. */
export const READ_DEFAULTS = {
  maxLineBytes: 1024 * 1024,
  maxDepth: 512,
} as const;

/** Read options with every default applied. */
export interface ResolvedReadOptions {
  readonly maxLineBytes: number;
  readonly maxDepth: number;
  readonly signal: AbortSignal | undefined;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ReadOptionsError(`${name} must be a positive integer (got ${String(value)})`);
  }
  return value;
}

/** Applies {@link READ_DEFAULTS}; throws {@link ReadOptionsError} for a bad option. */
export function resolveReadOptions(options: ReadOptions = {}): ResolvedReadOptions {
  return {
    maxLineBytes: positiveInteger('maxLineBytes', options.maxLineBytes, READ_DEFAULTS.maxLineBytes),
    maxDepth: positiveInteger('maxDepth', options.maxDepth, READ_DEFAULTS.maxDepth),
    signal: options.signal,
  };
}
