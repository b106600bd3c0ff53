/**
 * What a delivery loop tells: its events (payloads typed in one map, a tiny
 * emitter) and its report (counts since it started). The Redis worker and the
 * outbox relay share them. No payload carries the API key or a password.
 */
import type { DeliveryError } from '../client/errors.js';
import { TypedEmitter } from '../client/events.js';
import type { DeliveryDeadLetter } from './letters.js';

/** Counts of a delivery loop since it started (the `worker --json` and `relay --json` summaries). */
export interface DeliveryReport {
  /** Items taken from the source (entries read, new, re-read or claimed; rows claimed). */
  readonly read: number;
  /** Signals Connect accepted (their items settled: entries acknowledged and deleted, rows deleted). */
  readonly accepted: number;
  /** Items dead-lettered as invalid signals or unreadable items. */
  readonly invalid: number;
  /** Of the invalid, items that were not a signal at all (no signal, not JSON, not an object). */
  readonly unreadable: number;
  /** Deliveries that failed after the client's retries (each either left held for a later delivery or dead-lettered). */
  readonly failed: number;
  /** Of the failed, those left held, to be delivered again once their hold expires. */
  readonly retriedLater: number;
  /** Dead letters written. */
  readonly deadLetters: number;
  /** Items taken over from other holders (entries claimed from other consumers, or from an earlier life of this one; rows whose lease expired). */
  readonly claimed: number;
  /** Batches, requests and retries of the client, as in its report. */
  readonly batches: number;
  readonly requests: number;
  readonly retries: number;
  /** Settlements that the store did not take (their items are delivered again). */
  readonly ackErrors: number;
}

/** Payload of every delivery event, by name. */
export interface DeliveryEvents {
  /** Items were taken (`claimed`: taken over from other holders). */
  read: { readonly count: number; readonly claimed: boolean };
  /** A signal was accepted; its item is settled. */
  accepted: { readonly entry: string; readonly signalType: string; readonly id: string };
  /** A delivery failed after the client's retries; `later`: left held, to be delivered again. */
  failed: { readonly entry: string; readonly signalType: string; readonly reason: DeliveryError; readonly later: boolean };
  /** A dead letter was written (with its item's settlement). */
  deadLetter: { readonly letter: DeliveryDeadLetter };
  /** The store failed a command of the loop; it goes on after a pause. */
  error: { readonly error: Error; readonly during: string };
}

/** The name of a delivery event. */
export type DeliveryEventName = keyof DeliveryEvents;

/** A delivery event handler. */
export type DeliveryHandler<E extends DeliveryEventName> = (payload: DeliveryEvents[E]) => void;

/** A delivery loop's emitter (the client's, over the loop's events). */
export class DeliveryEmitter extends TypedEmitter<DeliveryEvents> {
  constructor(owner: string) {
    super(owner);
  }
}

/** The counts, mutable while the loop runs. */
export type DeliveryCounts = { -readonly [K in keyof DeliveryReport]: DeliveryReport[K] };

/** A report with every count at zero. */
export function emptyCounts(): DeliveryCounts {
  return { read: 0, accepted: 0, invalid: 0, unreadable: 0, failed: 0, retriedLater: 0, deadLetters: 0, claimed: 0, batches: 0, requests: 0, retries: 0, ackErrors: 0 };
}
