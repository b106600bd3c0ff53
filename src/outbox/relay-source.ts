/**
 * The outbox table as a delivery loop's source (src/delivery/loop.ts).
 *
 * A take claims up to a batch of committed rows whose lease is free or has
 * expired, with the claim every Postgres queue uses: `UPDATE … WHERE id IN
 * (SELECT id … ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED) RETURNING …`, one
 * statement committed at once (no transaction is held open during the HTTP
 * call: the lease is what keeps the rows this relay's). Rows not yet
 * committed are invisible to it, rolled-back ones never exist: the outbox's
 * whole point. A claim starts after the last id this relay claimed, and from
 * the head of the table again often enough that rows committed out of order,
 * or freed behind it, are not missed (src/outbox/claim-start.ts).
 */
import type { Pool } from 'pg';
import { sleep } from '../client/sleep.js';
import type { DeliveryItem } from '../delivery/item.js';
import type { DeliverySource, Take } from '../delivery/source.js';
import { ClaimStart, HEAD } from './claim-start.js';
import type { Listener } from './listen.js';
import type { ResolvedRelayOptions } from './relay-options.js';
import { idArray, type RowSettler } from './settle.js';

/** One claimed row: `text` is its `signal::text`. */
export type OutboxRow = DeliveryItem & { readonly text: string };

/** What the outbox's source works with. */
export interface OutboxSourceParts {
  readonly options: ResolvedRelayOptions;
  readonly pool: Pool;
  readonly listener: Listener;
  readonly batchSize: number;
  readonly settler: RowSettler;
}

/**
 * Claims run ahead of the client at most (besides the delivery loop's own take ahead). 3 rather
 * than 2: in 11 rounds interleaved with 2 (the same 200,000 rows, the same bare loop), 3 drained
 * faster in 9, by ~5% on the median; 4 was no faster than 3.
 */
const PREFETCH = 3;

interface RawRow {
  id: string;
  text: string;
  deliveries: number;
}

/** What one claim returned, and whether it started at the head of the table. */
interface Claimed {
  readonly rows: RawRow[];
  readonly fromHead: boolean;
}

/** The outbox table as a {@link DeliverySource}. */
export function outboxSource(parts: OutboxSourceParts): DeliverySource<OutboxRow> {
  const { options, pool, listener, batchSize, settler } = parts;
  const { outbox } = options.tables;
  const lease = `now() + ${options.leaseMs} * interval '1 millisecond'`;
  const claimSql = `UPDATE ${outbox} SET deliveries = deliveries + 1, leased_until = ${lease}, leased_by = $2
WHERE id IN (SELECT id FROM ${outbox} WHERE (leased_until IS NULL OR leased_until < now()) AND id > $3 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING id::text AS id, signal::text AS text, deliveries`;
  const renewSql = `UPDATE ${outbox} SET leased_until = ${lease} WHERE id = ANY($1::bigint[]) AND leased_by = $2`;
  const releaseSql = `UPDATE ${outbox} SET leased_until = NULL, deliveries = deliveries - 1 WHERE id = ANY($1::bigint[]) AND leased_by = $2`;
  const emptySql = `SELECT NOT EXISTS (SELECT 1 FROM ${outbox}) AS empty`;
  let healthy = true;
  const start = new ClaimStart();

  /** Claims a batch; `fromHead` when it started at the head of the table (else after the last id claimed). */
  async function claim(): Promise<Claimed> {
    const after = start.next();
    try {
      // Unnamed statements: PgBouncer in transaction mode does not keep prepared ones.
      const { rows } = await pool.query<RawRow>(claimSql, [batchSize, options.relay, after]);
      healthy = true;
      start.claimed(rows.map((r) => r.id), rows.length === batchSize);
      return { rows, fromHead: after === HEAD };
    } catch (error) {
      healthy = false;
      throw error;
    }
  }

  /**
   * Claims started ahead while the table gives full batches, oldest first. Postgres' claim work
   * (finding, locking and updating 500 rows) is as large as the rest of a relay's, and runs on the
   * server's cores: up to {@link PREFETCH} claims run while the client sends, as a bare loop's
   * concurrent claims do. Their rows are leased to this relay (renewed as the held rows are, until
   * taken); a stop releases them.
   */
  const ahead: Promise<Claimed>[] = [];
  /** Rows of claims made ahead and not taken yet: their leases are renewed with the held rows' (they may wait long behind a rate limit). */
  const aheadRows = new Set<RawRow[]>();
  const claimAhead = () => {
    const p = claim();
    p.then(({ rows }) => aheadRows.add(rows), () => {}); // awaited (and its error reported) when taken
    ahead.push(p);
  };

  async function take(waitMs: number | undefined): Promise<Take<OutboxRow>> {
    let since = listener.count;
    let { rows, fromHead } = await (ahead.shift() ?? claim());
    aheadRows.delete(rows);
    // Nothing after the last id claimed: look from the head (rows committed out of order, leases expired).
    while (rows.length === 0 && !fromHead) ({ rows, fromHead } = await claim());
    // Nothing committed to claim: wait for a NOTIFY (or poll once `waitMs` has passed), then claim once more.
    if (rows.length === 0 && waitMs !== undefined) {
      await listener.wait(waitMs, since);
      since = listener.count;
      ({ rows } = await claim());
    }
    if (rows.length === batchSize) while (ahead.length < PREFETCH) claimAhead();
    let claimed = false;
    const items = rows.map((r): OutboxRow => {
      if (r.deliveries > 1) claimed = true;
      return { id: r.id, text: r.text, signal: undefined, deliveries: r.deliveries };
    });
    return { items, claimed, fresh: true };
  }

  async function release(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await pool.query(releaseSql, [idArray(ids), options.relay]);
  }

  return {
    take,
    settler,
    keepHeld(held) {
      const timer = setInterval(() => {
        const ids = [...held()];
        for (const rows of aheadRows) for (const r of rows) ids.push(r.id);
        if (ids.length > 0) pool.query(renewSql, [idArray(ids), options.relay]).catch(() => {});
      }, Math.max(30, Math.floor(options.leaseMs / 3)));
      timer.unref();
      return () => clearInterval(timer);
    },
    release: (items) => release(items.map((i) => i.id)),
    async recover() {
      await sleep(500);
    },
    async isEmpty() {
      const { rows } = await pool.query<{ empty: boolean }>(emptySql);
      return rows[0]?.empty === true;
    },
    get healthy() {
      return healthy;
    },
    async close() {
      const left = await Promise.all(ahead.splice(0).map((p) => p.then(({ rows }) => rows, (): RawRow[] => [])));
      aheadRows.clear();
      await release(left.flat().map((r) => r.id)).catch(() => {});
    },
  };
}
