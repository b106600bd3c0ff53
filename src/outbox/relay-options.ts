/**
 * The relay's options: typed once, defaulted in one constant
 * (RELAY_DEFAULTS), resolved and checked in one function.
 */
import { hostname } from 'node:os';
import type { SignalsClient } from '../client/client.js';
import type { SignalsClientOptions } from '../client/options.js';
import type { PostgresTarget } from './connection.js';
import { outboxTables, type OutboxTables } from './tables.js';

/** Options of {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  /**
   * Where Postgres is: a URL, a `pg` Pool config, or undefined for env `CONNECT_POSTGRES_URL`
   * (else the standard `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`).
   * @default process.env.CONNECT_POSTGRES_URL, else the PG* variables
   * @example 'postgres://app:secret@127.0.0.1:5432/shop'
   */
  postgres?: PostgresTarget;
  /**
   * The outbox table's schema.
   * @default 'public'
   */
  schema?: string;
  /**
   * The outbox table (its dead letters are in `{table}_dead`, its NOTIFY channel is its name).
   * @default 'connect_signals_outbox'
   */
  table?: string;
  /**
   * How signals are delivered: client options (a client is made and closed by the relay; its
   * `batchSize` is the claim's size, at most 500), or a client of yours.
   */
  client: SignalsClientOptions | SignalsClient;
  /**
   * This relay's name, written in the rows it leases (`outbox status` shows it).
   * @default `${hostname}-${pid}-${random}`
   */
  relay?: string;
  /**
   * How long a claimed row is leased to this relay. A live relay renews the lease of the rows it
   * holds every third of this; a relay that died leaves its rows to others once it expires.
   * @default 30000
   */
  leaseMs?: number;
  /**
   * A row claimed more often than this (its deliveries failed, or its relays died) becomes a dead
   * letter with code `max_deliveries` instead of being delivered again.
   * @default 5
   */
  maxDeliveries?: number;
  /**
   * How long the relay waits for a NOTIFY before it claims again when the table had nothing to
   * claim (the fallback when notifications are lost: a dropped connection, PgBouncer in
   * transaction mode). With `untilEmpty`, the pause between two checks of a table that still
   * holds rows leased by others.
   * @default 1000 (100 with `untilEmpty`)
   */
  pollMs?: number;
  /**
   * How long a partial batch may wait for more rows (0: it goes once a claim returns less than a batch).
   * @default 0
   */
  flushIntervalMs?: number;
  /**
   * A rate limit shared, through Postgres, by every relay using the same database, endpoint and
   * API key (a row of `{table}_rate` keyed by a hash of the endpoint and key). Needs `client` as options.
   * @example { signalsPerSecond: 2000 }
   */
  rate?: { signalsPerSecond?: number; requestsPerSecond?: number };
  /**
   * Stop (and resolve `done`) once a claim finds nothing and the table is empty (no row left, leased or not).
   * @default false
   */
  untilEmpty?: boolean;
}

/** Defaults of every optional setting: the one place they are written. */
export const RELAY_DEFAULTS = {
  leaseMs: 30_000,
  maxDeliveries: 5,
  pollMs: 1000,
  pollMsUntilEmpty: 100,
  flushIntervalMs: 0,
  untilEmpty: false,
} as const;

/** A relay option is wrong (thrown by startOutboxRelay). */
export class RelayOptionsError extends Error {
  override readonly name = 'RelayOptionsError';
  readonly code = 'ERR_RELAY_OPTIONS';
  constructor(readonly option: string, message: string) {
    super(`${option}: ${message}`);
  }
}

/** Options after defaults and checks. */
export interface ResolvedRelayOptions {
  readonly tables: OutboxTables;
  readonly relay: string;
  readonly leaseMs: number;
  readonly maxDeliveries: number;
  readonly blockMs: number;
  readonly flushIntervalMs: number;
  readonly untilEmpty: boolean;
}

function whole(option: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) throw new RelayOptionsError(option, `must be a whole number ≥ ${min} (got ${String(value)})`);
  return v;
}

/** Applies RELAY_DEFAULTS and checks every option; throws {@link RelayOptionsError} (or OutboxNameError). */
export function resolveRelayOptions(options: OutboxRelayOptions): ResolvedRelayOptions {
  const untilEmpty = options.untilEmpty ?? RELAY_DEFAULTS.untilEmpty;
  const relay = options.relay ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  if (relay.length === 0 || relay.length > 200) throw new RelayOptionsError('relay', 'must be 1–200 characters');
  return {
    tables: outboxTables(options),
    relay,
    leaseMs: whole('leaseMs', options.leaseMs, RELAY_DEFAULTS.leaseMs, 100),
    maxDeliveries: whole('maxDeliveries', options.maxDeliveries, RELAY_DEFAULTS.maxDeliveries, 1),
    blockMs: whole('pollMs', options.pollMs, untilEmpty ? RELAY_DEFAULTS.pollMsUntilEmpty : RELAY_DEFAULTS.pollMs, 1),
    flushIntervalMs: whole('flushIntervalMs', options.flushIntervalMs, RELAY_DEFAULTS.flushIntervalMs, 0),
    untilEmpty,
  };
}
