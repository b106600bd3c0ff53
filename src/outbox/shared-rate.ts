/**
 * A rate limit shared by every relay on the same database, endpoint and API
 * key: rate-limiter-flexible's RateLimiterPostgres (its table `{TABLE}_rate`,
 * created by it, on the relay's pool), plugged into the client as its
 * `limiter`. The key is a SHA-256 of the endpoint and the API key (the
 * worker's `rateKeyOf`): the same for every relay of one account, and never
 * the key itself.
 *
 * RateLimiterPostgres counts in fixed windows timed by each process's clock,
 * which lets up to 2× the rate through at a window's edge (the worker's
 * shared-rate.ts tells how that met the emulator's 429s). So its upsert is
 * replaced, as the worker replaces RateLimiterRedis' script, by a GCRA step
 * in one statement on the server's clock: the row holds a "theoretical
 * arrival time" (microseconds); a grant moves it by the request's share of a
 * second (`signals / rate`, or `1 / rate` for requests); a request before
 * that time waits until it. Concurrent relays serialize on the row's lock.
 */
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestLimiter } from '../client/options.js';
import { meteredLimiter, rateKeyOf } from '../delivery/shared-rate.js';
import type { OutboxTables } from './tables.js';

/** What the shared limit needs. */
export interface OutboxRateOptions {
  readonly tables: OutboxTables;
  readonly endpoint: string;
  readonly apiKey: string;
  readonly rate: { readonly signalsPerSecond?: number | undefined; readonly requestsPerSecond?: number | undefined };
}

interface GcraRow {
  points: number;
  wait_ms: string | number;
}

/** RateLimiterPostgres with the GCRA step (one row per key: `expire` holds the theoretical arrival time in µs). */
class GcraPostgres extends RateLimiterPostgres {
  constructor(
    pool: Pool,
    tables: OutboxTables,
    prefix: string,
    private readonly unitMicros: number,
    ready: (error?: Error) => void,
  ) {
    super({ storeClient: pool, storeType: 'pool', tableName: tables.rateTable, schemaName: tables.schema, keyPrefix: prefix, points: 1, duration: 1, clearExpiredByTimeout: false }, ready);
  }

  _upsert(key: string, points: number): Promise<{ rows: GcraRow[] }> {
    const t = (this as unknown as { _getTableIdentifier(): string })._getTableIdentifier();
    const text = `WITH c AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS now)
INSERT INTO ${t} AS r (key, points, expire) SELECT $1, 1, c.now + $2 FROM c
ON CONFLICT (key) DO UPDATE SET
  points = CASE WHEN r.expire <= (SELECT now FROM c) THEN 1 ELSE 2 END,
  expire = CASE WHEN r.expire <= (SELECT now FROM c) THEN (SELECT now FROM c) + $2 ELSE r.expire END
RETURNING points, CASE WHEN points = 1 THEN 0 ELSE ceil((expire - (SELECT now FROM c)) / 1000.0) END AS wait_ms`;
    const query = (this as unknown as { _query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: GcraRow[] }> })._query.bind(this);
    return query({ name: 'gcra', text, values: [key, Math.round(points * this.unitMicros)] });
  }

  _getRateLimiterRes(_key: string, _changed: number, result: { rows: GcraRow[] }): RateLimiterRes {
    const row = result.rows[0]!;
    return new RateLimiterRes(Math.max(0, 1 - row.points), Number(row.wait_ms), row.points, row.points === 1);
  }
}

async function meter(pool: Pool, tables: OutboxTables, prefix: string, perSecond: number): Promise<GcraPostgres> {
  const unitMicros = 1_000_000 / perSecond;
  let limiter: GcraPostgres | undefined;
  await new Promise<void>((resolve, reject) => {
    limiter = new GcraPostgres(pool, tables, prefix, unitMicros, (error) => (error === undefined || error === null ? resolve() : reject(error)));
  });
  return limiter!;
}

/** The shared limit as the client's {@link RequestLimiter} (its table created if missing); undefined when no rate is given. */
export async function outboxRateLimiter(pool: Pool, options: OutboxRateOptions): Promise<RequestLimiter | undefined> {
  const { signalsPerSecond, requestsPerSecond } = options.rate;
  if (signalsPerSecond === undefined && requestsPerSecond === undefined) return undefined;
  const key = rateKeyOf(options.endpoint, options.apiKey);
  const signals = signalsPerSecond === undefined ? undefined : await meter(pool, options.tables, 'connect_signals_s', signalsPerSecond);
  const requests = requestsPerSecond === undefined ? undefined : await meter(pool, options.tables, 'connect_signals_r', requestsPerSecond);
  return meteredLimiter(key, signals, requests, (rejected): rejected is RateLimiterRes => rejected instanceof RateLimiterRes);
}
