/**
 * Settling rows (the outbox's Settler): deleting those whose signal was
 * accepted, and writing the dead letters of the others with their deletes.
 *
 * Everything settled in one turn of the event loop (a batch's outcomes come
 * together) is one statement: `WITH d AS (DELETE … RETURNING id) INSERT INTO
 * {table}_dead … JOIN d`. One statement is one transaction: a dead letter is
 * written if and only if its row is deleted, and only by the relay whose
 * delete found the row (a row whose lease expired and that another relay
 * settled first gets no second letter). A failure leaves the rows leased:
 * they are delivered again once the lease expires (at-least-once).
 */
import type { Pool } from 'pg';
import type { Settler } from '../delivery/source.js';
import type { DeliveryDeadLetter } from '../delivery/letters.js';
import type { OutboxTables } from './tables.js';

/** Batches deletes and dead letters into one statement per turn of the event loop. */
export class RowSettler implements Settler {
  #ids: string[] = [];
  #letters: DeliveryDeadLetter[] = [];
  #scheduled = false;
  #written: Promise<void> = Promise.resolve();
  readonly #plain: string;
  readonly #withLetters: string;

  constructor(
    private readonly pool: Pool,
    tables: OutboxTables,
    /** Called when a statement fails: its rows stay leased and are delivered again. */
    private readonly onError: (error: unknown, rows: number) => void,
  ) {
    this.#plain = `DELETE FROM ${tables.outbox} WHERE id = ANY($1::bigint[])`;
    this.#withLetters = `WITH d AS (DELETE FROM ${tables.outbox} WHERE id = ANY($1::bigint[]) RETURNING id)
INSERT INTO ${tables.dead} (entry, code, letter)
SELECT u.entry, u.code, u.letter FROM unnest($2::bigint[], $3::text[], $4::jsonb[]) AS u(entry, code, letter) JOIN d ON d.id = u.entry`;
  }

  ack(id: string): void {
    this.#ids.push(id);
    this.#schedule();
  }

  deadLetter(letter: DeliveryDeadLetter): void {
    this.#letters.push(letter);
    this.#ids.push(letter.entry);
    this.#schedule();
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
    const query =
      letters.length === 0
        ? this.pool.query(this.#plain, [ids])
        : this.pool.query(this.#withLetters, [ids, letters.map((l) => l.entry), letters.map((l) => String(l.code)), letters.map((l) => JSON.stringify(l))]);
    const done = query.then(
      () => {},
      (error: unknown) => this.onError(error, ids.length),
    );
    this.#written = Promise.all([this.#written, done]).then(() => {});
  }

  async drained(): Promise<void> {
    if (this.#ids.length > 0) {
      this.#scheduled = false;
      this.#flush();
    }
    await this.#written;
  }
}
