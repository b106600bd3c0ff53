/**
 * One received signal as the emulator stores it (compact: a fixed-shape object
 * holding references, no copies), and the JSON view the inspection API shows.
 */
import type { ValidationIssue } from '../validate/types.js';
import type { ContactRecord } from './contacts.js';

/**
 * Why a signal was discarded:
 * - `invalid`: a required field missing or invalid (at the mutation: no id).
 * - `tier_not_allowed`: the tier cannot import its type (at the mutation: no id).
 * - `unknown_contact_key`: accepted with an id, then discarded at contact mapping.
 */
export type DiscardReason = 'invalid' | 'tier_not_allowed' | 'unknown_contact_key';

/** A received signal, as `GET /_emulator/signals` and `handle.signals()` show it. */
export interface StoredSignal {
  /** The UUID returned in `signalIds`; `null` for a signal discarded at the mutation. */
  readonly signalId: string | null;
  readonly status: 'accepted' | 'discarded';
  /** Stable reason code when discarded, else `null`. */
  readonly reasonCode: DiscardReason | null;
  /** Plain-English reason when discarded, else `null`. */
  readonly reason: string | null;
  /** The validator's errors (discarded at the mutation) or warnings (optional fields removed). */
  readonly issues: readonly ValidationIssue[];
  /** The contact the signal mapped to, or `null`. */
  readonly contactId: string | null;
  /** The session as registered (`SESS-1.1751479037630`), or `null` without a sessionId. */
  readonly sessionId: string | null;
  /** Whether it is a test signal (stored, never in an activity feed). */
  readonly test: boolean;
  /** The signal type, or `unknown`. */
  readonly signalType: string;
  /** ISO 8601 time the emulator received it. */
  readonly receivedAt: string;
  /** Which `createSignals` mutation carried it: 1 for the first since start (or the last reset), as counted in `stats.mutations`. */
  readonly mutation: number;
  /** Accepted: the signal as processed (invalid optional fields removed). Discarded at the mutation: as received. */
  readonly signal: unknown;
  /** The signal as received, only when processing changed it (an invalid optional field removed). */
  readonly received?: unknown;
}

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
