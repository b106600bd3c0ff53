/**
 * One record's bytes → a {@link ReadRecord}: UTF-8 check, JSON.parse, nesting
 * limit, and unwrapping of the file-import form `{"signal": {...}}`.
 *
 * JSON.parse keeps keys such as `__proto__` and `constructor` as own data
 * properties, and nothing here copies a parsed object onto another, so a
 * record can never change an object's prototype.
 */
import { isUtf8 } from 'node:buffer';
import { ReadError, type ReadErrorCode } from './errors.js';
import { markUnwrapped } from './signal-text.js';
import { RAW_PREVIEW_BYTES, type ReadRecord, type ResolvedReadOptions } from './types.js';

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Describes where a record starts, for messages: `line 7` or `the array element at line 7`. */
export type RecordKind = 'line' | 'element';

function where(kind: RecordKind, line: number): string {
  return kind === 'line' ? `line ${line}` : `the array element at line ${line}`;
}

/** An unreadable record. */
export function unreadable(
  code: ReadErrorCode,
  line: number,
  message: string,
  raw: string,
  truncated: boolean,
  cause?: unknown,
): ReadRecord {
  return { ok: false, line, raw, truncated, error: new ReadError(code, line, message, cause === undefined ? undefined : { cause }) };
}

/** The record for a line or element longer than the limit, of which only `preview` was kept. */
export function tooLong(kind: RecordKind, line: number, bytes: number, preview: Buffer, limit: number): ReadRecord {
  return unreadable('line_too_long', line,
    `${where(kind, line)} is ${bytes} bytes long, over the limit of ${limit} bytes (maxLineBytes); it was skipped`,
    preview.subarray(0, RAW_PREVIEW_BYTES).toString('utf8'), true);
}

/**
 * `preview` with the start of `more` added, up to {@link RAW_PREVIEW_BYTES}:
 * the preview of a too-long record is then the same however its bytes were chunked.
 */
export function growPreview(preview: Buffer, more: Buffer): Buffer {
  if (preview.length >= RAW_PREVIEW_BYTES || more.length === 0) return preview;
  return Buffer.concat([preview, more.subarray(0, RAW_PREVIEW_BYTES - preview.length)]);
}

/** Whether `buf[start, end)` may hold more than `limit` opening brackets (a cheap, native pre-check). */
function mayBeDeep(buf: Buffer, start: number, end: number, limit: number): boolean {
  let count = 0;
  for (const byte of [OPEN_BRACE, OPEN_BRACKET]) {
    let i = buf.indexOf(byte, start);
    while (i !== -1 && i < end) {
      if (++count > limit) return true;
      i = buf.indexOf(byte, i + 1);
    }
  }
  return false;
}

/** Whether `value` nests objects and arrays deeper than `limit`. Iterative: deep values cannot overflow the stack. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

/**
 * Reads the record in `buf[start, end)` (no line break, not blank) that starts
 * at `line`.
 */
export function parseRecord(buf: Buffer, start: number, end: number, line: number, kind: RecordKind, options: ResolvedReadOptions): ReadRecord {
  if (!isUtf8(buf.subarray(start, end))) {
    return unreadable('invalid_utf8', line, `${where(kind, line)} is not valid UTF-8 text`, buf.toString('utf8', start, end), false);
  }
  const raw = buf.toString('utf8', start, end);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return unreadable('invalid_json', line, `${where(kind, line)} is not valid JSON: ${reason}`, raw, false, error);
  }
  // Nesting deeper than maxDepth needs at least 2 × maxDepth bytes: most records skip the check.
  if (end - start > 2 * options.maxDepth && mayBeDeep(buf, start, end, options.maxDepth) && deeperThan(value, options.maxDepth)) {
    return unreadable('too_deep', line, `${where(kind, line)} nests objects and arrays deeper than ${options.maxDepth} levels (maxDepth)`, raw, false);
  }
  if (isPlainObject(value) && Object.hasOwn(value, 'signal') && !Object.hasOwn(value, 'signalContent')) {
    // The file-import form: {"signal": {...}}.
    const inner = value.signal;
    if (!isPlainObject(inner)) {
      return unreadable('not_an_object', line, `${where(kind, line)}: "signal" must be a signal object (got ${describe(inner)})`, raw, false);
    }
    markUnwrapped(inner);
    return { ok: true, line, signal: inner, raw };
  }
  if (!isPlainObject(value)) {
    return unreadable('not_an_object', line, `${where(kind, line)} is not a signal object (got ${describe(value)})`, raw, false);
  }
  return { ok: true, line, signal: value, raw };
}
