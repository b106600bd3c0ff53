/**
 * The worker's options: typed once, defaulted in one constant
 * (WORKER_DEFAULTS), resolved and checked in one function.
 */
import { hostname } from 'node:os';
import type { SignalsClient } from '../client/client.js';
import type { SignalsClientOptions } from '../client/options.js';
import { QUEUE_DEFAULTS, queueKeys, type QueueKeys } from './keys.js';
import type { RedisTarget } from './redis.js';

/** Options of {@link startSignalsWorker}. */
export interface SignalsWorkerOptions {
  /**
   * Where the queue is: a URL (`redis://`, `rediss://` with TLS, user and password), an ioredis
   * client (`Redis` or `Cluster`, left open by `stop()`), or `{ nodes }` of a Redis Cluster.
   * @example 'redis://127.0.0.1:6379'
   */
  redis: RedisTarget;
  /**
   * The queue's name: its keys are `{NAME}:signals`, `{NAME}:dead`, `{NAME}:rate:…`.
   * @default 'connect-signals'
   */
  queue?: string;
  /**
   * The consumer group the workers share (created, from the stream's start, when missing).
   * @default 'connect-signals'
   */
  group?: string;
  /**
   * This worker's name in the group. Two live workers must not share it.
   * @default `${hostname}-${pid}-${random}`
   */
  consumer?: string;
  /**
   * How signals are delivered: client options (a client is made and closed by the worker), or
   * a client of yours (its batchSize and concurrency then apply; `rate` below cannot be shared
   * through it unless you gave it a `limiter`).
   */
  client: SignalsClientOptions | SignalsClient;
  /**
   * An entry delivered to a consumer this long ago without being acknowledged is claimed by
   * another worker (XAUTOCLAIM). A live worker keeps its own entries from being claimed (it
   * touches them every third of this), so this is how long a dead worker's entries wait.
   * @default 30000
   */
  claimIdleMs?: number;
  /**
   * An entry delivered more often than this (its delivery failed, or its workers died) becomes
   * a dead letter with code `max_deliveries` instead of being delivered again.
   * @default 5
   */
  maxDeliveries?: number;
  /**
   * How long one XREADGROUP waits for new entries when the stream is empty. With `untilEmpty`,
   * reads do not wait: the first read that finds nothing new ends the run once nothing is pending
   * for the group; while entries are still pending (held by other consumers, or to be delivered
   * again), each check is this long after the last.
   * @default 1000 (100 with `untilEmpty`)
   */
  blockMs?: number;
  /**
   * How long a partial batch may wait for more entries after its first entry was read (a full one
   * goes at once). With 0, a partial batch goes as soon as a read of new entries returns less than a
   * batch: a quiet stream does not wait to fill a batch, and under a backlog reads are full anyway.
   * @default 0
   */
  flushIntervalMs?: number;
  /**
   * A rate limit shared, through Redis, by every worker using the same Redis, endpoint and API
   * key. Needs `client` as options (not a client). See README: bursts at window edges.
   * @example { signalsPerSecond: 2000 }
   */
  rate?: { signalsPerSecond?: number; requestsPerSecond?: number };
  /**
   * Stop (and resolve `done`) once a read finds nothing new and nothing is pending for the group.
   * @default false
   */
  untilEmpty?: boolean;
}

/** Defaults of every optional setting: the one place they are written. */
export const WORKER_DEFAULTS = {
  queue: QUEUE_DEFAULTS.queue,
  group: QUEUE_DEFAULTS.group,
  claimIdleMs: 30_000,
  maxDeliveries: 5,
  blockMs: 1000,
  blockMsUntilEmpty: 100,
  flushIntervalMs: 0,
  untilEmpty: false,
} as const;

/** A worker option is wrong (thrown by startSignalsWorker). */
export class WorkerOptionsError extends Error {
  override readonly name = 'WorkerOptionsError';
  readonly code = 'ERR_WORKER_OPTIONS';
  constructor(readonly option: string, message: string) {
    super(`${option}: ${message}`);
  }
}

/** Options after defaults and checks. */
export interface ResolvedWorkerOptions {
  readonly keys: QueueKeys;
  readonly group: string;
  readonly consumer: string;
  readonly claimIdleMs: number;
  readonly maxDeliveries: number;
  readonly blockMs: number;
  readonly flushIntervalMs: number;
  readonly untilEmpty: boolean;
}

function whole(option: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) throw new WorkerOptionsError(option, `must be a whole number ≥ ${min} (got ${String(value)})`);
  return v;
}

function name(option: string, value: string | undefined, fallback: string): string {
  const v = value ?? fallback;
  if (v.length === 0 || v.length > 200 || /\s/.test(v)) throw new WorkerOptionsError(option, `must be 1–200 characters without whitespace (got ${JSON.stringify(v)})`);
  return v;
}

/** Applies WORKER_DEFAULTS and checks every option; throws {@link WorkerOptionsError} (or QueueNameError). */
export function resolveWorkerOptions(options: SignalsWorkerOptions): ResolvedWorkerOptions {
  const random = Math.random().toString(36).slice(2, 8);
  const untilEmpty = options.untilEmpty ?? WORKER_DEFAULTS.untilEmpty;
  return {
    keys: queueKeys(options.queue ?? WORKER_DEFAULTS.queue),
    group: name('group', options.group, WORKER_DEFAULTS.group),
    consumer: name('consumer', options.consumer, `${hostname()}-${process.pid}-${random}`),
    claimIdleMs: whole('claimIdleMs', options.claimIdleMs, WORKER_DEFAULTS.claimIdleMs, 100),
    maxDeliveries: whole('maxDeliveries', options.maxDeliveries, WORKER_DEFAULTS.maxDeliveries, 1),
    blockMs: whole('blockMs', options.blockMs, untilEmpty ? WORKER_DEFAULTS.blockMsUntilEmpty : WORKER_DEFAULTS.blockMs, 1),
    flushIntervalMs: whole('flushIntervalMs', options.flushIntervalMs, WORKER_DEFAULTS.flushIntervalMs, 0),
    untilEmpty,
  };
}
