/**
 * The gateway's Redis client. Unlike the worker's (which waits while Redis is
 * away), it fails a command at once while disconnected (no offline queue, no
 * retry of a command cut off): a webhook is answered 503 at once and its
 * sender retries, instead of requests piling up in the gateway's memory.
 * ioredis still reconnects in the background.
 */
import type { RedisOptions } from 'ioredis';
import { connectRedis, type RedisConnection, type RedisTarget } from '../queue/redis.js';

const OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
  connectTimeout: 3000,
  // Commands of concurrent requests go out in one write: fewer system calls for the gateway and for Redis.
  enableAutoPipelining: true,
};

/** A client for `target` that fails fast while Redis is away (the caller's own client is used as it is). */
export function gatewayRedis(target: RedisTarget): RedisConnection {
  return connectRedis(target, { redis: OPTIONS, cluster: { enableOfflineQueue: false } });
}
