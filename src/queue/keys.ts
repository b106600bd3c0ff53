/**
 * The queue's Redis keys. One name gives every key, all under one hash tag
 * (`{NAME}`), so they share one Redis Cluster slot and a MULTI or a Lua script
 * may touch several of them.
 */

/** Defaults of the queue's names. */
export const QUEUE_DEFAULTS = {
  /** The queue's name: every key is `{NAME}:...`. */
  queue: 'connect-signals',
  /** The consumer group the workers share. */
  group: 'connect-signals',
} as const;

/** The Redis keys of one queue. */
export interface QueueKeys {
  /** The queue's name, as given. */
  readonly name: string;
  /** The stream of signals: entries with one field, `signal`, holding the signal's JSON text. */
  readonly signals: string;
  /** The stream of dead letters: entries with one field, `letter`, holding a {@link QueueDeadLetter}'s JSON. */
  readonly dead: string;
  /** The prefix of the shared rate limiter's keys (followed by a hash of the endpoint and API key). */
  readonly rate: string;
  /** A sorted set of the consumers workers removed from the group as gone (see consumers.ts), scored by when. */
  readonly goneConsumers: string;
}

/** The field of a `{NAME}:signals` entry that holds the signal's JSON text. */
export const SIGNAL_FIELD = 'signal';
/** The field of a `{NAME}:dead` entry that holds the dead letter's JSON text. */
export const LETTER_FIELD = 'letter';

/** The queue's name is not usable as a Redis hash tag. */
export class QueueNameError extends Error {
  override readonly name = 'QueueNameError';
  readonly code = 'ERR_QUEUE_NAME';
  constructor(readonly queue: string) {
    super(`the queue name must be 1–200 characters without "{", "}" or whitespace (got ${JSON.stringify(queue)})`);
  }
}

/** The keys of queue `name` (default `connect-signals`). */
export function queueKeys(name: string = QUEUE_DEFAULTS.queue): QueueKeys {
  if (name.length === 0 || name.length > 200 || /[{}\s]/.test(name)) throw new QueueNameError(name);
  const tag = `{${name}}`;
  return { name, signals: `${tag}:signals`, dead: `${tag}:dead`, rate: `${tag}:rate`, goneConsumers: `${tag}:consumers-gone` };
}
