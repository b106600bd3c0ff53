/**
 * The part of a shared rate limit that does not depend on the store: waiting
 * for a meter (rate-limiter-flexible's RateLimiterRedis for the worker,
 * RateLimiterPostgres for the relay, each running a GCRA step) until it
 * grants, and making the client's `limiter` of a signals meter and a requests
 * meter. The key is {@link rateKeyOf}: never the API key itself.
 */
import { createHash } from 'node:crypto';
import type { RequestLimiter } from '../client/options.js';
import { sleep } from '../client/sleep.js';

/** One meter of a shared rate (a rate-limiter-flexible limiter): grants `points` for `key`, or rejects with how long to wait. */
export interface RateMeter {
  consume(key: string, points: number): Promise<unknown>;
}

/** Whether a meter's rejection is "not yet" (rate-limiter-flexible's `RateLimiterRes`), rather than an error. */
export type IsRateRejection = (rejected: unknown) => rejected is { msBeforeNext: number };

/** The key of a shared rate: a SHA-256 of the endpoint and the API key (the same for every worker or relay of one account). */
export function rateKeyOf(endpoint: string, apiKey: string): string {
  return createHash('sha256').update(`${endpoint}\n${apiKey}`).digest('hex');
}

async function take(meter: RateMeter, key: string, units: number, abort: AbortSignal, isRejection: IsRateRejection): Promise<void> {
  for (;;) {
    try {
      await meter.consume(key, units);
      return;
    } catch (rejected) {
      if (!isRejection(rejected)) throw rejected;
      if (!(await sleep(Math.max(1, rejected.msBeforeNext), abort))) return;
    }
  }
}

/** The client's `limiter`: a request waits for its signals on `signals`, then for one unit of `requests` (either may be absent). */
export function meteredLimiter(key: string, signals: RateMeter | undefined, requests: RateMeter | undefined, isRejection: IsRateRejection): RequestLimiter {
  return {
    async acquire(count, abort) {
      if (signals !== undefined) await take(signals, key, count, abort, isRejection);
      if (requests !== undefined && !abort.aborted) await take(requests, key, 1, abort, isRejection);
    },
  };
}
