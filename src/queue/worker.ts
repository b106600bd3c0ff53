/**
 * startSignalsWorker: delivers the signals of a Redis stream to Connect with
 * the batching client (same validation, batches, retries, splits), and
 * acknowledges each entry once its signal has settled. Any number of workers,
 * on any number of machines, share a stream through one consumer group.
 *
 * This module wires the parts: Redis connections (one for the blocking reads,
 * one for everything else), the client with the shared rate limit, and the
 * delivery loop (src/delivery/loop.ts) over the stream's source
 * (src/queue/worker-source.ts).
 */
import { createSignalsClient, type SignalsClient } from '../client/client.js';
import { DEFAULTS as CLIENT_DEFAULTS, resolveEndpoint, type SignalsClientOptions } from '../client/options.js';
import { connectRedis, redisTargetName, waitUntilReady, type RedisClient } from './redis.js';
import { isSignalsClient, settleFirst } from '../delivery/client.js';
import { startDeliveryLoop } from '../delivery/loop.js';
import { emptyCounts, WorkerEmitter, type SignalsWorkerEventName, type SignalsWorkerHandler, type WorkerReport } from './worker-events.js';
import { resolveWorkerOptions, WorkerOptionsError, type SignalsWorkerOptions } from './worker-options.js';
import { ensureGroup, groupState, type ReadTarget } from './worker-read.js';
import { Acknowledger } from './worker-settle.js';
import { streamSource } from './worker-source.js';

/** Options of {@link SignalsWorker.stop}. */
export interface StopOptions {
  /**
   * How long requests in flight may take before they are aborted (their entries then stay
   * pending, and are delivered again by a worker).
   * @default 10000
   */
  graceMs?: number;
}

/** Default of {@link StopOptions.graceMs}. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/** A running worker. */
export interface SignalsWorker {
  /** This worker's consumer name in the group. */
  readonly consumer: string;
  /** The client delivering the signals (its events: `batch`, `retry`, `split`, ...). */
  readonly client: SignalsClient;
  /** True while the worker reads and Redis answers (the metrics' `/healthz`). */
  readonly reading: boolean;
  /** Resolves to the report once the worker has stopped (`stop()`, or `untilEmpty` found the queue empty). */
  readonly done: Promise<WorkerReport>;
  /** Stops reading, delivers what was read, acknowledges; resolves to the report. */
  stop(options?: StopOptions): Promise<WorkerReport>;
  /** The counts so far. */
  report(): WorkerReport;
  /** The group's lag (entries not yet read) and pending entries. */
  queueState(): Promise<{ lag: number | undefined; pending: number }>;
  /** Adds an event handler; returns a function that removes it. */
  on<E extends SignalsWorkerEventName>(event: E, handler: SignalsWorkerHandler<E>): () => void;
}

/** The client: the caller's, or one made from options with {@link settleFirst} as its `limiter`. */
async function clientFor(options: SignalsWorkerOptions, redis: RedisClient, target: ReadTarget, acks: Acknowledger): Promise<{ client: SignalsClient; batchSize: number; owned: boolean }> {
  const given = options.client;
  if (isSignalsClient(given)) {
    if (options.rate !== undefined) throw new WorkerOptionsError('rate', 'give the client as options for a shared rate limit (or give your client a limiter)');
    return { client: given, batchSize: CLIENT_DEFAULTS.batchSize, owned: false };
  }
  const clientOptions: SignalsClientOptions = { keepOutcomes: 0, ...given };
  const batchSize = clientOptions.batchSize ?? CLIENT_DEFAULTS.batchSize;
  // rate-limiter-flexible is loaded only for a shared rate (~20 ms of every worker's start otherwise).
  const shared = options.rate === undefined
    ? undefined
    : (await import('./shared-rate.js')).sharedRateLimiter(redis, {
        keys: target.keys,
        endpoint: resolveEndpoint(clientOptions.endpoint, clientOptions.region).href,
        apiKey: clientOptions.apiKey ?? '',
        rate: options.rate,
      });
  return { client: createSignalsClient({ ...clientOptions, limiter: settleFirst(acks, shared) }), batchSize, owned: true };
}

/**
 * Connects, creates the group if missing, and starts delivering. Rejects with QueueRedisError
 * when Redis does not answer within 5 s, and with WorkerOptionsError / ClientOptionsError for
 * bad options.
 */
export async function startSignalsWorker(options: SignalsWorkerOptions): Promise<SignalsWorker> {
  const resolved = resolveWorkerOptions(options);
  const target: ReadTarget = { keys: resolved.keys, group: resolved.group, consumer: resolved.consumer };
  const connection = connectRedis(options.redis);
  const redis = connection.client;
  const counts = emptyCounts();
  const events = new WorkerEmitter();
  const acks = new Acknowledger(redis, target, (error, entries) => {
    counts.ackErrors += entries;
    events.emit('error', { error: error instanceof Error ? error : new Error(String(error)), during: 'acknowledging' });
  });
  let reader: RedisClient | undefined;
  let made: Awaited<ReturnType<typeof clientFor>>;
  try {
    await waitUntilReady(redis, redisTargetName(options.redis));
    await ensureGroup(redis, target);
    reader = (redis.duplicate as () => RedisClient).call(redis);
    reader.on('error', () => {}); // ioredis reconnects it; commands wait meanwhile
    await waitUntilReady(reader, redisTargetName(options.redis));
    made = await clientFor(options, redis, target, acks);
  } catch (error) {
    reader?.disconnect();
    await connection.close();
    throw error;
  }
  const { client, batchSize, owned } = made;
  const source = streamSource({ options: resolved, target, redis, reader, batchSize, acks });
  const settings = { ...resolved, holders: 'workers' };
  const loop = startDeliveryLoop({ settings, source, client, batchSize, counts, events });
  const report = (): WorkerReport => ({ ...counts });
  const readerConnection = reader;
  const done = loop.done.finally(async () => {
    if (owned) await client.close({ timeoutMs: 0 });
    readerConnection.disconnect();
    await connection.close();
  }).then(report);

  return {
    consumer: resolved.consumer,
    client,
    get reading() {
      return loop.reading;
    },
    done,
    stop(stopOptions = {}) {
      loop.stop(stopOptions.graceMs ?? DEFAULT_STOP_GRACE_MS);
      return done;
    },
    report,
    queueState: () => groupState(redis, target),
    on: (event, handler) => events.on(event, handler),
  };
}
