/**
 * The dead-letter file: one NDJSON line per signal that was not delivered
 * (unreadable line, invalid signal, failed delivery), holding the original
 * signal (or the raw line) and the reason. A line has a `signal` key, so
 * `connect-signals send` reads the file back as signals once the cause is fixed.
 * The API key is never written (no delivery error carries it).
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';

/** One line of the dead-letter file. */
export interface DeadLetter {
  /** The line of the input where the signal was. */
  readonly line: number;
  /** `unreadable`, `invalid` or `failed`. */
  readonly status: 'unreadable' | 'invalid' | 'failed';
  /** Stable code: a read error code, `invalid`, or a delivery error code (ERR_HTTP, ERR_TIMEOUT, ...). */
  readonly code: string;
  /** What to fix, in plain words. */
  readonly reason: string;
  /** Validation errors, each naming the field. */
  readonly errors?: readonly { path: string; code: string; message: string }[];
  /** Requests that carried it (failed deliveries). */
  readonly attempts?: number;
  /** Connect may have imported it anyway: check before re-sending. */
  readonly ambiguous?: boolean;
  /** The signal as it was in the input. */
  readonly signal?: unknown;
  /** The line as it was, when it could not be read as a signal. */
  readonly raw?: string;
}

/** The dead-letter file cannot be created or written. */
export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
  readonly code = 'ERR_DEAD_LETTER';
  readonly path: string;
  constructor(path: string, cause: unknown) {
    super(`cannot write the dead-letter file ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.path = path;
  }
}

/** Writes dead letters; `open` fails at once if the file cannot be created. */
export class DeadLetterWriter {
  count = 0;
  #error: unknown;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => (this.#error ??= error));
  }

  /** Creates (truncates) `path`. Rejects with {@link DeadLetterError}. */
  static async open(path: string): Promise<DeadLetterWriter> {
    try {
      const handle = await open(path, 'w');
      return new DeadLetterWriter(path, handle.createWriteStream());
    } catch (error) {
      throw new DeadLetterError(path, error);
    }
  }

  write(entry: DeadLetter): void {
    this.count++;
    this.stream.write(`${JSON.stringify(entry)}\n`);
  }

  /** Waits while too much is buffered (so a run where everything fails stays in constant memory). */
  async drained(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Flushes and closes; rejects with {@link DeadLetterError} if any write failed. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.#error !== undefined) throw new DeadLetterError(this.path, this.#error);
  }
}
