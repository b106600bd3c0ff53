/**
 * The client a delivery loop sends with, as both sources make it: the
 * caller's own, or one made from options whose `limiter` settles first.
 */
import type { SignalsClient } from '../client/client.js';
import type { RequestLimiter, SignalsClientOptions } from '../client/options.js';
import type { Settler } from './source.js';

/** Whether `value` is a ready-made client (rather than options to make one). */
export function isSignalsClient(value: SignalsClient | SignalsClientOptions): value is SignalsClient {
  return typeof (value as SignalsClient).send === 'function' && typeof (value as SignalsClient).on === 'function';
}

/**
 * The client's `limiter`: before each request, everything already settled is written to the store
 * (acknowledged, deleted), then the shared rate limit (if any) is waited for. So a request slot
 * freed by an answered batch is not used again before that batch is settled, and what a crash can
 * leave processed by Connect but not settled is at most the batches in flight: concurrency × batch
 * size signals. (It costs a request a round trip to the store when a settlement is on its way.)
 */
export function settleFirst(settler: Settler, shared: RequestLimiter | undefined): RequestLimiter {
  return {
    async acquire(signals, abort) {
      await settler.drained();
      await shared?.acquire(signals, abort);
    },
  };
}
