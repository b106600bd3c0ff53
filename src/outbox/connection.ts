/**
 * Connecting to Postgres: a `pg` Pool made from a URL, a `pg` config, or the
 * standard `PG*` variables (and `CONNECT_POSTGRES_URL`), loaded with a dynamic
 * `import()` so that importing the package never loads `pg`; and the URL
 * without its password, for output.
 */
import type { Pool, PoolConfig } from 'pg';

/** Where Postgres is: a URL (`postgres://user:password@host:port/db`), a `pg` Pool config, or undefined (env `CONNECT_POSTGRES_URL`, else the `PG*` variables). */
export type PostgresTarget = string | PoolConfig | undefined;

/** Postgres did not answer, or the outbox's tables are missing. */
export class OutboxPostgresError extends Error {
  override readonly name = 'OutboxPostgresError';
  readonly code = 'ERR_OUTBOX_POSTGRES';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** How long connecting may take before the relay or a command gives up. */
export const CONNECT_TIMEOUT_MS = 5000;

/** `url` with its password replaced by `***` (text that is not a URL is shown as `***`, which might be one). */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '***';
  }
}

/** What to name a target in messages (never with its password). */
export function postgresTargetName(target: PostgresTarget): string {
  const url = typeof target === 'string' ? target : target === undefined ? process.env.CONNECT_POSTGRES_URL : undefined;
  if (url !== undefined && url !== '') return redactPostgresUrl(url);
  const config = typeof target === 'object' ? target : {};
  const host = config.host ?? process.env.PGHOST ?? 'localhost';
  const port = config.port ?? process.env.PGPORT ?? 5432;
  const database = config.database ?? process.env.PGDATABASE ?? '';
  return `postgres://${host}:${port}/${database}`;
}

function configOf(target: PostgresTarget, max: number): PoolConfig {
  const base: PoolConfig = { max, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'connect-signals' };
  if (typeof target === 'object') return { ...base, ...target };
  const url = target ?? process.env.CONNECT_POSTGRES_URL;
  // Without a URL, pg reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE itself.
  return url === undefined || url === '' ? base : { ...base, connectionString: url };
}

/** A Pool of `max` connections; errors of idle connections (a restarted server) are swallowed: the next query reconnects. */
export async function connectPool(target: PostgresTarget, max: number): Promise<Pool> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool(configOf(target, max));
  pool.on('error', () => {});
  return pool;
}

/** A single client (for LISTEN), not yet connected. */
export async function newClient(target: PostgresTarget): Promise<import('pg').Client> {
  const { default: pg } = await import('pg');
  return new pg.Client(configOf(target, 1));
}

/** A pg error's message without anything of the connection's secrets (pg's messages carry none; a URL in one is redacted). */
export function describePgError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/postgres(?:ql)?:\/\/[^\s'"]+/g, (url) => redactPostgresUrl(url));
}
