/**
 * Dead letters in Redis: the `{NAME}:dead` stream. Each entry has one field,
 * `letter`, holding the same record as a line of `send --dead-letter`, with the
 * id of the `{NAME}:signals` entry it came from in place of a line number.
 */
import type { DeadLetter } from '../report/dead-letter.js';
import { LETTER_FIELD, type QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** Why an entry of the stream became a dead letter, beyond the codes of `send`'s dead letters. */
export type QueueDeadLetterCode =
  /** The entry was delivered to workers more than `maxDeliveries` times without settling. */
  | 'max_deliveries'
  /** The entry has no `signal` field, or its text is not JSON, or not an object. */
  | 'unreadable'
  | (string & {});

/** One entry of `{NAME}:dead`. */
export interface QueueDeadLetter extends Omit<DeadLetter, 'line' | 'code'> {
  /** The id of the `{NAME}:signals` entry it came from. */
  readonly entry: string;
  /** A stable code: `invalid`, `unreadable`, `max_deliveries`, or a delivery error code (ERR_HTTP, ERR_REJECTED, ...). */
  readonly code: QueueDeadLetterCode;
  /** When it was written (ISO 8601). */
  readonly at: string;
}

/** The arguments of one XADD of a dead letter: the stream key, `*`, then field and value. */
export function deadLetterEntry(keys: QueueKeys, letter: QueueDeadLetter): [string, '*', string, string] {
  return [keys.dead, '*', LETTER_FIELD, JSON.stringify(letter)];
}

/** Appends `letter` to `{NAME}:dead`; resolves to its entry id once Redis has it. */
export async function writeDeadLetter(client: RedisClient, keys: QueueKeys, letter: QueueDeadLetter): Promise<string> {
  const id = await client.xadd(...deadLetterEntry(keys, letter));
  return id ?? '';
}

/** A `{NAME}:dead` entry's fields back into its letter; undefined when it holds no readable letter. */
export function parseDeadLetter(fields: readonly string[]): QueueDeadLetter | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== LETTER_FIELD) continue;
    try {
      const value = JSON.parse(fields[i + 1]!) as unknown;
      return typeof value === 'object' && value !== null ? (value as QueueDeadLetter) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
