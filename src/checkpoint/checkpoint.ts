/**
 * Checkpoint: the progress of one import of one input file, kept in a file so
 * that running the same `send --checkpoint` again (after a crash, SIGKILL
 * included, or a stop) sends only the records that had not settled.
 *
 * Writes are coalesced: one write at a time, each with everything settled
 * when it started, so checkpointing never holds up delivery and costs at most
 * one write per batch acknowledged. Before each write, `beforeWrite` runs (the
 * CLI makes the dead-letter file durable there), so the checkpoint never
 * claims a record whose dead letter could still be lost.
 */
import { CheckpointError } from './errors.js';
import { fingerprintDifference, fingerprintFile, type InputFingerprint } from './fingerprint.js';
import { CHECKPOINT_FORMAT, readCheckpoint, writeCheckpoint, type CheckpointCounts, type CheckpointData } from './checkpoint-file.js';
import { SettledRecords } from './settled.js';

/** How a record settled. */
export type SettledAs = keyof CheckpointCounts;

/** The checkpoint of one import. */
export class Checkpoint {
  /** Runs before each write; a rejection stops checkpointing (see {@link error}). */
  beforeWrite: () => Promise<void> = async () => {};
  /** The first failure to write; once set, the checkpoint file is no longer updated. */
  error: CheckpointError | undefined;

  readonly #counts: { accepted: number; invalid: number; failed: number };
  #records: number | null;
  #dirty = false;
  #writing: Promise<void> | undefined;

  private constructor(
    /** The checkpoint file. */
    readonly path: string,
    /** The input it is for. */
    readonly input: InputFingerprint,
    /** Records settled by earlier runs and this one. */
    private readonly settled: SettledRecords,
    /** Whether a checkpoint existed: this run resumes it. */
    readonly resumed: boolean,
    /** Records that had settled before this run. */
    readonly settledBefore: number,
    previous: CheckpointData | undefined,
  ) {
    this.#counts = { ...(previous?.counts ?? { accepted: 0, invalid: 0, failed: 0 }) };
    this.#records = previous?.records ?? null;
  }

  /**
   * Opens the checkpoint at `path` for `inputFile`: resumes it when it exists, else starts a new one
   * (nothing is written until something settles). Rejects with {@link CheckpointError} when the
   * checkpoint is unreadable or was made for another input.
   */
  static async open(path: string, inputFile: string): Promise<Checkpoint> {
    const previous = await readCheckpoint(path);
    let input: InputFingerprint;
    try {
      input = await fingerprintFile(inputFile);
    } catch (error) {
      throw new CheckpointError('ERR_CHECKPOINT_IO', path, `cannot read ${inputFile}: ${(error as Error).message}`, { cause: error });
    }
    if (previous !== undefined) {
      const difference = fingerprintDifference(previous.input, input);
      if (difference !== undefined) {
        throw new CheckpointError(
          'ERR_CHECKPOINT_MISMATCH',
          path,
          `the checkpoint ${path} is for another input: ${difference}. Resume with the input it was made for, use another --checkpoint file, or delete ${path} to send this input from the start`,
        );
      }
    }
    const settled = previous === undefined ? new SettledRecords() : SettledRecords.fromJSON(previous.settled);
    return new Checkpoint(path, input, settled, previous !== undefined, settled.size, previous);
  }

  /** Every record of the input had settled already: there is nothing to send. */
  get complete(): boolean {
    return this.#records !== null && this.settled.below >= this.#records;
  }

  /** Records settled, over every run. */
  get settledCount(): number {
    return this.settled.size;
  }

  /** Settled records by outcome, over every run. */
  get counts(): CheckpointCounts {
    return { ...this.#counts };
  }

  /** Whether record `ordinal` (0-based, every record of the file) has settled. */
  has(ordinal: number): boolean {
    return this.settled.has(ordinal);
  }

  /** Record `ordinal` settled: schedules a write. */
  settle(ordinal: number, as: SettledAs): void {
    if (this.settled.has(ordinal)) return;
    this.settled.add(ordinal);
    this.#counts[as]++;
    this.#schedule();
  }

  /** The input was read to its end: it holds `records` records. */
  finish(records: number): void {
    this.#records = records;
    this.#schedule();
  }

  /** Writes what is not written yet and waits for it. Never rejects: see {@link error}. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    if (this.#dirty) {
      this.#schedule();
      await this.#writing;
    }
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#writing === undefined && this.error === undefined) {
      this.#writing = this.#writeLoop();
    }
  }

  async #writeLoop(): Promise<void> {
    // Let the rest of a batch's outcomes (settled in one synchronous loop) join this write.
    await Promise.resolve();
    try {
      await this.#writeWhileDirty();
    } finally {
      // Cleared in the same tick the loop saw nothing dirty: a settle after this starts a new write.
      this.#writing = undefined;
    }
  }

  async #writeWhileDirty(): Promise<void> {
    while (this.#dirty && this.error === undefined) {
      this.#dirty = false;
      // The snapshot comes first: every dead letter of a record in it was written before
      // it settled, so beforeWrite (the dead-letter fsync) covers all of them.
      const data = this.#snapshot();
      try {
        await this.beforeWrite();
        await writeCheckpoint(this.path, data);
      } catch (error) {
        this.error = error instanceof CheckpointError
          ? error
          : new CheckpointError('ERR_CHECKPOINT_IO', this.path, `the checkpoint ${this.path} was not updated: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  #snapshot(): CheckpointData {
    return {
      format: CHECKPOINT_FORMAT,
      input: this.input,
      settled: this.settled.toJSON(),
      records: this.#records,
      complete: this.complete,
      counts: { ...this.#counts },
      updatedAt: new Date().toISOString(),
    };
  }
}
