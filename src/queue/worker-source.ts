/**
 * The Redis stream as a delivery loop's source (src/delivery/loop.ts): what
 * a worker takes, in this order: once at start and after each reconnection,
 * this consumer's own pending entries (XREADGROUP `0`: `>` never returns them
 * again; the loop skips those in flight); every `claimEvery`, entries idle
 * longer than `claimIdleMs` (XAUTOCLAIM); otherwise new entries (XREADGROUP
 * `>`, blocking on its own connection). The claim step also removes consumers
 * that are gone (src/queue/consumers.ts). Settling is the {@link Acknowledger}'s.
 */
import { sleep } from '../client/sleep.js';
import type { DeliverySource, Take } from '../delivery/source.js';
import { sweepGoneConsumers } from './consumers.js';
import type { RedisClient } from './redis.js';
import type { ResolvedWorkerOptions } from './worker-options.js';
import { claimIdle, ensureGroup, isNoGroup, keepHeld, pendingCount, readEntries, type QueueEntry, type ReadTarget } from './worker-read.js';
import type { Acknowledger } from './worker-settle.js';

/** What the stream's source works with. */
export interface StreamSourceParts {
  readonly options: ResolvedWorkerOptions;
  readonly target: ReadTarget;
  /** For acknowledgements, claims and the rate limit. */
  readonly redis: RedisClient;
  /** For the blocking reads only (a blocked connection would hold up acknowledgements behind it). */
  readonly reader: RedisClient;
  readonly batchSize: number;
  /** Writes acknowledgements and dead letters (shared with the client's limiter: see worker.ts). */
  readonly acks: Acknowledger;
}

/** The consumer group's stream as a {@link DeliverySource}. */
export function streamSource(parts: StreamSourceParts): DeliverySource<QueueEntry> {
  const { options, target, redis, reader, batchSize, acks } = parts;
  /** Where the re-read of this consumer's own pending entries is (undefined: done). */
  let history: string | undefined = '0';
  let nextClaimAt = 0;
  const claimEvery = Math.max(50, Math.min(options.claimIdleMs / 2, 5000));
  const onReady = () => {
    history = '0';
  };
  reader.on('ready', onReady);

  async function take(blockMs: number | undefined): Promise<Take<QueueEntry>> {
    if (history !== undefined) {
      const items = await readEntries(reader, target, batchSize, undefined, { after: history });
      history = items.length < batchSize ? undefined : items[items.length - 1]!.id;
      return { items, claimed: false, fresh: false };
    }
    if (Date.now() >= nextClaimAt) {
      nextClaimAt = Date.now() + claimEvery;
      // Removes the group's gone consumers (nothing pending, idle over 10 × claimIdleMs); never waited for, never throws.
      sweepGoneConsumers(redis, target, options.claimIdleMs);
      const claimed = await claimIdle(redis, target, options.claimIdleMs, batchSize);
      if (claimed.length > 0) return { items: claimed, claimed: true, fresh: false };
    }
    const wait = blockMs === undefined ? undefined : Math.max(1, Math.min(blockMs, nextClaimAt - Date.now()));
    return { items: await readEntries(reader, target, batchSize, wait), claimed: false, fresh: true };
  }

  return {
    take,
    settler: acks,
    keepHeld: (held) => keepHeld(redis, target, held, options.claimIdleMs),
    async release() {
      // Entries read and not handed over stay pending to this consumer: the next burst re-reads them
      // (or another worker claims them).
      history = '0';
    },
    async recover(error) {
      if (isNoGroup(error)) await ensureGroup(redis, target).catch(() => {});
      else await sleep(500);
    },
    isEmpty: async () => (await pendingCount(redis, target)) === 0,
    get healthy() {
      return reader.status === 'ready';
    },
    close() {
      reader.off('ready', onReady);
    },
  };
}
