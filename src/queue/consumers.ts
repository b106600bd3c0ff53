/**
 * Consumers of the group that are gone: a worker that died (killed, its
 * machine lost) leaves its consumer in the group for ever, listed by
 * `queue status` with an idle time that only grows. Workers remove such a
 * consumer once it holds no pending entry and has been idle for more than
 * {@link GONE_AFTER_CLAIM_IDLE} × `claimIdleMs` (its pending entries, if it had
 * any, were claimed by then: claiming needs only `claimIdleMs`), and record it
 * in `{NAME}:consumers-gone`, which `queue status` lists.
 *
 * The check and the removal are one Lua script: Redis runs it atomically, so
 * no read or claim can give the consumer an entry between the moment its
 * pending count is read as 0 and its removal (`XGROUP DELCONSUMER` drops the
 * pending entries of the consumer it deletes: they would be lost to the group).
 */
import type { QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** A consumer is gone after this many times `claimIdleMs` without reading, claiming or holding anything. */
export const GONE_AFTER_CLAIM_IDLE = 10;

/** Gone consumers remembered in `{NAME}:consumers-gone` (the most recent). */
export const GONE_KEPT = 100;

/** A consumer removed from the group as gone. */
export interface GoneConsumer {
  readonly name: string;
  /** When a worker removed it (ISO 8601). */
  readonly removedAt: string;
  /** How long it had been idle then, in ms. */
  readonly idleMs: number;
}

/**
 * KEYS: stream, gone set. ARGV: group, idle ms, the caller's own consumer, now (ms), how many to keep.
 * Returns the removed consumers' names.
 */
const REMOVE_GONE = `
local consumers = redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])
local idleLimit = tonumber(ARGV[2])
local removed = {}
for _, c in ipairs(consumers) do
  local name, pending, idle
  for i = 1, #c, 2 do
    if c[i] == 'name' then name = c[i + 1] elseif c[i] == 'pending' then pending = c[i + 1] elseif c[i] == 'idle' then idle = c[i + 1] end
  end
  if name ~= ARGV[3] and pending == 0 and idle > idleLimit then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
    redis.call('ZADD', KEYS[2], ARGV[4], cjson.encode({ name = name, idleMs = idle }))
    removed[#removed + 1] = name
  end
end
if #removed > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[5]) + 1)) end
return removed
`;

/** Where a worker reads: the group and its own consumer (never removed by itself). */
export interface ConsumerTarget {
  readonly keys: QueueKeys;
  readonly group: string;
  readonly consumer: string;
}

/**
 * Removes the group's consumers that hold no pending entry and have been idle for more than
 * `goneAfterMs` (the caller's own consumer excepted), records them, and resolves to their names.
 */
export async function removeGoneConsumers(redis: RedisClient, target: ConsumerTarget, goneAfterMs: number, now = Date.now()): Promise<string[]> {
  const { keys, group, consumer } = target;
  const removed = await redis.eval(REMOVE_GONE, 2, keys.signals, keys.goneConsumers, group, Math.round(goneAfterMs), consumer, now, GONE_KEPT);
  return Array.isArray(removed) ? removed.map(String) : [];
}

const lastSweep = new WeakMap<ConsumerTarget, number>();

/**
 * The worker's call, from its claim step: {@link removeGoneConsumers} with `goneAfterMs` =
 * {@link GONE_AFTER_CLAIM_IDLE} × `claimIdleMs`, at most once per `claimIdleMs` per target. Never
 * waits nor throws: it runs beside the reads, and a failure (Redis away, a group deleted) is left to
 * the next sweep.
 */
export function sweepGoneConsumers(redis: RedisClient, target: ConsumerTarget, claimIdleMs: number): void {
  const now = Date.now();
  if (now - (lastSweep.get(target) ?? -Infinity) < claimIdleMs) return;
  lastSweep.set(target, now);
  removeGoneConsumers(redis, target, GONE_AFTER_CLAIM_IDLE * claimIdleMs, now).catch(() => undefined);
}

/** The consumers removed as gone, most recent first (at most {@link GONE_KEPT}). */
export async function goneConsumers(redis: RedisClient, keys: QueueKeys): Promise<GoneConsumer[]> {
  const reply = (await redis.zrevrange(keys.goneConsumers, 0, GONE_KEPT - 1, 'WITHSCORES')) as string[];
  const gone: GoneConsumer[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    try {
      const { name, idleMs } = JSON.parse(reply[i]!) as { name: unknown; idleMs: unknown };
      gone.push({ name: String(name), removedAt: new Date(Number(reply[i + 1])).toISOString(), idleMs: Number(idleMs) });
    } catch {
      // Not written by removeGoneConsumers: skipped.
    }
  }
  return gone;
}
