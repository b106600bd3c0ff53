/**
 * The gateway's Redis client. Unlike the worker's (which waits while Redis is
 * away), it fails a command at once while disconnected (no offline queue, no
 * retry of a command cut off): a webhook is answered 503 at once and its
 * sender retries, instead of requests piling up in the gateway's memory.
 * ioredis still reconnects in the background.
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { connectRedis, QueueRedisError, type RedisClient, type RedisConnection, type RedisTarget } from '../queue/redis.js';

const OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 1000),
  connectTimeout: 3000,
  lazyConnect: true,
  // Commands of concurrent requests go out in one write: fewer system calls for the gateway and for Redis.
  enableAutoPipelining: true,
};

function urlOf(target: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(target));
  } catch {
    throw new QueueRedisError('the Redis URL is not a URL: give redis://host:port or rediss://user:password@host:port');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new QueueRedisError(`the Redis URL must start with redis:// or rediss:// (got ${parsed.protocol}//)`);
  return parsed;
}

/** A client for `target` that fails fast while Redis is away (the caller's own client is used as it is). */
export function gatewayRedis(target: RedisTarget): RedisConnection {
  let client: RedisClient;
  if (typeof target === 'string' || target instanceof URL) client = new Redis(urlOf(target).toString(), OPTIONS);
  else if (target instanceof Redis || target instanceof Cluster) return connectRedis(target);
  else client = new Cluster([...target.nodes], { lazyConnect: true, enableOfflineQueue: false, ...target.options, redisOptions: { ...OPTIONS, ...target.options?.redisOptions } });
  // Our client's connection errors are retried by ioredis; commands fail meanwhile (answered 503).
  client.on('error', () => {});
  return {
    client,
    owned: true,
    close: async () => {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
