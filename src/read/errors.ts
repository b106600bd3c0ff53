/**
 * What can go wrong while reading a file of signals. A record that cannot be
 * read is not thrown: it comes back as an unreadable record carrying a
 * {@link ReadError}, so one bad line never stops a file. Only a file that
 * cannot be opened or read at all, and bad options, are thrown.
 */

/**
 * Stable reasons a record could not be read.
 * - `invalid_json`: the line (or array element) is not JSON, or the JSON array is malformed.
 * - `line_too_long`: the line (or array element) is longer than `maxLineBytes`; it was skipped without being buffered.
 * - `invalid_utf8`: the bytes are not valid UTF-8.
 * - `too_deep`: objects and arrays nested deeper than `maxDepth`.
 * - `not_an_object`: valid JSON, but not a signal object (nor `{"signal": {...}}`).
 */
export type ReadErrorCode = 'invalid_json' | 'line_too_long' | 'invalid_utf8' | 'too_deep' | 'not_an_object';

/** Why one record (a line, or an element of a JSON array) could not be read. */
export class ReadError extends Error {
  override readonly name = 'ReadError';
  readonly code: ReadErrorCode;
  /** The 1-based line where the record starts. */
  readonly line: number;

  constructor(code: ReadErrorCode, line: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.line = line;
  }
}

/** Whether `error` is a {@link ReadError}. */
export function isReadError(error: unknown): error is ReadError {
  return error instanceof ReadError;
}

/**
 * Stable reasons a whole source failed.
 * - `file_not_found`: no file at the path.
 * - `file_unreadable`: the file exists but cannot be opened or read (a directory, no permission, an I/O error).
 */
export type SignalFileErrorCode = 'file_not_found' | 'file_unreadable';

/** The file of signals cannot be opened or read: nothing (or nothing more) can come of it. */
export class SignalFileError extends Error {
  override readonly name = 'SignalFileError';
  readonly code: SignalFileErrorCode;
  /** The path as given, or `<stream>`. */
  readonly path: string;

  constructor(code: SignalFileErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

/** Whether `error` is a {@link SignalFileError}. */
export function isSignalFileError(error: unknown): error is SignalFileError {
  return error instanceof SignalFileError;
}

/** A mistake in {@link ReadOptions}: thrown when reading starts. */
export class ReadOptionsError extends TypeError {
  override readonly name = 'ReadOptionsError';
  readonly code = 'ERR_READ_OPTIONS';
}
