/**
 * A rate limit shared by every worker that uses the same Redis, endpoint and
 * API key: rate-limiter-flexible's RateLimiterRedis on the worker's own Redis
 * connection, plugged into the client as its `limiter` (waited for before
 * each request, retries included).
 *
 * The key is `{NAME}:rate:` + SHA-256 of the endpoint and the API key: the
 * same for every worker of one account, and never the key itself.
 *
 * Bursts. RateLimiterRedis counts in fixed windows: with one window of a
 * second holding the whole rate, the end of one window and the start of the
 * next can let 2× the rate through within a second. So the windows here are
 * short: each holds the largest single request (one request for `Nrps`, one
 * batch for `N/s`) and lasts that request's share of a second (at 5rps: one
 * request per 200 ms window). Within any second at most the rate plus one
 * window's worth can pass (5rps: 6 requests; 2000/s with batches of 500:
 * 2,500 signals), never 2×; averaged over longer times, the rate holds.
 * RateLimiterRedis takes whole seconds (its script sets `EX`); its
 * `customIncrTtlLuaScript` hook is given the same script with `PX`, and the
 * window's length is passed as its `duration` in milliseconds.
 */
import { createHash } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestLimiter } from '../client/options.js';
import { sleep } from '../client/sleep.js';
import type { QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** What the shared limit needs. */
export interface SharedRateOptions {
  readonly keys: QueueKeys;
  readonly endpoint: string;
  readonly apiKey: string;
  readonly rate: { readonly signalsPerSecond?: number | undefined; readonly requestsPerSecond?: number | undefined };
  /** The largest request, in signals (the client's batch size). */
  readonly batchSize: number;
}

/** RateLimiterRedis' own script, with the window in milliseconds (PX) rather than seconds (EX). */
const MS_WINDOW_SCRIPT = `redis.call('set', KEYS[1], 0, 'PX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('pexpire', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {consumed, ttl}`;

/** The part of the rate limiter's key after `{NAME}:rate:`: a hash of the endpoint and API key. */
export function rateKeyOf(endpoint: string, apiKey: string): string {
  return createHash('sha256').update(`${endpoint}\n${apiKey}`).digest('hex');
}

/** One fixed-window limit of `perSecond` units, in windows that each hold `perWindow` units. */
function windowLimiter(client: RedisClient, prefix: string, perSecond: number, perWindow: number): RateLimiterRedis {
  const windowMs = Math.max(1, Math.round((perWindow / perSecond) * 1000));
  // `duration` is read by MS_WINDOW_SCRIPT as milliseconds (see the module's comment).
  return new RateLimiterRedis({ storeClient: client, keyPrefix: prefix, points: perWindow, duration: windowMs, customIncrTtlLuaScript: MS_WINDOW_SCRIPT });
}

async function take(limiter: RateLimiterRedis, key: string, units: number, abort: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await limiter.consume(key, units);
      return;
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      if (!(await sleep(Math.max(1, rejected.msBeforeNext), abort))) return;
    }
  }
}

/** The shared limit as the client's {@link RequestLimiter}; undefined when no rate is given. */
export function sharedRateLimiter(client: RedisClient, options: SharedRateOptions): RequestLimiter | undefined {
  const { signalsPerSecond, requestsPerSecond } = options.rate;
  if (signalsPerSecond === undefined && requestsPerSecond === undefined) return undefined;
  const key = rateKeyOf(options.endpoint, options.apiKey);
  const signals = signalsPerSecond === undefined ? undefined : windowLimiter(client, `${options.keys.rate}:s`, signalsPerSecond, options.batchSize);
  const requests = requestsPerSecond === undefined ? undefined : windowLimiter(client, `${options.keys.rate}:r`, requestsPerSecond, 1);
  return {
    async acquire(count, abort) {
      if (signals !== undefined) await take(signals, key, Math.min(count, options.batchSize), abort);
      if (requests !== undefined && !abort.aborted) await take(requests, key, 1, abort);
    },
  };
}
