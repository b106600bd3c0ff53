/**
 * writeSignals: the library's producer. Validates signals with `send`'s
 * rules and inserts the valid ones in one statement on the caller's
 * connection, so in the caller's transaction: it never begins, commits or
 * rolls back anything itself, and needs no `pg` (anything with
 * `query(text, values)` will do: a `pg` Client or PoolClient, a Knex
 * transaction's `raw`, a Prisma or Drizzle adapter; see docs/outbox.md).
 */
import { validateInput } from '../client/engine.js';
import { isTier } from '../validate/tiers.js';
import type { Tier, ValidationIssue } from '../validate/types.js';
import { outboxTables } from './tables.js';

/** What writeSignals needs of a connection: `pg`'s `query(text, values)`. */
export interface OutboxQueryable {
  /** Runs one statement with `$1…` parameters, on the caller's connection (and so inside the caller's transaction). */
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** Options of {@link writeSignals}. */
export interface WriteSignalsOptions {
  /**
   * The outbox table's schema.
   * @default 'public'
   */
  schema?: string;
  /**
   * The outbox table.
   * @default 'connect_signals_outbox'
   */
  table?: string;
  /**
   * Subscription tier: on `pro`, types other than addToCart, identification and order are invalid (not written).
   * @default undefined (every type allowed)
   */
  tier?: Tier;
  /**
   * Application key filled in for signals that lack `appKey` (the written JSON then has it).
   * @default undefined (a signal without appKey is invalid)
   * @example 'my-app-key'
   */
  appKey?: string;
}

/** A signal writeSignals did not write, with why. */
export interface NotWrittenSignal {
  /** Its position in the signals given. */
  readonly index: number;
  readonly signalType: string;
  readonly errors: readonly ValidationIssue[];
}

/** What writeSignals did. */
export interface WriteSignalsResult {
  /** Rows inserted (the valid signals). */
  readonly written: number;
  /** The invalid signals, not written. */
  readonly invalid: readonly NotWrittenSignal[];
}

/** A writeSignals option is wrong. */
export class WriteSignalsOptionsError extends Error {
  override readonly name = 'WriteSignalsOptionsError';
  readonly code = 'ERR_OUTBOX_WRITE_OPTIONS';
  constructor(readonly option: string, message: string) {
    super(`${option}: ${message}`);
  }
}

const statements = new Map<string, { one: string; many: string }>();

function statementsFor(schema: string | undefined, table: string | undefined): { one: string; many: string } {
  const key = `${schema ?? ''}.${table ?? ''}`;
  let s = statements.get(key);
  if (s === undefined) {
    const { outbox } = outboxTables({ schema, table });
    s = { one: `INSERT INTO ${outbox} (signal) VALUES ($1::jsonb)`, many: `INSERT INTO ${outbox} (signal) SELECT unnest($1::jsonb[])` };
    statements.set(key, s);
  }
  return s;
}

/**
 * Validates `signals` and inserts the valid ones into the outbox with one statement on `db` (in its
 * transaction, if one is open). Resolves to how many were written and the invalid ones; rejects only
 * when the INSERT fails (the caller's transaction is then the caller's to roll back).
 * @example await writeSignals(client, [orderSignal]) // inside BEGIN … COMMIT
 */
export async function writeSignals(db: OutboxQueryable, signals: readonly unknown[], options: WriteSignalsOptions = {}): Promise<WriteSignalsResult> {
  if (options.tier !== undefined && !isTier(options.tier)) throw new WriteSignalsOptionsError('tier', `must be pro, premium or ultimate (got ${JSON.stringify(options.tier)})`);
  const sql = statementsFor(options.schema, options.table);
  const rules = { tier: options.tier, appKey: options.appKey };
  const texts: string[] = [];
  const invalid: NotWrittenSignal[] = [];
  for (let i = 0; i < signals.length; i++) {
    const { result } = validateInput(rules, signals[i]);
    if (result.valid) texts.push(JSON.stringify(result.signal));
    else invalid.push({ index: i, signalType: result.signalType, errors: result.errors });
  }
  if (texts.length === 1) await db.query(sql.one, texts);
  else if (texts.length > 1) await db.query(sql.many, [texts]);
  return { written: texts.length, invalid };
}
