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
import { BatchedSettler } from '../delivery/batched-settler.js';
import type { DeliveryDeadLetter } from '../delivery/letters.js';
import type { OutboxTables } from './tables.js';

/**
 * Row ids (`id::text`, decimal digits only) as a Postgres array literal, `{1,2,3}`, for a
 * `$n::bigint[]` parameter. node-postgres would build the same text from a JS array, quoting and
 * concatenating each element: ~220 bytes allocated per id, 44 MB over a 200,000-row drain.
 */
export function idArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** Writes each batch of deletes and dead letters as one statement. */
export class RowSettler extends BatchedSettler {
  readonly #plain: string;
  readonly #withLetters: string;

  constructor(
    private readonly pool: Pool,
    tables: OutboxTables,
    /** Called when a statement fails: its rows stay leased and are delivered again. */
    onError: (error: unknown, rows: number) => void,
  ) {
    super(onError);
    this.#plain = `DELETE FROM ${tables.outbox} WHERE id = ANY($1::bigint[])`;
    this.#withLetters = `WITH d AS (DELETE FROM ${tables.outbox} WHERE id = ANY($1::bigint[]) RETURNING id)
INSERT INTO ${tables.dead} (entry, code, letter)
SELECT u.entry, u.code, u.letter FROM unnest($2::bigint[], $3::text[], $4::jsonb[]) AS u(entry, code, letter) JOIN d ON d.id = u.entry`;
  }

  protected override async write(ids: string[], letters: DeliveryDeadLetter[]): Promise<void> {
    if (letters.length === 0) await this.pool.query(this.#plain, [idArray(ids)]);
    else await this.pool.query(this.#withLetters, [idArray(ids), idArray(letters.map((l) => l.entry)), letters.map((l) => String(l.code)), letters.map((l) => JSON.stringify(l))]);
  }
}
