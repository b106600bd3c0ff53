/**
 * Dead letters in Redis: the `{NAME}:dead` stream. Each entry has one field,
 * `letter`, holding the same record as a line of `send --dead-letter`, with the
 * id of the `{NAME}:signals` entry it came from in place of a line number.
 */
import type { DeliveryDeadLetter, DeliveryDeadLetterCode } from '../delivery/letters.js';
import { LETTER_FIELD, type QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/** Why an entry of the stream became a dead letter, beyond the codes of `send`'s dead letters (`max_deliveries`, `unreadable`). */
export type QueueDeadLetterCode = DeliveryDeadLetterCode;

/** One entry of `{NAME}:dead`: a delivery loop's dead letter, `entry` being the id of the `{NAME}:signals` entry it came from. */
export type QueueDeadLetter = DeliveryDeadLetter;

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
