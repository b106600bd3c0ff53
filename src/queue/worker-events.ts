/**
 * What a worker tells: its events (payloads typed in one map, a tiny
 * emitter) and its report (counts since it started). No payload carries the
 * API key or a Redis password.
 */
import type { DeliveryError } from '../client/errors.js';
import { TypedEmitter } from '../client/events.js';
import type { QueueDeadLetter } from './dead-letters.js';

/** Counts of a worker since it started (the `worker --json` summary). */
export interface WorkerReport {
  /** Entries read from the stream (new, re-read or claimed). */
  readonly read: number;
  /** Signals Connect accepted (their entries acknowledged and deleted). */
  readonly accepted: number;
  /** Entries dead-lettered as invalid signals or unreadable entries. */
  readonly invalid: number;
  /** Of the invalid, entries that were not a signal at all (no `signal` field, not JSON, not an object). */
  readonly unreadable: number;
  /** Deliveries that failed after the client's retries (each either left pending for a later delivery or dead-lettered). */
  readonly failed: number;
  /** Of the failed, those left pending, to be delivered again after `claimIdleMs`. */
  readonly retriedLater: number;
  /** Dead letters written to `{NAME}:dead`. */
  readonly deadLetters: number;
  /** Entries claimed from other consumers (or from an earlier life of this one). */
  readonly claimed: number;
  /** Batches, requests and retries of the client, as in its report. */
  readonly batches: number;
  readonly requests: number;
  readonly retries: number;
  /** Acknowledgements that Redis did not take (their entries are delivered again). */
  readonly ackErrors: number;
}

/** Payload of every worker event, by name. */
export interface SignalsWorkerEvents {
  /** Entries were read (`claimed`: taken from idle consumers). */
  read: { readonly count: number; readonly claimed: boolean };
  /** A signal was accepted; its entry is acknowledged. */
  accepted: { readonly entry: string; readonly signalType: string; readonly id: string };
  /** A delivery failed after the client's retries; `later`: left pending, to be delivered again. */
  failed: { readonly entry: string; readonly signalType: string; readonly reason: DeliveryError; readonly later: boolean };
  /** A dead letter was written (with its entry's acknowledgement). */
  deadLetter: { readonly letter: QueueDeadLetter };
  /** Redis failed a command of the worker's loop; it goes on after a pause. */
  error: { readonly error: Error; readonly during: string };
}

/** The name of a worker event. */
export type SignalsWorkerEventName = keyof SignalsWorkerEvents;

/** A worker event handler. */
export type SignalsWorkerHandler<E extends SignalsWorkerEventName> = (payload: SignalsWorkerEvents[E]) => void;

/** The worker's emitter (the client's, over the worker's events). */
export class WorkerEmitter extends TypedEmitter<SignalsWorkerEvents> {
  constructor() {
    super('signals worker');
  }
}

/** The counts, mutable while the worker runs. */
export type WorkerCounts = { -readonly [K in keyof WorkerReport]: WorkerReport[K] };

/** A report with every count at zero. */
export function emptyCounts(): WorkerCounts {
  return { read: 0, accepted: 0, invalid: 0, unreadable: 0, failed: 0, retriedLater: 0, deadLetters: 0, claimed: 0, batches: 0, requests: 0, retries: 0, ackErrors: 0 };
}
