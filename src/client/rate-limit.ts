/**
 * Token buckets: the client waits for tokens before each request, so it slows
 * down before Connect has to answer 429.
 *
 * A request takes its tokens at once and may leave the bucket in debt; the
 * next request waits until the debt is paid. So a batch larger than a second's
 * worth of tokens still goes, and the average rate holds.
 */
import type { RateLimitOptions, RequestLimiter } from './options.js';
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

/**
 * The client's limiter: a signals bucket, a requests bucket, a hold set by `Retry-After`, and
 * the caller's own {@link RequestLimiter} if any (waited for last, so that a shared limit is not
 * held while this process would wait anyway).
 */
export class RateLimiter {
  readonly #signals: TokenBucket | undefined;
  readonly #requests: TokenBucket | undefined;
  readonly #external: RequestLimiter | undefined;
  #holdUntil = 0;

  constructor(rate: Readonly<RateLimitOptions>, private readonly now: () => number = Date.now, external?: RequestLimiter) {
    this.#signals = rate.signalsPerSecond === undefined ? undefined : new TokenBucket(rate.signalsPerSecond, now);
    this.#requests = rate.requestsPerSecond === undefined ? undefined : new TokenBucket(rate.requestsPerSecond, now);
    this.#external = external;
  }

  /** Holds every request until `ms` from now (a 429's `Retry-After` applies to all requests, not only the one that got it). */
  hold(ms: number): void {
    this.#holdUntil = Math.max(this.#holdUntil, this.now() + ms);
  }

  /** Waits until a request of `size` signals may go. Resolves `false` if `signal` aborted. */
  async take(size: number, signal?: AbortSignal): Promise<boolean> {
    const wait = Math.max(this.#signals?.reserve(size) ?? 0, this.#requests?.reserve(1) ?? 0, this.#holdUntil - this.now());
    if (this.#external === undefined) return sleep(wait, signal);
    if (!(await sleep(wait, signal))) return false;
    return this.#acquire(this.#external, size, signal ?? new AbortController().signal);
  }

  async #acquire(external: RequestLimiter, size: number, signal: AbortSignal): Promise<boolean> {
    try {
      await external.acquire(size, signal);
    } catch (error) {
      if (signal.aborted) return false;
      process.emitWarning(`the client's limiter failed, so one request went without it: ${error instanceof Error ? error.message : String(error)}`);
    }
    return !signal.aborted;
  }
}
