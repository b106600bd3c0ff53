/**
 * One received signal as the emulator stores it (compact: a fixed-shape object
 * holding references, no copies), and the JSON view the inspection API shows.
 * A signal of a bulk request is kept as its place in the request's bytes
 * (received-body.ts), and parsed again when it is looked at.
 */
import type { ValidationIssue } from '../validate/types.js';
import type { ContactRecord } from './contacts.js';
import type { DiscardReason, StoredSignal } from './inspection-types.js';
import type { ReceivedBody } from './received-body.js';

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
    signal: unknown,
    readonly mutation: number,
    /** Where `signal` came from: when given, the record keeps `index` in `body` instead of the object. */
    from?: { readonly body: ReceivedBody; readonly index: number },
  ) {
    const content = (signal as { signalContent?: Record<string, unknown> } | null)?.signalContent;
    this.signalTimestamp = stringOrNull(content?.signalTimestamp);
    this.name = stringOrNull(content?.name);
    this.body = from?.body ?? null;
    this.kept = from === undefined ? signal : from.index;
  }

  /** The signal's own `signalContent.signalTimestamp`, when it is a string (for activity feeds). */
  readonly signalTimestamp: string | null;
  /** The signal's `signalContent.name`, when it is a string (for activity feeds). */
  readonly name: string | null;
  private readonly body: ReceivedBody | null;
  /** The signal, or its index in {@link body}. */
  private readonly kept: unknown;

  /** Accepted: the signal as processed. Discarded at the mutation: as received. */
  get signal(): unknown {
    return this.body === null ? this.kept : this.body.signal(this.kept as number);
  }

  /** False when the signal's `JSON.stringify` text, lower-cased, cannot contain `needle` (lower case); cheap for a signal kept as bytes. */
  mayContain(needle: string): boolean {
    return this.body === null || this.body.mayContain(needle);
  }

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

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
