/**
 * How the gateway writes an event: ONE Lua script that checks the event's
 * dedupe key, XADDs its signals to `{NAME}:signals` (field `signal`, the
 * queue's format) and its dead letters to `{NAME}:dead` (field `letter`), and
 * then sets the dedupe key with its TTL. A script runs alone, so two copies
 * of an event arriving at once store it once; and an event is either stored
 * and marked seen, or neither: the only writes that can fail (a key of another
 * type, Redis out of memory) fail at the first write, before anything is
 * written (Redis refuses a script's writes for lack of memory only at its
 * first; an event with both signals and dead letters checks both streams'
 * types first), and nothing after the first write can fail.
 *
 * The script goes by EVALSHA, falling back to EVAL when Redis does not hold
 * it (first use, a restart): events are independent, so the order of two
 * events around a fallback does not matter (unlike the producer's chunks,
 * see src/queue/append.ts).
 *
 * Every key is under the queue's `{NAME}` hash tag, so the script's keys share
 * one Redis Cluster slot.
 */
import { createHash } from 'node:crypto';
import type { QueueDeadLetter } from '../queue/dead-letters.js';
import { LETTER_FIELD, SIGNAL_FIELD, type QueueKeys } from '../queue/keys.js';
import type { RedisClient } from '../queue/redis.js';

/**
 * KEYS[1] signals stream, KEYS[2] dead stream, KEYS[3] dedupe key (optional).
 * ARGV[1] TTL in ms, ARGV[2] number of signals n, ARGV[3..n+2] signal texts, the rest dead letters.
 * Returns -1 for a duplicate, else n; a WRONGTYPE error, having written nothing, when a stream key holds another type.
 */
const STORE_SCRIPT = `
if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local n = tonumber(ARGV[2])
if n > 0 and #ARGV > n + 2 then
  for _, key in ipairs({KEYS[1], KEYS[2]}) do
    local t = redis.call('TYPE', key).ok
    if t ~= 'stream' and t ~= 'none' then return redis.error_reply('WRONGTYPE ' .. key .. ' is not a stream') end
  end
end
for i = 3, n + 2 do redis.call('XADD', KEYS[1], '*', '${SIGNAL_FIELD}', ARGV[i]) end
for i = n + 3, #ARGV do redis.call('XADD', KEYS[2], '*', '${LETTER_FIELD}', ARGV[i]) end
if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', ARGV[1]) end
return n`;

/** The script's SHA1: EVALSHA sends 40 bytes instead of the script, and Redis need not hash it again per event. */
const STORE_SHA = createHash('sha1').update(STORE_SCRIPT).digest('hex');

/** The key that marks event `id` of `source` as seen: `{NAME}:seen:<source>:<id>`. */
export function seenKey(keys: QueueKeys, source: string, id: string): string {
  return `{${keys.name}}:seen:${source}:${id}`;
}

/** What one event writes. */
export interface EventWrite {
  /** The signals' JSON texts. */
  readonly signals: readonly string[];
  /** Dead letters for `{NAME}:dead`. */
  readonly deadLetters: readonly QueueDeadLetter[];
  /** The dedupe key, when the event has an id. */
  readonly seen: string | undefined;
  readonly ttlMs: number;
}

/** Stores one event atomically; resolves to `duplicate` when its dedupe key was already set (then nothing was written). */
export async function storeEvent(client: RedisClient, keys: QueueKeys, write: EventWrite): Promise<'stored' | 'duplicate'> {
  const letters = write.deadLetters.map((letter) => JSON.stringify(letter));
  const names = write.seen === undefined ? [keys.signals, keys.dead] : [keys.signals, keys.dead, write.seen];
  const args = [names.length, ...names, String(write.ttlMs), String(write.signals.length), ...write.signals, ...letters] as const;
  let answer: unknown;
  try {
    answer = await client.evalsha(STORE_SHA, ...args);
  } catch (error) {
    // Not cached yet (or Redis restarted): EVAL sends it, and Redis caches it for the next events.
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    answer = await client.eval(STORE_SCRIPT, ...args);
  }
  return answer === -1 ? 'duplicate' : 'stored';
}
