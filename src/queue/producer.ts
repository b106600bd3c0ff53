/**
 * The producer of the Redis queue: `createSignalsQueue().enqueue(signal)`
 * validates a signal with the rules of `send` and appends the valid ones to
 * `{NAME}:signals` as `XADD {NAME}:signals * signal <json>`. An invalid signal
 * is not stored: its validation result comes back instead. A valid one
 * resolves once Redis has acknowledged the XADD, so after `await` a crash of
 * the app loses nothing that Redis keeps (see Redis persistence).
 */
import { validateInput, type Extract } from '../client/engine.js';
import { isTier } from '../validate/tiers.js';
import type { InvalidSignal, Tier, ValidationIssue } from '../validate/types.js';
import { QUEUE_DEFAULTS, SIGNAL_FIELD, queueKeys, type QueueKeys } from './keys.js';
import { connectRedis, redisTargetName, waitUntilReady, type RedisClient, type RedisTarget } from './redis.js';

/** Options of {@link createSignalsQueue}. */
export interface SignalsQueueOptions {
  /**
   * Where Redis is: a URL (`redis://`, `rediss://` with TLS, user and password), an ioredis
   * `Redis` or `Cluster` of yours (left open by `close()`), or `{ nodes }` of a Redis Cluster.
   * @example 'redis://127.0.0.1:6379'
   */
  redis: RedisTarget;
  /**
   * The queue's name: signals go to the stream `{NAME}:signals`.
   * @default 'connect-signals'
   */
  queue?: string;
  /**
   * Subscription tier: on `pro`, types other than addToCart, identification and order are invalid (not stored).
   * @default undefined (every type allowed)
   */
  tier?: Tier;
  /**
   * Application key filled in for signals that lack `appKey` (the stored JSON then has it).
   * @default undefined (a signal without appKey is invalid)
   */
  appKey?: string;
  /**
   * Signals per pipeline in `enqueueMany` (one round trip each).
   * @default 1000
   */
  chunkSize?: number;
  /**
   * How long `ready()` waits for Redis to answer before it rejects.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

/** Defaults of {@link SignalsQueueOptions}: the one place they are written. */
export const SIGNALS_QUEUE_DEFAULTS = {
  queue: QUEUE_DEFAULTS.queue,
  chunkSize: 1000,
  connectTimeoutMs: 5000,
} as const;

/** Pipelines of one `enqueueMany` sent before the first is answered: Redis stores one chunk while the next is validated. */
const PIPELINES_IN_FLIGHT = 2;

/** A valid signal, stored in the stream. */
export interface EnqueuedSignal {
  readonly status: 'enqueued';
  /** The id of its `{NAME}:signals` entry, e.g. `1732934400000-0`. */
  readonly entry: string;
  readonly signalType: string;
  /** Optional fields that were removed before storing, and fields that look misspelled. */
  readonly warnings: readonly ValidationIssue[];
}

/** An invalid signal: not stored. The validation result, with every error naming its field. */
export interface NotEnqueuedSignal extends Omit<InvalidSignal, 'valid'> {
  readonly status: 'invalid';
}

/** What `enqueue` resolves to. */
export type EnqueueResult = EnqueuedSignal | NotEnqueuedSignal;

/** Options of `enqueueMany`: how to get the signal (and its exact JSON text, if known) out of each item. */
export type EnqueueManyOptions<T> = Extract<T>;

/** The queue's options are wrong (thrown by {@link createSignalsQueue}). */
export class QueueOptionsError extends Error {
  override readonly name = 'QueueOptionsError';
  readonly code = 'ERR_QUEUE_OPTIONS';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/**
 * Redis refused an XADD (out of memory, a key of another type, ...), or the connection failed.
 * `results` says, input by input, what was stored: `undefined` for a signal that was not.
 */
export class QueueWriteError extends Error {
  override readonly name = 'QueueWriteError';
  readonly code = 'ERR_QUEUE_WRITE';
  constructor(
    readonly results: readonly (EnqueueResult | undefined)[],
    cause: unknown,
  ) {
    const missing = results.filter((r) => r === undefined).length;
    super(`Redis did not store ${missing} of ${results.length} signals: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The producer side of the queue. */
export interface SignalsQueue {
  /** The queue's keys (`signals` is the stream written). */
  readonly keys: QueueKeys;
  /** Connects and PINGs; rejects with QueueRedisError when Redis does not answer within `connectTimeoutMs`. */
  ready(): Promise<void>;
  /**
   * Validates `signal`; an invalid one resolves to its errors and is not stored, a valid one
   * resolves once Redis has stored it. Rejects with QueueWriteError when Redis refuses it.
   */
  enqueue(signal: unknown): Promise<EnqueueResult>;
  /**
   * Like `enqueue` for many signals, pipelined `chunkSize` at a time; results in input order.
   * Rejects with QueueWriteError (its `results` tell what was stored) when Redis refuses any.
   */
  enqueueMany<T = unknown>(items: readonly T[], options?: EnqueueManyOptions<T>): Promise<EnqueueResult[]>;
  /** Closes the connection if `createSignalsQueue` made it (from a URL or nodes). */
  close(): Promise<void>;
}

interface ResolvedQueueOptions {
  readonly keys: QueueKeys;
  readonly tier: Tier | undefined;
  readonly appKey: string | undefined;
  readonly chunkSize: number;
  readonly connectTimeoutMs: number;
}

function whole(option: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new QueueOptionsError(option, `must be a whole number from ${min} to ${max} (got ${String(value)})`);
  return v;
}

/** Applies {@link SIGNALS_QUEUE_DEFAULTS} and checks every option. */
function resolveQueueOptions(options: SignalsQueueOptions): ResolvedQueueOptions {
  if (options.tier !== undefined && !isTier(options.tier)) throw new QueueOptionsError('tier', `must be pro, premium or ultimate (got ${JSON.stringify(options.tier)})`);
  if (options.appKey !== undefined && (typeof options.appKey !== 'string' || options.appKey === '')) throw new QueueOptionsError('appKey', 'must be a non-empty string');
  return {
    keys: queueKeys(options.queue ?? SIGNALS_QUEUE_DEFAULTS.queue),
    tier: options.tier,
    appKey: options.appKey,
    chunkSize: whole('chunkSize', options.chunkSize, SIGNALS_QUEUE_DEFAULTS.chunkSize, 1, 100_000),
    connectTimeoutMs: whole('connectTimeoutMs', options.connectTimeoutMs, SIGNALS_QUEUE_DEFAULTS.connectTimeoutMs, 1, 600_000),
  };
}

/** A signal validated: its result for an invalid one, or the text to store. */
type Prepared = { readonly text: string; readonly signalType: string; readonly warnings: readonly ValidationIssue[] } | NotEnqueuedSignal;

function prepare<T>(options: ResolvedQueueOptions, item: T, extract: Extract<T> | undefined): Prepared {
  const { result, json } = validateInput(options, item, extract);
  if (!result.valid) return { status: 'invalid', signalType: result.signalType, errors: result.errors, warnings: result.warnings };
  // As the client's request bodies do: the caller's own text when validation kept the signal, else serialized.
  return { text: json ?? JSON.stringify(result.signal), signalType: result.signalType, warnings: result.warnings };
}

/** One chunk: its XADDs in one pipeline. Fills `results[from...]`; records the first error in `failure`. */
async function writeChunk(client: RedisClient, keys: QueueKeys, prepared: readonly Prepared[], from: number, results: (EnqueueResult | undefined)[], failure: { error?: unknown }): Promise<void> {
  const pipeline = client.pipeline();
  const at: number[] = [];
  for (let i = 0; i < prepared.length; i++) {
    const p = prepared[i]!;
    if ('status' in p) {
      results[from + i] = p;
      continue;
    }
    pipeline.xadd(keys.signals, '*', SIGNAL_FIELD, p.text);
    at.push(i);
  }
  if (at.length === 0) return;
  let replies: [Error | null, unknown][] | null;
  try {
    replies = await pipeline.exec();
  } catch (error) {
    failure.error ??= error;
    return;
  }
  for (let k = 0; k < at.length; k++) {
    const [error, id] = replies?.[k] ?? [new Error('no reply'), null];
    const p = prepared[at[k]!] as Exclude<Prepared, NotEnqueuedSignal>;
    if (error !== null || typeof id !== 'string') failure.error ??= error ?? new Error(`XADD answered ${String(id)}`);
    else results[from + at[k]!] = { status: 'enqueued', entry: id, signalType: p.signalType, warnings: p.warnings };
  }
}

/**
 * The producer of the queue `options.queue` on `options.redis`. Throws QueueOptionsError
 * (or QueueNameError, QueueRedisError for a bad URL) for bad options; connects lazily.
 *
 * @example
 * const queue = createSignalsQueue({ redis: process.env.CONNECT_REDIS_URL!, appKey: 'my-app' });
 * const result = await queue.enqueue(signal);
 * if (result.status === 'invalid') log(result.errors);
 */
export function createSignalsQueue(options: SignalsQueueOptions): SignalsQueue {
  const resolved = resolveQueueOptions(options);
  const { keys } = resolved;
  const connection = connectRedis(options.redis);
  const { client } = connection;

  async function enqueueMany<T>(items: readonly T[], extract?: Extract<T>): Promise<EnqueueResult[]> {
    const results = new Array<EnqueueResult | undefined>(items.length);
    const failure: { error?: unknown } = {};
    const inFlight: Promise<void>[] = [];
    for (let from = 0; from < items.length && failure.error === undefined; from += resolved.chunkSize) {
      const prepared = items.slice(from, from + resolved.chunkSize).map((item) => prepare(resolved, item, extract));
      inFlight.push(writeChunk(client, keys, prepared, from, results, failure));
      if (inFlight.length >= PIPELINES_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
    if (failure.error !== undefined) throw new QueueWriteError(results, failure.error);
    return results as EnqueueResult[];
  }

  return {
    keys,
    ready: () => waitUntilReady(client, redisTargetName(options.redis), resolved.connectTimeoutMs),
    async enqueue(signal) {
      const prepared = prepare(resolved, signal, undefined);
      if ('status' in prepared) return prepared;
      let id: string | null;
      try {
        id = await client.xadd(keys.signals, '*', SIGNAL_FIELD, prepared.text);
      } catch (error) {
        throw new QueueWriteError([undefined], error);
      }
      if (id === null) throw new QueueWriteError([undefined], new Error('XADD answered nil'));
      return { status: 'enqueued', entry: id, signalType: prepared.signalType, warnings: prepared.warnings };
    },
    enqueueMany: (items, extract) => enqueueMany(items, extract),
    close: () => connection.close(),
  };
}

