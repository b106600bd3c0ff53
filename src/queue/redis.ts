/**
 * Where the queue's Redis is: a URL (`redis://`, `rediss://` for TLS, with user
 * and password), an ioredis client of yours (`Redis` or `Cluster`), or the nodes
 * of a Redis Cluster. ioredis does the protocol, TLS, reconnection and cluster
 * routing.
 */
import { createRequire } from 'node:module';
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from 'ioredis';

const require = createRequire(import.meta.url);

/**
 * ioredis, loaded when a client is first made or recognised, not when the package is imported (a
 * light import). It is CommonJS, so require() loads it synchronously, as connectRedis is; the ES
 * import of ioredis an application makes gets this same module, so `instanceof` still holds.
 */
function ioredis(): typeof import('ioredis') {
  return require('ioredis') as typeof import('ioredis');
}

/** An ioredis client: one server, or a cluster. */
export type RedisClient = Redis | Cluster;

/** Where the queue's Redis is. */
export type RedisTarget =
  | string
  | URL
  | RedisClient
  | {
      /** Nodes of a Redis Cluster (any subset: the rest are discovered). */
      readonly nodes: readonly ClusterNode[];
      /** Passed to ioredis' `Cluster`. */
      readonly options?: ClusterOptions;
    };

/** The Redis target cannot be used (a bad URL, unreachable at start). */
export class QueueRedisError extends Error {
  override readonly name = 'QueueRedisError';
  readonly code = 'ERR_QUEUE_REDIS';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A connected client and whether the caller made it (then `close()` quits it). */
export interface RedisConnection {
  readonly client: RedisClient;
  /** True when this module created the client from a URL or nodes: it is ours to close. */
  readonly owned: boolean;
  /** Closes the client if it is ours (QUIT, then disconnect if QUIT does not answer). */
  close(): Promise<void>;
}

/** How long a check that Redis answers waits by default (`waitUntilReady`, the producer's and the administration calls' `connectTimeoutMs`). */
export const READY_TIMEOUT_MS = 5000;

/** Options every client made from a URL or nodes gets. */
const CLIENT_OPTIONS: RedisOptions = {
  // A command waits while Redis is away (restart, failover) and goes once reconnected.
  maxRetriesPerRequest: null,
  // Reconnect with a growing delay, capped at 2 s.
  retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  connectTimeout: 5000,
};

/** A URL for messages: the password, if any, replaced. */
export function redactRedisUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/** `target` for messages: a URL without its password, the first nodes of a cluster, or "the given client". */
export function redisTargetName(target: RedisTarget): string {
  if (typeof target === 'string' || target instanceof URL) return redactRedisUrl(target);
  if (isClient(target)) return 'the given Redis client';
  const nodes = target.nodes.slice(0, 3).map((n) => (typeof n === 'object' ? `${n.host ?? '127.0.0.1'}:${n.port ?? 6379}` : String(n).includes('@') ? redactRedisUrl(String(n)) : String(n)));
  return `the Redis Cluster at ${nodes.join(', ')}${target.nodes.length > 3 ? ', ...' : ''}`;
}

/** Other settings for the clients {@link connectRedis} makes (e.g. the gateway's fail-fast ones), over the worker's defaults. */
export interface RedisTuning {
  /** For a single node, and for each node of a cluster. */
  readonly redis?: RedisOptions;
  /** For a Redis Cluster itself. */
  readonly cluster?: ClusterOptions;
}

function fromUrl(url: string | URL, tuning: RedisTuning): Redis {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new QueueRedisError(`the Redis URL is not a URL: give redis://host:port or rediss://user:password@host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueRedisError(`the Redis URL must start with redis:// or rediss:// (got ${parsed.protocol}//)`);
  }
  return new (ioredis().Redis)(parsed.toString(), { ...CLIENT_OPTIONS, ...tuning.redis, lazyConnect: true });
}

function isClient(target: RedisTarget): target is RedisClient {
  const { Redis, Cluster } = ioredis();
  return target instanceof Redis || target instanceof Cluster;
}

/** A client for `target`; one made here is ours to close. Does not wait for the connection: see {@link waitUntilReady}. */
export function connectRedis(target: RedisTarget, tuning: RedisTuning = {}): RedisConnection {
  if (isClient(target)) return { client: target, owned: false, close: async () => {} };
  const client: RedisClient =
    typeof target === 'string' || target instanceof URL
      ? fromUrl(target, tuning)
      : new (ioredis().Cluster)([...target.nodes], {
          lazyConnect: true,
          ...tuning.cluster,
          ...target.options,
          redisOptions: { ...CLIENT_OPTIONS, ...tuning.redis, ...target.options?.redisOptions },
        });
  // Errors of a client of ours (refused while Redis restarts, ...) are retried by ioredis: they are not
  // unhandled. Commands still reject with them once retries give up.
  client.on('error', () => {});
  return { client, owned: true, close: () => quit(client) };
}

async function quit(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  // Not connected (refused, reconnecting): nothing to QUIT, and a QUIT would wait for a reconnection.
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  const timer = setTimeout(() => client.disconnect(), 2000);
  try {
    await client.quit();
  } catch {
    client.disconnect();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects (if lazy) and PINGs within `timeoutMs`; rejects with a QueueRedisError that says
 * where and why (never the password) instead of waiting for ever on an unreachable Redis.
 */
export async function waitUntilReady(client: RedisClient, where: string, timeoutMs: number = READY_TIMEOUT_MS): Promise<void> {
  // The connection's own errors (refused, WRONGPASS, TLS) arrive as events, not as the rejection: keep the last for the message.
  let last: Error | undefined;
  const onError = (error: Error) => (last = error);
  client.on('error', onError);
  const why = () => (last === undefined ? '' : `: ${last.message}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueRedisError(`Redis at ${where} did not answer within ${timeoutMs} ms${why()}`)), timeoutMs);
  });
  try {
    if (client.status === 'wait') await Promise.race([client.connect(), timeout]);
    await Promise.race([client.ping(), timeout]);
  } catch (error) {
    if (error instanceof QueueRedisError) throw error;
    const message = last?.message ?? (error instanceof Error ? error.message : String(error));
    throw new QueueRedisError(`cannot reach Redis at ${where}: ${message}`, { cause: last ?? error });
  } finally {
    clearTimeout(timer);
    client.off('error', onError);
  }
}
