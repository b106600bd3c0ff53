/**
 * The dead-letter file: one NDJSON line per signal that was not delivered
 * (unreadable line, invalid signal, failed delivery), holding the original
 * signal (or the raw line) and the reason. A line has a `signal` key, so
 * `connect-signals send` reads the file back as signals once the cause is fixed.
 * The API key is never written (no delivery error carries it).
 *
 * Lines are buffered and written in large writes; `sync()` makes every line
 * written so far durable (fsync), which `send --checkpoint` does before each
 * checkpoint so that a checkpoint never claims a dead letter a crash could lose.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { UnreadableRecord } from '../read/types.js';
import type { ValidationIssue } from '../validate/types.js';

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

/** The dead letter of an invalid signal: every error (each naming its field), the reason their messages joined. */
export function invalidDeadLetter(line: number, errors: readonly ValidationIssue[], signal: unknown): DeadLetter {
  return { line, status: 'invalid', code: 'invalid', reason: errors.map((e) => e.message).join('; '), errors, signal };
}

/** The dead letter of a record of the input that could not be read as a signal: its text as it was. */
export function unreadableDeadLetter(record: UnreadableRecord): DeadLetter {
  return { line: record.line, status: 'unreadable', code: record.error.code, reason: record.error.message, raw: record.raw };
}

/** Options of {@link DeadLetterWriter.open}. */
export interface DeadLetterOpenOptions {
  /**
   * Append to the file instead of truncating it (a resumed import). A last line cut short by a
   * crash is removed first: its signal was not recorded as settled, so it is written again.
   * @default false
   */
  append?: boolean;
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

/** Bytes buffered before a write is started. */
const WRITE_BYTES = 64 * 1024;
/** Bytes read at a time when looking for the end of the last complete line. */
const SCAN_BYTES = 64 * 1024;

/** The length of `handle`'s content up to and including its last line break (0 if none). */
async function completeLength(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(SCAN_BYTES);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - SCAN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const at = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at !== -1) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Writes dead letters; `open` fails at once if the file cannot be created. */
export class DeadLetterWriter {
  count = 0;
  #error: unknown;
  #buffer: string[] = [];
  #buffered = 0;
  /** The writes started so far, in order. */
  #written: Promise<void> = Promise.resolve();
  /** Lines written since the last fsync. */
  #unsynced = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Creates (truncates, or with `append` appends to) `path`. Rejects with {@link DeadLetterError}. */
  static async open(path: string, options: DeadLetterOpenOptions = {}): Promise<DeadLetterWriter> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, options.append === true ? 'a+' : 'w');
      if (options.append === true) {
        const { size } = await handle.stat();
        const keep = await completeLength(handle, size);
        if (keep < size) await handle.truncate(keep);
      }
      return new DeadLetterWriter(path, handle);
    } catch (error) {
      await handle?.close().catch(() => {});
      throw new DeadLetterError(path, error);
    }
  }

  write(entry: DeadLetter): void {
    this.count++;
    this.#unsynced = true;
    const line = `${JSON.stringify(entry)}\n`;
    this.#buffer.push(line);
    this.#buffered += line.length;
    if (this.#buffered >= WRITE_BYTES) void this.#flush();
  }

  /** Starts writing what is buffered; resolves when every write started so far has ended. */
  #flush(): Promise<void> {
    if (this.#buffer.length > 0) {
      const data = Buffer.from(this.#buffer.join(''), 'utf8');
      this.#buffer = [];
      this.#buffered = 0;
      this.#written = this.#written.then(async () => {
        if (this.#error !== undefined) return;
        try {
          for (let done = 0; done < data.length; ) done += (await this.handle.write(data, done, data.length - done)).bytesWritten;
        } catch (error) {
          this.#error ??= error;
        }
      });
    }
    return this.#written;
  }

  /** Waits for the writes started so far (so a run where everything fails stays in constant memory). */
  async drained(): Promise<void> {
    await this.#written;
  }

  /** Writes every line so far and makes it durable (fsync); rejects with {@link DeadLetterError}. */
  async sync(): Promise<void> {
    if (!this.#unsynced && this.#error === undefined) return;
    this.#unsynced = false;
    await this.#flush();
    if (this.#error === undefined) {
      try {
        await this.handle.sync();
      } catch (error) {
        this.#error ??= error;
      }
    }
    if (this.#error !== undefined) throw new DeadLetterError(this.path, this.#error);
  }

  /** Flushes and closes; rejects with {@link DeadLetterError} if any write failed. */
  async close(): Promise<void> {
    await this.#flush();
    await this.handle.close().catch((error: unknown) => (this.#error ??= error));
    if (this.#error !== undefined) throw new DeadLetterError(this.path, this.#error);
  }
}
