/**
 * The producer of the Redis queue: `createSignalsQueue().enqueue(signal)`
 * validates a signal with the rules of `send` and appends the valid ones to
 * `{NAME}:signals` as `XADD {NAME}:signals * signal <json>`. An invalid signal
 * is not stored: its validation result comes back instead. A valid one
 * resolves once Redis has acknowledged the XADD, so after `await` a crash of
 * the app loses nothing that Redis keeps (see Redis persistence).
 */
import { validateInput, type Extract as SignalExtract } from '../client/engine.js';
import { isTier } from '../validate/tiers.js';
import type { InvalidSignal, Tier, ValidationIssue } from '../validate/types.js';
import { QUEUE_DEFAULTS, SIGNAL_FIELD, queueKeys, type QueueKeys } from './keys.js';
import { appendChunk, MAX_CHUNK_BYTES } from './append.js';
import { READY_TIMEOUT_MS, connectRedis, redisTargetName, waitUntilReady, type RedisClient, type RedisTarget } from './redis.js';

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
   * Signals per chunk in `enqueueMany` (1–100,000): one round trip each (one EVAL that XADDs each signal, see
   * src/queue/append.ts); a chunk also ends at 16 MiB of signal text.
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
  connectTimeoutMs: READY_TIMEOUT_MS,
} as const;

/** Chunks of one `enqueueMany` sent before the first is answered: Redis stores one chunk while the next is validated. */
const CHUNKS_IN_FLIGHT = 2;

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
export type EnqueueManyOptions<T> = SignalExtract<T>;

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
   * Like `enqueue` for many signals, `chunkSize` per round trip, two chunks in flight; stored and
   * answered in input order. Rejects with QueueWriteError (its `results` tell what was stored)
   * when Redis refuses a chunk; no later chunk is sent then.
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

function prepare<T>(options: ResolvedQueueOptions, item: T, extract: SignalExtract<T> | undefined): Prepared {
  const { result, json } = validateInput(options, item, extract);
  if (!result.valid) return { status: 'invalid', signalType: result.signalType, errors: result.errors, warnings: result.warnings };
  // As the client's request bodies do: the caller's own text when validation kept the signal, else serialized.
  const text = json === undefined ? JSON.stringify(result.signal) : typeof json === 'string' ? json : Buffer.from(json.buffer, json.byteOffset, json.length).toString();
  return { text, signalType: result.signalType, warnings: result.warnings };
}

/** A chunk of valid signals on its way: their positions in the input and what was prepared. */
interface Chunk {
  readonly at: number[];
  readonly prepared: Exclude<Prepared, NotEnqueuedSignal>[];
  bytes: number;
}

/** Writes one chunk, filling `results` at its positions; records the first error in `failure` (the chunk is then not stored). */
async function writeChunk(client: RedisClient, keys: QueueKeys, chunk: Chunk, results: (EnqueueResult | undefined)[], failure: { error?: unknown }): Promise<void> {
  let ids: string[];
  try {
    ids = await appendChunk(client, keys.signals, chunk.prepared.map((p) => p.text));
  } catch (error) {
    failure.error ??= error;
    return;
  }
  chunk.prepared.forEach((p, k) => {
    results[chunk.at[k]!] = { status: 'enqueued', entry: ids[k]!, signalType: p.signalType, warnings: p.warnings };
  });
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

  async function enqueueMany<T>(items: readonly T[], extract?: SignalExtract<T>): Promise<EnqueueResult[]> {
    const results = new Array<EnqueueResult | undefined>(items.length);
    const failure: { error?: unknown } = {};
    const inFlight: Promise<void>[] = [];
    let chunk: Chunk = { at: [], prepared: [], bytes: 0 };
    const send = async () => {
      inFlight.push(writeChunk(client, keys, chunk, results, failure));
      chunk = { at: [], prepared: [], bytes: 0 };
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
    };
    for (let i = 0; i < items.length && failure.error === undefined; i++) {
      const p = prepare(resolved, items[i]!, extract);
      if ('status' in p) {
        results[i] = p;
        continue;
      }
      chunk.at.push(i);
      chunk.prepared.push(p);
      chunk.bytes += p.text.length;
      if (chunk.prepared.length >= resolved.chunkSize || chunk.bytes >= MAX_CHUNK_BYTES) await send();
    }
    if (chunk.prepared.length > 0 && failure.error === undefined) await send();
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

