/**
 * Settling entries: acknowledging those whose signal was accepted, and
 * writing the dead letters of the others, then acknowledging them.
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
import type { FailedOutcome, InvalidOutcome } from '../client/report.js';
import { deadLetterEntry, type QueueDeadLetter } from './dead-letters.js';
import type { RedisClient } from './redis.js';
import { command, parseSignal, textOf, type QueueEntry, type ReadTarget } from './worker-read.js';

const now = () => new Date().toISOString();

/** The `raw` of a dead letter: the entry's text as it was, when it has one. */
function rawOf(entry: QueueEntry): { raw?: string } {
  const raw = textOf(entry);
  return raw === undefined ? {} : { raw };
}

/**
 * What a dead letter holds of an entry: its signal, parsed again from its bytes (the client took
 * the parsed one to validate it; an entry that never reached the client is parsed here), or its
 * text when it is not a signal.
 */
function contentOf(entry: QueueEntry): { signal: unknown } | { raw?: string } {
  parseSignal(entry);
  const signal = entry.signal;
  entry.signal = undefined;
  return entry.unreadable === undefined ? { signal } : rawOf(entry);
}

/** The dead letter of an entry that is not a signal: its text as it was. */
export function unreadableLetter(entry: QueueEntry): QueueDeadLetter {
  return { entry: entry.id, status: 'unreadable', code: 'unreadable', reason: entry.unreadable ?? 'unreadable', ...rawOf(entry), at: now() };
}

/** The dead letter of an invalid signal: every error, each naming its field. */
export function invalidLetter(entry: QueueEntry, outcome: InvalidOutcome): QueueDeadLetter {
  const reason = outcome.errors.map((e) => e.message).join('; ');
  return { entry: entry.id, status: 'invalid', code: 'invalid', reason, errors: outcome.errors, ...contentOf(entry), at: now() };
}

/** The dead letter of a signal Connect did not take, for a reason another delivery cannot change. */
export function failedLetter(entry: QueueEntry, outcome: FailedOutcome): QueueDeadLetter {
  const { reason } = outcome;
  return { entry: entry.id, status: 'failed', code: reason.code, reason: reason.message, attempts: outcome.attempts, ambiguous: outcome.ambiguous, ...contentOf(entry), at: now() };
}

/** The dead letter of an entry delivered more than `maxDeliveries` times. */
export function maxDeliveriesLetter(entry: QueueEntry, maxDeliveries: number): QueueDeadLetter {
  const reason = `delivered ${entry.deliveries} times (more than maxDeliveries, ${maxDeliveries}) without being settled: its deliveries failed, or the workers that held it stopped`;
  // Its earlier deliveries may have reached Connect (a worker can die after a request, before its acknowledgement).
  return { entry: entry.id, status: 'failed', code: 'max_deliveries', reason, ambiguous: true, ...contentOf(entry), at: now() };
}

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

/** Batches acknowledgements and dead letters into one MULTI (or one script) per turn of the event loop. */
export class Acknowledger {
  #ids: string[] = [];
  #letters: QueueDeadLetter[] = [];
  #scheduled = false;
  #written: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: RedisClient,
    private readonly target: ReadTarget,
    /** Called when a MULTI fails: its entries stay pending and are delivered again. */
    private readonly onError: (error: unknown, entries: number) => void,
  ) {}

  /** Acknowledges (and deletes) an entry whose signal was accepted. */
  ack(id: string): void {
    this.#ids.push(id);
    this.#schedule();
  }

  /** Writes `letter` to `{NAME}:dead` and acknowledges its entry, in the same MULTI. */
  deadLetter(letter: QueueDeadLetter): void {
    this.#letters.push(letter);
    this.#ids.push(letter.entry);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#ids.length === 0) return;
    const ids = this.#ids;
    const letters = this.#letters;
    this.#ids = [];
    this.#letters = [];
    const { keys, group } = this.target;
    if (letters.length === 0) {
      const acked = command(this.client, 'EVAL', ACK_SCRIPT, 1, keys.signals, group, ids.join(' ')).then(
        () => {},
        (error: unknown) => this.onError(error, ids.length),
      );
      this.#written = Promise.all([this.#written, acked]).then(() => {});
      return;
    }
    const multi = this.client.multi();
    for (const letter of letters) multi.xadd(...deadLetterEntry(keys, letter));
    multi.xack(keys.signals, group, ...ids);
    multi.xdel(keys.signals, ...ids);
    const done = multi.exec().then(
      (results) => {
        const failed = results?.find(([error]) => error !== null);
        if (results === null || failed !== undefined) this.onError(failed?.[0] ?? new Error('the MULTI was aborted'), ids.length);
      },
      (error: unknown) => this.onError(error, ids.length),
    );
    this.#written = Promise.all([this.#written, done]).then(() => {});
  }

  /** Resolves once everything settled so far has been written (or has failed). */
  async drained(): Promise<void> {
    if (this.#ids.length > 0) {
      this.#scheduled = false;
      this.#flush();
    }
    await this.#written;
  }
}
