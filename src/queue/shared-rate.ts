/**
 * A rate limit shared by every worker that uses the same Redis, endpoint and
 * API key: rate-limiter-flexible's RateLimiterRedis on the worker's own Redis
 * connection, plugged into the client as its `limiter` (waited for before
 * each request, retries included).
 *
 * The key is `{NAME}:rate:` + SHA-256 of the endpoint and the API key: the
 * same for every worker of one account, and never the key itself.
 *
 * Bursts. RateLimiterRedis' own script counts in fixed windows: with a window
 * of a second holding the whole rate, the end of one window and the start of
 * the next let up to 2× the rate through within one second (STACK.md).
 * Shorter windows only shrink that to the rate plus one window's worth (one
 * request more per second at `5rps`: tried first, and the emulator, limited
 * to 5 a second, answered 429s). So the script given through
 * RateLimiterRedis' `customIncrTtlLuaScript` hook is a GCRA step (a meter with
 * no burst allowance) instead: each grant moves a "theoretical arrival time"
 * by the request's share of a second (`signals / rate`, or `1 / rate` for
 * `Nrps`), and the next request may go only once that time has come, for
 * every worker alike (Redis' own clock, so the workers' clocks do not matter).
 * Requests of one size are thus spaced exactly `size / rate` apart: never
 * more than the rate within any second, and the rate on average. Requests of
 * mixed sizes (partial batches with `N/s`) can exceed it within one second by
 * at most the largest request.
 */
import { createRequire } from 'node:module';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RequestLimiter } from '../client/options.js';
import { meteredLimiter, rateKeyOf } from '../delivery/shared-rate.js';
import type { QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

const require = createRequire(import.meta.url);

/** rate-limiter-flexible (CommonJS), loaded when a shared limit is made, not when the package is imported (a light import). */
function rateLimiterFlexible(): typeof import('rate-limiter-flexible') {
  return require('rate-limiter-flexible') as typeof import('rate-limiter-flexible');
}

/** What the shared limit needs. */
export interface SharedRateOptions {
  readonly keys: QueueKeys;
  readonly endpoint: string;
  readonly apiKey: string;
  readonly rate: { readonly signalsPerSecond?: number | undefined; readonly requestsPerSecond?: number | undefined };
}

/**
 * The GCRA step, in the shape RateLimiterRedis expects of its script: ARGV are the units asked,
 * the duration, the limiter's points (1 here) and its duration (the microseconds one unit takes,
 * see {@link meter}); it returns {consumed, ms}. A grant returns {1, ms its units take}; a refusal
 * {points + 1, ms until the theoretical arrival time}, which RateLimiterRedis rejects with
 * `msBeforeNext` = that wait. The key holds only that time (and expires once it has passed).
 */
const GCRA_SCRIPT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local step = tonumber(ARGV[1]) * tonumber(ARGV[4]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat > now then
  return {tonumber(ARGV[3]) + 1, math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], tostring(now + step), 'PX', math.ceil(step) + 1000)
return {1, math.ceil(step)}`;

/** The part of the rate limiter's key after `{NAME}:rate:`: a hash of the endpoint and API key. */
export { rateKeyOf };

/**
 * A meter of `perSecond` units: RateLimiterRedis running {@link GCRA_SCRIPT}. Its `duration` is
 * passed as the microseconds one unit takes (the script divides by 1000: RateLimiterRedis floors a
 * duration to whole units, and whole microseconds keep rates up to 1,000,000/s exact enough).
 */
function meter(client: RedisClient, prefix: string, perSecond: number): RateLimiterRedis {
  const unitMicros = Math.max(1, Math.round(1_000_000 / perSecond));
  return new (rateLimiterFlexible().RateLimiterRedis)({ storeClient: client, keyPrefix: prefix, points: 1, duration: unitMicros, customIncrTtlLuaScript: GCRA_SCRIPT });
}

/** The shared limit as the client's {@link RequestLimiter}; undefined when no rate is given. */
export function sharedRateLimiter(client: RedisClient, options: SharedRateOptions): RequestLimiter | undefined {
  const { signalsPerSecond, requestsPerSecond } = options.rate;
  if (signalsPerSecond === undefined && requestsPerSecond === undefined) return undefined;
  const key = rateKeyOf(options.endpoint, options.apiKey);
  const signals = signalsPerSecond === undefined ? undefined : meter(client, `${options.keys.rate}:s`, signalsPerSecond);
  const requests = requestsPerSecond === undefined ? undefined : meter(client, `${options.keys.rate}:r`, requestsPerSecond);
  const { RateLimiterRes } = rateLimiterFlexible();
  return meteredLimiter(key, signals, requests, (rejected): rejected is InstanceType<typeof RateLimiterRes> => rejected instanceof RateLimiterRes);
}
