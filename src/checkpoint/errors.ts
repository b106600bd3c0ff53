/**
 * The errors of `send --checkpoint`. Each is the caller's mistake or an I/O
 * problem the caller must fix (exit 2 in the CLI); none carries the API key.
 */

/** Stable codes of {@link CheckpointError}. */
export type CheckpointErrorCode =
  /** The checkpoint was made for another input file (path, size or content differ). */
  | 'ERR_CHECKPOINT_MISMATCH'
  /** The file is not a checkpoint this version can read. */
  | 'ERR_CHECKPOINT_INVALID'
  /** The checkpoint (or the input, to fingerprint it) cannot be read or written. */
  | 'ERR_CHECKPOINT_IO';

/** A checkpoint cannot be used: read its `code`. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  readonly code: CheckpointErrorCode;
  /** The checkpoint file. */
  readonly path: string;
  constructor(code: CheckpointErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}

/** Whether `error` is a {@link CheckpointError}. */
export function isCheckpointError(error: unknown): error is CheckpointError {
  return error instanceof CheckpointError;
}
