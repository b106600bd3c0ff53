/**
 * Administering the outbox: creating its tables (`outbox init`), its state
 * (`outbox status`), listing dead letters (`outbox dead`) and moving them back
 * (`outbox replay`). Each takes a `pg` Pool (or Client) of the caller's.
 */
import type { DeliveryDeadLetter } from '../delivery/letters.js';
import { outboxDdl, type OutboxTables } from './tables.js';

/** Anything with pg's `query` returning rows. */
export interface RowsQueryable {
  /** Runs one statement with `$1…` parameters and gives its rows (`pg`'s `Client`, `PoolClient` and `Pool` do). */
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Creates the tables and the trigger if missing (idempotent). */
export async function initOutbox(db: RowsQueryable, tables: OutboxTables): Promise<void> {
  await db.query(outboxDdl(tables));
}

/** A relay holding rows. */
export interface OutboxLeaseHolder {
  readonly relay: string;
  readonly rows: number;
  /** The earliest end of its current leases (ISO 8601): a relay that died holds its rows until then. */
  readonly leasedUntil: string;
}

/** The outbox's state. */
export interface OutboxStatus {
  /** Rows not leased (or whose lease expired): waiting for a relay. */
  readonly waiting: number;
  /** Rows leased to a live lease. */
  readonly leased: number;
  /** Seconds since the oldest row was written (0 when empty). */
  readonly oldestAgeSeconds: number;
  readonly holders: readonly OutboxLeaseHolder[];
  readonly deadLetters: number;
}

/** The outbox's state (counts the table: fine for a queue that is drained, slow on millions of rows). */
export async function outboxStatus(db: RowsQueryable, tables: OutboxTables): Promise<OutboxStatus> {
  const counts = await db.query<{ waiting: string; leased: string; oldest: number | null; dead: string }>(
    `SELECT count(*) FILTER (WHERE leased_until IS NULL OR leased_until < now()) AS waiting,
            count(*) FILTER (WHERE leased_until >= now()) AS leased,
            extract(epoch FROM now() - min(written_at))::float8 AS oldest,
            (SELECT count(*) FROM ${tables.dead}) AS dead
       FROM ${tables.outbox}`,
  );
  const holders = await db.query<{ relay: string; rows: string; until: Date }>(
    `SELECT leased_by AS relay, count(*) AS rows, min(leased_until) AS until FROM ${tables.outbox} WHERE leased_until >= now() GROUP BY leased_by ORDER BY leased_by`,
  );
  const c = counts.rows[0]!;
  return {
    waiting: Number(c.waiting),
    leased: Number(c.leased),
    oldestAgeSeconds: Math.max(0, Math.round(c.oldest ?? 0)),
    holders: holders.rows.map((h) => ({ relay: h.relay, rows: Number(h.rows), leasedUntil: h.until.toISOString() })),
    deadLetters: Number(c.dead),
  };
}

/** One dead letter row. */
export interface OutboxDeadRow {
  /** Its id in `{table}_dead`. */
  readonly id: string;
  readonly letter: DeliveryDeadLetter;
  readonly deadAt: string;
}

/** Dead letters, oldest first (up to `limit`, from id `after` on). */
export async function listOutboxDead(db: RowsQueryable, tables: OutboxTables, options: { limit?: number; after?: string } = {}): Promise<OutboxDeadRow[]> {
  const { rows } = await db.query<{ id: string; letter: DeliveryDeadLetter; dead_at: Date }>(
    `SELECT id::text AS id, letter, dead_at FROM ${tables.dead} WHERE id > $1 ORDER BY id LIMIT $2`,
    [options.after ?? '0', options.limit ?? 100],
  );
  return rows.map((r) => ({ id: r.id, letter: r.letter, deadAt: r.dead_at.toISOString() }));
}

/** What a replay did. */
export interface OutboxReplayResult {
  /** Dead letters moved back into the outbox as new rows. */
  readonly replayed: number;
  /** Dead letters left, having no signal object to deliver (an unreadable row's text). */
  readonly skipped: number;
}

/** Moves dead letters that hold a signal back into the outbox (one statement: each is either still dead or a new row); `codes` limits it to those codes. */
export async function replayOutboxDead(db: RowsQueryable, tables: OutboxTables, options: { codes?: readonly string[] } = {}): Promise<OutboxReplayResult> {
  const codes = options.codes === undefined || options.codes.length === 0 ? null : [...options.codes];
  const moved = await db.query<{ n: string }>(
    `WITH d AS (DELETE FROM ${tables.dead} WHERE jsonb_typeof(letter->'signal') = 'object' AND ($1::text[] IS NULL OR code = ANY($1::text[])) RETURNING id, letter->'signal' AS signal),
          i AS (INSERT INTO ${tables.outbox} (signal) SELECT signal FROM d ORDER BY id RETURNING 1)
     SELECT count(*) AS n FROM i`,
    [codes],
  );
  const left = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${tables.dead} WHERE ($1::text[] IS NULL OR code = ANY($1::text[]))`, [codes]);
  return { replayed: Number(moved.rows[0]?.n ?? 0), skipped: Number(left.rows[0]?.n ?? 0) };
}
