/**
 * One received signal as the emulator stores it (compact: a fixed-shape object
 * holding references, no copies), and the JSON view the inspection API shows.
 */
import type { ValidationIssue } from '../validate/types.js';
import type { ContactRecord } from './contacts.js';
import type { DiscardReason, StoredSignal } from './inspection-types.js';

export type { DiscardReason, StoredSignal } from './inspection-types.js';

/** The stored form of one signal. */
export class SignalRecord {
  constructor(
    readonly signalId: string | null,
    public discarded: DiscardReason | null,
    public reason: string | null,
    readonly issues: readonly ValidationIssue[],
    public contact: ContactRecord | null,
    readonly sessionId: string | null,
    readonly test: boolean,
    readonly signalType: string,
    readonly receivedAt: number,
    readonly signal: unknown,
    readonly mutation: number,
  ) {}

  /** Set when the record is forgotten to bound memory (see `retainSignals`). */
  forgotten = false;

  /** The signal as received, kept only when processing changed it (see {@link StoredSignal.received}). */
  received: unknown = undefined;

  /** The JSON view. */
  view(): StoredSignal {
    return {
      signalId: this.signalId,
      status: this.discarded === null ? 'accepted' : 'discarded',
      reasonCode: this.discarded,
      reason: this.reason,
      issues: this.issues,
      contactId: this.contact?.contactId ?? null,
      sessionId: this.sessionId,
      test: this.test,
      signalType: this.signalType,
      receivedAt: new Date(this.receivedAt).toISOString(),
      mutation: this.mutation,
      signal: this.signal,
      ...(this.received === undefined ? {} : { received: this.received }),
    };
  }
}
