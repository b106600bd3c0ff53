/**
 * The JSON the inspector reads from the inspection API, as the page sees it.
 * (The server's own types live beside Node-only code, which this browser
 * folder cannot type-check against; these mirror the README's route table.)
 */

export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface Signal {
  readonly signalId: string | null;
  readonly status: 'accepted' | 'discarded';
  readonly reasonCode: 'invalid' | 'tier_not_allowed' | 'unknown_contact_key' | null;
  readonly reason: string | null;
  readonly issues: readonly Issue[];
  readonly contactId: string | null;
  readonly sessionId: string | null;
  readonly test: boolean;
  readonly signalType: string;
  readonly receivedAt: string;
  readonly mutation: number;
  readonly signal: unknown;
  /** Present when processing changed the signal (a dropped optional field): the signal as sent. */
  readonly received?: unknown;
}

export interface SignalPage {
  readonly total: number;
  readonly matched: number;
  readonly count: number;
  readonly signals: readonly Signal[];
}

export interface FeedEntry {
  readonly signalId: string;
  readonly signalType: string;
  readonly sessionId: string | null;
  readonly receivedAt: string;
  readonly signalTimestamp: string | null;
  readonly name: string | null;
}

export interface Contact {
  readonly contactId: string;
  readonly origin: 'seeded' | 'created';
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly signalCount: number;
  readonly feed: readonly FeedEntry[];
}

export interface ContactPage {
  readonly total: number;
  readonly contacts: readonly Contact[];
}

export interface Faults {
  latencyMs?: number;
  unavailableShare?: number;
  rateLimit?: { requests: number; windowMs?: number };
  dropShare?: number;
  dropAfterProcessing?: boolean;
  graphqlErrorShare?: number;
  fewerIdsShare?: number;
}

export type Stats = Readonly<Record<string, number | Readonly<Record<string, number>>>>;

/** One line of `GET /_emulator/live`. */
export interface LiveEvent {
  readonly event: 'state';
  readonly total: number;
  readonly counts: { readonly accepted: number; readonly discarded: number; readonly types: Readonly<Record<string, number>> };
  readonly stats: Stats;
}

/** The filters of the signals view (sent as query parameters). */
export interface SignalFilters {
  status: '' | 'accepted' | 'discarded';
  type: string;
  contact: string;
  text: string;
}
