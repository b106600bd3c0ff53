/**
 * Token buckets: the client waits for tokens before each request, so it slows
 * down before Connect has to answer 429.
 *
 * A request takes its tokens at once and may leave the bucket in debt; the
 * next request waits until the debt is paid. So a batch larger than a second's
 * worth of tokens still goes, and the average rate holds.
 */
import type { RateLimitOptions } from './options.js';
import { sleep } from './sleep.js';

/** One bucket refilling `perSecond` tokens a second, holding at most one second's worth. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = perSecond;
    this.#last = now();
  }

  /** Takes `n` tokens; returns how long to wait (ms) before using them. */
  reserve(n: number): number {
    const now = this.now();
    this.#tokens = Math.min(this.perSecond, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    const before = this.#tokens;
    this.#tokens -= n;
    return before >= 0 ? 0 : Math.ceil((-before / this.perSecond) * 1000);
  }
}

/** The client's limiter: a signals bucket, a requests bucket, and a hold set by `Retry-After`. */
export class RateLimiter {
  readonly #signals: TokenBucket | undefined;
  readonly #requests: TokenBucket | undefined;
  #holdUntil = 0;

  constructor(rate: Readonly<RateLimitOptions>, private readonly now: () => number = Date.now) {
    this.#signals = rate.signalsPerSecond === undefined ? undefined : new TokenBucket(rate.signalsPerSecond, now);
    this.#requests = rate.requestsPerSecond === undefined ? undefined : new TokenBucket(rate.requestsPerSecond, now);
  }

  /** Holds every request until `ms` from now (a 429's `Retry-After` applies to all requests, not only the one that got it). */
  hold(ms: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, this.now() + ms);
  }

  /** Waits until a request of `size` signals may go. Resolves `false` if `signal` aborted. */
  async take(size: number, signal?: AbortSignal): Promise<boolean> {
    const wait = Math.max(this.#signals?.reserve(size) ?? 0, this.#requests?.reserve(1) ?? 0, this.#holdUntil - this.now());
    return sleep(wait, signal);
  }
}
