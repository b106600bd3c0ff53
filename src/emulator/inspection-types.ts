/**
 * The JSON shapes of the inspection API (`/_emulator/…`) and of the handle's
 * views: types only, with no Node import, so that the inspector page's code
 * (src/emulator/ui/, type-checked for the browser) reads the same types the
 * server writes.
 */
import type { ValidationIssue } from '../validate/types.js';

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

/** One entry of an activity feed, newest first. */
export interface FeedEntry {
  readonly signalId: string;
  readonly signalType: string;
  readonly sessionId: string | null;
  readonly receivedAt: string;
  /** The signal's own `signalTimestamp`, when it has one. */
  readonly signalTimestamp: string | null;
  /** The signal's `name`, when it has one. */
  readonly name: string | null;
}

/** Counters since start (or the last reset). */
export interface EmulatorStats {
  /** GraphQL requests received (any outcome). */
  requests: number;
  /** Requests refused for a missing or wrong `x-api-key`. */
  unauthorized: number;
  /** Requests refused for a body above `maxBodyBytes`. */
  tooLarge: number;
  /** `createSignals` mutations that reached processing. */
  mutations: number;
  /** Mutations refused whole for carrying more than 500 signals. */
  overLimit: number;
  /** Signals given an id. */
  accepted: number;
  /** Signals discarded at the mutation (no id). */
  discardedAtMutation: number;
  /** Signals given an id, then discarded at contact mapping. */
  discardedAtMapping: number;
  /** Signals no longer kept for inspection (beyond `retainSignals`). */
  forgotten: number;
  /** Requests hit by each injected fault. */
  faults: { rateLimited: number; unavailable: number; dropped: number; graphqlErrors: number; fewerIds: number };
}

/** A contact as `GET /_emulator/contacts` and `handle.contacts()` show it. */
export interface EmulatorContact {
  readonly contactId: string;
  /** `seeded` (given at start or posted) or `created` (by a signal with an unknown e-mail or phone number). */
  readonly origin: 'seeded' | 'created';
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Accepted signals ever mapped to the contact (test and identification signals included). */
  readonly signalCount: number;
  /** The activity feed, newest first (see FEED_RULES). */
  readonly feed: readonly FeedEntry[];
}

/** Signals per status and per type, over the signals kept. */
export interface SignalCounts {
  readonly accepted: number;
  readonly discarded: number;
  /** Signals per `signalType`, both statuses. */
  readonly types: Readonly<Record<string, number>>;
}

/** One line of the live stream. */
export interface LiveEvent {
  readonly event: 'state';
  /** Signals kept for inspection. */
  readonly total: number;
  readonly counts: SignalCounts;
  readonly stats: EmulatorStats;
}
