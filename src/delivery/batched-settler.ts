/**
 * The part of settling that does not depend on the store: everything settled
 * in one turn of the event loop (a batch's outcomes come together) is gathered
 * and written as one write of the store's (one MULTI or script on Redis, one
 * statement on Postgres), so that a dead letter and the settling of its item
 * are written together or not at all. A failed write leaves its items held:
 * they are delivered again (at-least-once).
 */
import type { DeliveryDeadLetter } from './letters.js';
import type { Settler } from './source.js';

/** A {@link Settler} that batches per turn of the event loop; a store supplies `write`. */
export abstract class BatchedSettler implements Settler {
  #ids: string[] = [];
  #letters: DeliveryDeadLetter[] = [];
  #scheduled = false;
  #written: Promise<void> = Promise.resolve();

  constructor(
    /** Called when a write fails: its items stay held and are delivered again. */
    private readonly onError: (error: unknown, items: number) => void,
  ) {}

  /**
   * Writes one batch: settles every id in `ids` and writes each of `letters` (whose `entry` is
   * among `ids`) in one atomic write. Rejects when that write failed.
   */
  protected abstract write(ids: string[], letters: DeliveryDeadLetter[]): Promise<void>;

  ack(id: string): void {
    this.#ids.push(id);
    this.#schedule();
  }

  deadLetter(letter: DeliveryDeadLetter): void {
    this.#letters.push(letter);
    this.#ids.push(letter.entry);
    this.#schedule();
  }

  async drained(): Promise<void> {
    if (this.#ids.length > 0) {
      this.#scheduled = false;
      this.#flush();
    }
    await this.#written;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#ids.length === 0) return;
    const ids = this.#ids;
    const letters = this.#letters;
    this.#ids = [];
    this.#letters = [];
    const done = this.write(ids, letters).then(
      () => {},
      (error: unknown) => this.onError(error, ids.length),
    );
    this.#written = Promise.all([this.#written, done]).then(() => {});
  }
}
