/**
 * `queueStatus`: how far the workers are. The stream's length, the entries the
 * consumer group has not read yet (its lag), the entries read but not yet
 * acknowledged, per consumer with how long they have been held, and the dead
 * letters. A group that does not exist yet (no worker has started) is reported
 * as such: every entry of the stream is then unread.
 */
import { QUEUE_ADMIN_DEFAULTS, field, withQueue, type QueueAdminOptions } from './admin.js';
import { goneConsumers, type GoneConsumer } from './consumers.js';
import type { QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** Options of {@link queueStatus}. */
export interface QueueStatusOptions extends QueueAdminOptions {
  /**
   * The consumer group the workers share.
   * @default 'connect-signals'
   */
  group?: string;
}

/** One consumer of the group. */
export interface ConsumerStatus {
  readonly name: string;
  /** Entries it has read and not yet acknowledged. */
  readonly pending: number;
  /** Time since it last read or claimed (XINFO CONSUMERS `idle`), in ms. */
  readonly idleMs: number;
  /** How long its oldest pending entry has been held since its last delivery, in ms; null when it holds none. */
  readonly oldestPendingIdleMs: number | null;
}

/** The consumer group. */
export interface GroupStatus {
  readonly name: string;
  /**
   * Entries added to the stream that the group has not read yet (XINFO GROUPS `lag`).
   * null when Redis cannot count them (entries deleted after the group's position): see `unread`.
   */
  readonly lag: number | null;
  /** Entries read and not yet acknowledged, over every consumer. */
  readonly pending: number;
  /** The id of the last entry delivered to the group. */
  readonly lastDeliveredId: string;
  readonly consumers: readonly ConsumerStatus[];
  /**
   * Consumers a worker removed from the group as gone (no pending entry, idle more than 10 × its
   * `claimIdleMs`: a worker that died), most recent first, at most 100.
   */
  readonly goneConsumers: readonly GoneConsumer[];
}

/** What {@link queueStatus} resolves to. */
export interface QueueStatus {
  readonly queue: string;
  /** The stream's key, `{NAME}:signals`. */
  readonly stream: string;
  /** Entries in `{NAME}:signals` (unread and pending; workers delete what they acknowledge). */
  readonly length: number;
  /**
   * Entries no worker has read yet: the group's lag; the whole stream when the group does not exist;
   * when Redis cannot tell the lag, `length - pending` (exact while workers delete what they acknowledge).
   */
  readonly unread: number;
  /** Whether `unread` is Redis's own count (false: the estimate above). */
  readonly unreadExact: boolean;
  /** The group's name, as asked. */
  readonly groupName: string;
  /** null: the group does not exist yet (the first worker creates it). */
  readonly group: GroupStatus | null;
  /** Entries in `{NAME}:dead`. */
  readonly deadLetters: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

async function groupStatus(client: RedisClient, keys: QueueKeys, name: string): Promise<GroupStatus | null> {
  let groups: unknown[][];
  try {
    groups = (await client.xinfo('GROUPS', keys.signals)) as unknown[][];
  } catch (error) {
    // No stream yet: no group either.
    if (error instanceof Error && /no such key/i.test(error.message)) return null;
    throw error;
  }
  const group = groups.find((g) => field(g, 'name') === name);
  if (group === undefined) return null;
  const lag = field(group, 'lag');
  const consumers = (await client.xinfo('CONSUMERS', keys.signals, name)) as unknown[][];
  const pipeline = client.pipeline();
  for (const c of consumers) pipeline.xpending(keys.signals, name, '-', '+', 1, String(field(c, 'name')));
  const oldest = consumers.length === 0 ? [] : ((await pipeline.exec()) ?? []);
  const gone = await goneConsumers(client, keys);
  return {
    name,
    lag: lag === null || lag === undefined ? null : num(lag),
    pending: num(field(group, 'pending')),
    lastDeliveredId: String(field(group, 'last-delivered-id')),
    consumers: consumers.map((c, i) => {
      const [error, entries] = oldest[i] ?? [null, []];
      const first = error === null && Array.isArray(entries) ? (entries[0] as unknown[] | undefined) : undefined;
      return { name: String(field(c, 'name')), pending: num(field(c, 'pending')), idleMs: num(field(c, 'idle')), oldestPendingIdleMs: first === undefined ? null : num(first[2]) };
    }),
    goneConsumers: gone,
  };
}

/** The queue's state; never creates anything. Rejects with QueueRedisError when Redis does not answer. */
export function queueStatus(options: QueueStatusOptions): Promise<QueueStatus> {
  const groupName = options.group ?? QUEUE_ADMIN_DEFAULTS.group;
  return withQueue(options, async (client, keys) => {
    const [length, deadLetters] = await Promise.all([client.xlen(keys.signals), client.xlen(keys.dead)]);
    const group = await groupStatus(client, keys, groupName);
    const exact = group === null || group.lag !== null;
    const unread = group === null ? length : (group.lag ?? Math.max(0, length - group.pending));
    return { queue: keys.name, stream: keys.signals, length, unread, unreadExact: exact, groupName, group, deadLetters };
  });
}
