/**
 * The dead letters of `{NAME}:dead`: listed, and replayed (moved back to
 * `{NAME}:signals` once their cause is fixed, as replaying a `send`
 * dead-letter file does).
 *
 * A letter that holds its `signal` is re-added as that signal's JSON text. A
 * letter with only `raw` text (an entry that was not JSON, or not a signal
 * object) is kept in `{NAME}:dead`: no setting of a worker can make that text
 * readable, so re-adding it would only make the same letter again under a new
 * id. Fix the text and enqueue it, then delete the letter (XDEL).
 *
 * Each move is one Lua script on the two keys (one hash slot): the XDEL from
 * `{NAME}:dead` and the XADD to `{NAME}:signals` happen together or not at
 * all, and the XADD only if the XDEL removed the letter, so two replays run at
 * once move each letter exactly once (a MULTI could not make the XADD depend
 * on the XDEL).
 */
import { QUEUE_ADMIN_DEFAULTS, withQueue, type QueueAdminOptions } from './admin.js';
import { parseDeadLetter, type QueueDeadLetter } from './dead-letters.js';
import { SIGNAL_FIELD, type QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** Options of {@link listDeadLetters}. */
export interface ListDeadLettersOptions extends QueueAdminOptions {
  /**
   * Most letters returned, oldest first.
   * @default 100
   */
  count?: number;
}

/** One entry of `{NAME}:dead`. */
export interface DeadLetterEntry {
  /** Its id in `{NAME}:dead`. */
  readonly id: string;
  /** The letter; null when the entry holds no readable `letter` field. */
  readonly letter: QueueDeadLetter | null;
}

/** What {@link listDeadLetters} resolves to. */
export interface DeadLetterList {
  /** Entries in `{NAME}:dead`. */
  readonly total: number;
  /** The oldest `count` of them. */
  readonly letters: readonly DeadLetterEntry[];
}

/** What {@link replayDeadLetters} resolves to. */
export interface ReplayResult {
  /** Letters moved back to `{NAME}:signals`. */
  readonly moved: number;
  /** Of those, letters marked `ambiguous`: Connect may have imported them already, so they may be imported twice. */
  readonly ambiguous: number;
  /** Letters left in `{NAME}:dead`: only raw text (or no readable letter), nothing to re-add. */
  readonly kept: number;
  /** Letters another replay moved first. */
  readonly skipped: number;
}

/** Letters read (and moved in one pipeline) at a time. */
const PAGE = 100;

/** KEYS: dead, signals. ARGV: dead entry id, field, signal JSON. Returns the new entry's id, or nil if the letter was gone. */
const MOVE = `if redis.call('XDEL', KEYS[1], ARGV[1]) == 1 then return redis.call('XADD', KEYS[2], '*', ARGV[2], ARGV[3]) end return false`;

type Entries = [id: string, fields: string[]][];

function entryOf([id, fields]: Entries[number]): DeadLetterEntry {
  return { id, letter: parseDeadLetter(fields) ?? null };
}

/** The oldest `count` dead letters and how many there are. */
export function listDeadLetters(options: ListDeadLettersOptions): Promise<DeadLetterList> {
  const count = options.count ?? QUEUE_ADMIN_DEFAULTS.count;
  return withQueue(options, async (client, keys) => {
    const [total, entries] = await Promise.all([client.xlen(keys.dead), count === 0 ? Promise.resolve([]) : client.xrange(keys.dead, '-', '+', 'COUNT', count)]);
    return { total, letters: (entries as Entries).map(entryOf) };
  });
}

/** The JSON text to re-add for a letter, or undefined to keep it. */
function signalJson(letter: QueueDeadLetter | null): string | undefined {
  return letter !== null && letter.signal !== undefined ? JSON.stringify(letter.signal) : undefined;
}

async function movePage(client: RedisClient, keys: QueueKeys, entries: readonly DeadLetterEntry[], counts: { moved: number; ambiguous: number; kept: number; skipped: number }): Promise<void> {
  const pipeline = client.pipeline();
  const moving: DeadLetterEntry[] = [];
  for (const entry of entries) {
    const json = signalJson(entry.letter);
    if (json === undefined) {
      counts.kept++;
      continue;
    }
    pipeline.eval(MOVE, 2, keys.dead, keys.signals, entry.id, SIGNAL_FIELD, json);
    moving.push(entry);
  }
  if (moving.length === 0) return;
  const replies = (await pipeline.exec()) ?? [];
  moving.forEach((entry, i) => {
    const [error, id] = replies[i] ?? [new Error('no reply'), null];
    if (error !== null) throw error;
    if (id === null) counts.skipped++;
    else {
      counts.moved++;
      if (entry.letter?.ambiguous === true) counts.ambiguous++;
    }
  });
}

/**
 * Moves every dead letter that holds a signal back to `{NAME}:signals`, oldest first; letters
 * written while it runs are left for the next replay (so a signal that fails again is not moved
 * round in a loop). Rejects with QueueRedisError when Redis does not answer.
 */
export function replayDeadLetters(options: QueueAdminOptions): Promise<ReplayResult> {
  return withQueue(options, async (client, keys) => {
    const counts = { moved: 0, ambiguous: 0, kept: 0, skipped: 0 };
    const last = (await client.xrevrange(keys.dead, '+', '-', 'COUNT', 1)) as Entries;
    if (last.length === 0) return counts;
    const end = last[0]![0];
    for (let start = '-'; ; ) {
      const page = ((await client.xrange(keys.dead, start, end, 'COUNT', PAGE)) as Entries).map(entryOf);
      if (page.length === 0) break;
      await movePage(client, keys, page, counts);
      start = `(${page[page.length - 1]!.id}`;
    }
    return counts;
  });
}
