/**
 * What the queue's administration functions (`queueStatus`, `listDeadLetters`,
 * `replayDeadLetters`) share: their options, and one connection per call that
 * is ready (or fails within a bound) and closed afterwards if it was made here.
 * Redis's error replies come out as QueueRedisError.
 */
import { QUEUE_DEFAULTS, queueKeys, type QueueKeys } from './keys.js';
import { QueueRedisError, READY_TIMEOUT_MS, connectRedis, redisTargetName, waitUntilReady, type RedisClient, type RedisTarget } from './redis.js';

/** Options every administration function takes. */
export interface QueueAdminOptions {
  /**
   * Where Redis is: a URL, an ioredis client of yours (left open), or `{ nodes }` of a cluster.
   * @example 'redis://127.0.0.1:6379'
   */
  redis: RedisTarget;
  /**
   * The queue's name (`{NAME}:signals`, `{NAME}:dead`).
   * @default 'connect-signals'
   */
  queue?: string;
  /**
   * How long to wait for Redis to answer before failing with QueueRedisError.
   * @default 5000
   */
  connectTimeoutMs?: number;
}

/** Defaults of the administration functions' options. */
export const QUEUE_ADMIN_DEFAULTS = {
  queue: QUEUE_DEFAULTS.queue,
  group: QUEUE_DEFAULTS.group,
  connectTimeoutMs: READY_TIMEOUT_MS,
  /** Dead letters `listDeadLetters` returns. */
  count: 100,
} as const;

/** Runs `use` with a ready client and the queue's keys; closes the client afterwards if it was made here. */
export async function withQueue<R>(options: QueueAdminOptions, use: (client: RedisClient, keys: QueueKeys) => Promise<R>): Promise<R> {
  const keys = queueKeys(options.queue ?? QUEUE_ADMIN_DEFAULTS.queue);
  const connection = connectRedis(options.redis);
  try {
    await waitUntilReady(connection.client, redisTargetName(options.redis), options.connectTimeoutMs ?? QUEUE_ADMIN_DEFAULTS.connectTimeoutMs);
    return await use(connection.client, keys);
  } catch (error) {
    // An error reply (a key of another type, NOPERM, ...): one stable error class for callers.
    if (error instanceof Error && error.name === 'ReplyError') throw new QueueRedisError(`Redis answered an error: ${error.message}`, { cause: error });
    throw error;
  } finally {
    await connection.close();
  }
}

/** The value after `name` in a flat `[name, value, ...]` reply of Redis (XINFO). */
export function field(reply: readonly unknown[], name: string): unknown {
  for (let i = 0; i + 1 < reply.length; i += 2) if (reply[i] === name) return reply[i + 1];
  return undefined;
}
