/**
 * Settling entries (the Redis stream's {@link Settler}): acknowledging those whose
 * signal was accepted, and writing the dead letters of the others (made by
 * src/delivery/letters.ts), then acknowledging them.
 *
 * Everything settled in one turn of the event loop (a batch's outcomes come
 * together) goes to Redis as one MULTI: the dead letters' XADDs to
 * `{NAME}:dead`, then XACK and XDEL of the entries (without dead letters, the
 * common case, one script does the XACK and XDEL, atomic in the same way). The keys share a hash tag,
 * so the MULTI is allowed on a Redis Cluster, and it is applied whole or not
 * at all (an append-only file cut short in a MULTI is truncated before it by
 * redis-check-aof). So a crash can never leave an entry acknowledged without
 * its dead letter, nor a dead letter written with its entry still pending
 * (which would write it twice). A crash before the MULTI leaves the entry
 * pending: it is delivered again (at-least-once).
 */
import { BatchedSettler } from '../delivery/batched-settler.js';
import { deadLetterEntry, type QueueDeadLetter } from './dead-letters.js';
import type { RedisClient } from './redis.js';
import { command, type ReadTarget } from './worker-read.js';

/**
 * XACK and XDEL of the ids given as one space-separated argument: atomic like a MULTI, and one
 * command of three arguments per batch instead of two of 500 (less for ioredis to encode and
 * Redis to parse; its gain was within the noise of the bench, see the README draft).
 */
const ACK_SCRIPT = `local ids = {}
for id in string.gmatch(ARGV[2], '%S+') do ids[#ids + 1] = id end
for i = 1, #ids, 1000 do
  local part = {unpack(ids, i, math.min(i + 999, #ids))}
  redis.call('XACK', KEYS[1], ARGV[1], unpack(part))
  redis.call('XDEL', KEYS[1], unpack(part))
end
return #ids`;

/** Writes each batch of acknowledgements and dead letters as one MULTI (or, without dead letters, one script). */
export class Acknowledger extends BatchedSettler {
  constructor(
    private readonly client: RedisClient,
    private readonly target: ReadTarget,
    /** Called when a MULTI fails: its entries stay pending and are delivered again. */
    onError: (error: unknown, entries: number) => void,
  ) {
    super(onError);
  }

  protected override async write(ids: string[], letters: QueueDeadLetter[]): Promise<void> {
    const { keys, group } = this.target;
    if (letters.length === 0) {
      await command(this.client, 'EVAL', ACK_SCRIPT, 1, keys.signals, group, ids.join(' '));
      return;
    }
    const multi = this.client.multi();
    for (const letter of letters) multi.xadd(...deadLetterEntry(keys, letter));
    multi.xack(keys.signals, group, ...ids);
    multi.xdel(keys.signals, ...ids);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed !== undefined) throw failed?.[0] ?? new Error('the MULTI was aborted');
  }
}
