/**
 * Dead letters of a delivery loop: the same record as a line of
 * `send --dead-letter`, with the id of the item it came from in place of a
 * line number. The Redis worker writes them to `{NAME}:dead`, the outbox
 * relay to its dead table.
 */
import type { FailedOutcome, InvalidOutcome } from '../client/report.js';
import type { DeadLetter } from '../report/dead-letter.js';
import { parseSignal, rawTextOf, type DeliveryItem } from './item.js';

/** Why an item became a dead letter, beyond the codes of `send`'s dead letters. */
export type DeliveryDeadLetterCode =
  /** The item was delivered more than `maxDeliveries` times without settling. */
  | 'max_deliveries'
  /** The item has no signal, or its text is not JSON, or not an object. */
  | 'unreadable'
  | (string & {});

/** One dead letter of a delivery loop. */
export interface DeliveryDeadLetter extends Omit<DeadLetter, 'line' | 'code'> {
  /** The id of the item it came from (a `{NAME}:signals` entry id, an outbox row id). */
  readonly entry: string;
  /** A stable code: `invalid`, `unreadable`, `max_deliveries`, or a delivery error code (ERR_HTTP, ERR_REJECTED, ...). */
  readonly code: DeliveryDeadLetterCode;
  /** When it was written (ISO 8601). */
  readonly at: string;
}

const now = () => new Date().toISOString();

/** The `raw` of a dead letter: the item's text as it was, when it has one. */
function rawOf(item: DeliveryItem): { raw?: string } {
  const raw = rawTextOf(item);
  return raw === undefined ? {} : { raw };
}

/**
 * What a dead letter holds of an item: its signal, parsed again from its text (the client took
 * the parsed one to validate it; an item that never reached the client is parsed here), or its
 * text when it is not a signal.
 */
function contentOf(item: DeliveryItem): { signal: unknown } | { raw?: string } {
  parseSignal(item);
  const signal = item.signal;
  item.signal = undefined;
  return item.unreadable === undefined ? { signal } : rawOf(item);
}

/** The dead letter of an item that is not a signal: its text as it was. */
export function unreadableLetter(item: DeliveryItem): DeliveryDeadLetter {
  return { entry: item.id, status: 'unreadable', code: 'unreadable', reason: item.unreadable ?? 'unreadable', ...rawOf(item), at: now() };
}

/** The dead letter of an invalid signal: every error, each naming its field. */
export function invalidLetter(item: DeliveryItem, outcome: InvalidOutcome): DeliveryDeadLetter {
  const reason = outcome.errors.map((e) => e.message).join('; ');
  return { entry: item.id, status: 'invalid', code: 'invalid', reason, errors: outcome.errors, ...contentOf(item), at: now() };
}

/** The dead letter of a signal Connect did not take, for a reason another delivery cannot change. */
export function failedLetter(item: DeliveryItem, outcome: FailedOutcome): DeliveryDeadLetter {
  const { reason } = outcome;
  // The item handed its text to the request body (takeText): the outcome gives it back.
  const content = item.text === undefined && outcome.json !== undefined ? { signal: JSON.parse(outcome.json) as unknown } : contentOf(item);
  return { entry: item.id, status: 'failed', code: reason.code, reason: reason.message, attempts: outcome.attempts, ambiguous: outcome.ambiguous, ...content, at: now() };
}

/** The dead letter of an item delivered more than `maxDeliveries` times. */
export function maxDeliveriesLetter(item: DeliveryItem, maxDeliveries: number, holders = 'workers'): DeliveryDeadLetter {
  const reason = `delivered ${item.deliveries} times (more than maxDeliveries, ${maxDeliveries}) without being settled: its deliveries failed, or the ${holders} that held it stopped`;
  // Its earlier deliveries may have reached Connect (a holder can die after a request, before settling).
  return { entry: item.id, status: 'failed', code: 'max_deliveries', reason, ambiguous: true, ...contentOf(item), at: now() };
}
