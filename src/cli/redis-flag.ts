/**
 * `--redis URL` (or env `CONNECT_REDIS_URL`), shared by the commands that use
 * the Redis queue, and the one way they name that Redis in messages: with its
 * password replaced.
 */
import { redactRedisUrl } from '../queue/redis.js';
import { UsageError } from './io.js';

/** The environment variable read when `--redis` is not given. */
export const REDIS_URL_ENV = 'CONNECT_REDIS_URL';

/** The Redis URL from `--redis` or `CONNECT_REDIS_URL`; a UsageError (that never shows a password) when neither is usable. */
export function redisFlag(value: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = value ?? env[REDIS_URL_ENV];
  if (url === undefined || url === '') throw new UsageError(`give --redis redis://host:port (or set ${REDIS_URL_ENV})`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:port`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`--redis must start with redis:// or rediss:// (got ${redactRedisUrl(parsed)})`);
  }
  return url;
}
