/**
 * startOutboxRelay: delivers the committed rows of the outbox table to
 * Connect with the batching client (same validation, batches, retries,
 * splits), deleting each row once its signal has settled. Any number of
 * relays share a table: claims skip each other's locked rows, and leases keep
 * claimed rows theirs while they live.
 *
 * This module wires the parts: a small `pg` Pool (claims, deletes, lease
 * renewals, the rate limit), a LISTEN connection, the client, and the
 * delivery loop (src/delivery/loop.ts) over the table's source
 * (src/outbox/relay-source.ts).
 */
import type { Pool } from 'pg';
import { createSignalsClient, type SignalsClient } from '../client/client.js';
import { DEFAULTS as CLIENT_DEFAULTS, resolveEndpoint, type SignalsClientOptions } from '../client/options.js';
import { DeliveryEmitter, emptyCounts, type DeliveryEventName, type DeliveryHandler, type DeliveryReport } from '../delivery/events.js';
import { isSignalsClient, settleFirst } from '../delivery/client.js';
import { startDeliveryLoop } from '../delivery/loop.js';
import { connectPool, describePgError, OutboxPostgresError, postgresTargetName } from './connection.js';
import { listen } from './listen.js';
import { outboxSource } from './relay-source.js';
import { resolveRelayOptions, RelayOptionsError, type OutboxRelayOptions } from './relay-options.js';
import { RowSettler } from './settle.js';
import type { OutboxTables } from './tables.js';

/** Counts of a relay since it started (the `relay --json` summary): the worker's report, for rows. */
export type RelayReport = DeliveryReport;

/** Options of {@link OutboxRelay.stop}. */
export interface RelayStopOptions {
  /**
   * How long requests in flight may take before they are aborted (their rows then stay leased,
   * and are delivered again once the lease expires).
   * @default 10000
   */
  graceMs?: number;
}

/** Default of {@link RelayStopOptions.graceMs}. */
export const RELAY_STOP_GRACE_MS = 10_000;

/** A running relay. */
export interface OutboxRelay {
  /** This relay's name (in the `leased_by` of the rows it holds). */
  readonly relay: string;
  /** The client delivering the signals (its events: `batch`, `retry`, `split`, ...). */
  readonly client: SignalsClient;
  /** True while the relay claims and Postgres answers. */
  readonly reading: boolean;
  /** Resolves to the report once the relay has stopped (`stop()`, or `untilEmpty` found the table empty). */
  readonly done: Promise<RelayReport>;
  /** Stops claiming, delivers what was claimed, deletes; resolves to the report. */
  stop(options?: RelayStopOptions): Promise<RelayReport>;
  /** The counts so far. */
  report(): RelayReport;
  /** Rows waiting (`lag`: not leased, or lease expired) and rows leased (`pending`), as the worker's `queueState` (for its metrics). */
  queueState(): Promise<{ lag: number | undefined; pending: number }>;
  /** Adds an event handler (the worker's events: read, accepted, failed, deadLetter, error); returns a function that removes it. */
  on<E extends DeliveryEventName>(event: E, handler: DeliveryHandler<E>): () => void;
}

async function clientFor(options: OutboxRelayOptions, tables: OutboxTables, pool: Pool, settler: RowSettler): Promise<{ client: SignalsClient; batchSize: number; owned: boolean }> {
  const given = options.client;
  if (isSignalsClient(given)) {
    if (options.rate !== undefined) throw new RelayOptionsError('rate', 'give the client as options for a shared rate limit (or give your client a limiter)');
    return { client: given, batchSize: CLIENT_DEFAULTS.batchSize, owned: false };
  }
  const clientOptions: SignalsClientOptions = { keepOutcomes: 0, ...given };
  const batchSize = clientOptions.batchSize ?? CLIENT_DEFAULTS.batchSize;
  const shared =
    options.rate === undefined
      ? undefined
      : await (await import('./shared-rate.js')).outboxRateLimiter(pool, {
          tables,
          endpoint: resolveEndpoint(clientOptions.endpoint, clientOptions.region).href,
          apiKey: clientOptions.apiKey ?? '',
          rate: options.rate,
        });
  return { client: createSignalsClient({ ...clientOptions, limiter: settleFirst(settler, shared) }), batchSize, owned: true };
}

/** Checks that Postgres answers and the table exists (within the pool's connection time-out). */
async function check(pool: Pool, options: OutboxRelayOptions, outbox: string): Promise<void> {
  try {
    await pool.query(`SELECT 1 FROM ${outbox} LIMIT 0`);
  } catch (error) {
    const where = postgresTargetName(options.postgres);
    const missing = (error as { code?: string }).code === '42P01';
    throw new OutboxPostgresError(missing ? `the outbox table ${outbox} does not exist at ${where}: run connect-signals outbox init` : `Postgres at ${where} did not answer: ${describePgError(error)}`, { cause: error });
  }
}

/**
 * Connects, checks the table, and starts delivering. Rejects with OutboxPostgresError when
 * Postgres does not answer within 5 s or the table is missing, and with RelayOptionsError /
 * ClientOptionsError for bad options.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const resolved = resolveRelayOptions(options);
  const pool = await connectPool(options.postgres, 4);
  const counts = emptyCounts();
  const events = new DeliveryEmitter('outbox relay');
  const settler = new RowSettler(pool, resolved.tables, (error, rows) => {
    counts.ackErrors += rows;
    events.emit('error', { error: error instanceof Error ? error : new Error(String(error)), during: 'deleting' });
  });
  let made: Awaited<ReturnType<typeof clientFor>>;
  try {
    await check(pool, options, resolved.tables.outbox);
    made = await clientFor(options, resolved.tables, pool, settler);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const { client, batchSize, owned } = made;
  const listener = listen(options.postgres, resolved.tables.channel);
  const source = outboxSource({ options: resolved, pool, listener, batchSize, settler });
  const settings = { ...resolved, holders: 'relays' };
  const loop = startDeliveryLoop({ settings, source, client, batchSize, counts, events });
  const report = (): RelayReport => ({ ...counts });
  const done = loop.done
    .finally(async () => {
      if (owned) await client.close({ timeoutMs: 0 });
      await listener.close();
      await pool.end().catch(() => {});
    })
    .then(report);

  return {
    relay: resolved.relay,
    client,
    get reading() {
      return loop.reading;
    },
    done,
    stop(stopOptions = {}) {
      loop.stop(stopOptions.graceMs ?? RELAY_STOP_GRACE_MS);
      return done;
    },
    report,
    async queueState() {
      const { rows } = await pool.query<{ waiting: string; leased: string }>(
        `SELECT count(*) FILTER (WHERE leased_until IS NULL OR leased_until < now()) AS waiting, count(*) FILTER (WHERE leased_until >= now()) AS leased FROM ${resolved.tables.outbox}`,
      );
      return { lag: Number(rows[0]?.waiting ?? 0), pending: Number(rows[0]?.leased ?? 0) };
    },
    on: (event, handler) => events.on(event, handler),
  };
}
