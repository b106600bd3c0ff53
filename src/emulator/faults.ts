/**
 * Decides, request by request, which injected fault (if any) hits it.
 * Shares are deterministic (an accumulator, not a coin): 0.25 hits exactly
 * every 4th request, so reliability tests never depend on luck.
 */
import { EMULATOR_DEFAULTS, checkFaults, type FaultOptions } from './options.js';

/** What to do with one GraphQL request. */
export type FaultDecision =
  | { readonly kind: 'none'; readonly fewerIds: boolean; readonly dropAfter: boolean }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'graphql_error' };

type ShareName = 'unavailableShare' | 'dropShare' | 'graphqlErrorShare' | 'fewerIdsShare';

const NONE: FaultDecision = { kind: 'none', fewerIds: false, dropAfter: false };

/** The faults in force and the counters that turn shares into decisions. */
export class FaultState {
  private faults: Readonly<FaultOptions> = {};
  private readonly acc: Record<ShareName, number> = { unavailableShare: 0, dropShare: 0, graphqlErrorShare: 0, fewerIdsShare: 0 };
  private windowStart = 0;
  private windowCount = 0;

  constructor(faults: FaultOptions, private readonly now: () => number) {
    this.set(faults);
  }

  /** The faults in force. */
  get(): Readonly<FaultOptions> {
    return this.faults;
  }

  /** Replaces every fault (missing ones are off) and restarts the counters; throws for a bad value. */
  set(faults: FaultOptions): void {
    this.faults = { ...checkFaults(faults) };
    for (const k of Object.keys(this.acc) as ShareName[]) this.acc[k] = 0;
    this.windowStart = 0;
    this.windowCount = 0;
  }

  /** Milliseconds to wait before answering. */
  latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /** The fault for the next request, in a fixed order: rate limit, 503, drop, GraphQL error, fewer ids. */
  decide(): FaultDecision {
    const f = this.faults;
    if (f.rateLimit !== undefined) {
      const retry = this.rateLimited(f.rateLimit.requests, f.rateLimit.windowMs ?? EMULATOR_DEFAULTS.rateLimitWindowMs);
      if (retry > 0) return { kind: 'rate_limited', retryAfterSeconds: retry };
    }
    if (this.hit('unavailableShare')) return { kind: 'unavailable' };
    if (this.hit('dropShare')) return f.dropAfterProcessing === true ? { kind: 'none', fewerIds: false, dropAfter: true } : { kind: 'drop' };
    if (this.hit('graphqlErrorShare')) return { kind: 'graphql_error' };
    if (this.hit('fewerIdsShare')) return { kind: 'none', fewerIds: true, dropAfter: false };
    return NONE;
  }

  private hit(name: ShareName): boolean {
    const share = this.faults[name] ?? 0;
    if (share <= 0) return false;
    this.acc[name] += share;
    // A tolerance so that shares like 0.1 hit exactly every 10th request despite rounding.
    if (this.acc[name] >= 1 - 1e-9) {
      this.acc[name] -= 1;
      return true;
    }
    return false;
  }

  /** 0 when the request is within the limit, else whole seconds until the window ends (at least 1). */
  private rateLimited(requests: number, windowMs: number): number {
    const now = this.now();
    if (this.windowCount === 0 || now >= this.windowStart + windowMs) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    if (this.windowCount <= requests) return 0;
    return Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
  }
}
