/**
 * The JSON the inspector reads: the server's own types (inspection-types.ts
 * holds types only, so this browser folder can import it), plus the page
 * envelopes of the routes and the view's filters.
 */
import type { EmulatorContact, StoredSignal } from '../inspection-types.js';

export type { FeedEntry, LiveEvent } from '../inspection-types.js';
export type Signal = StoredSignal;
export type Contact = EmulatorContact;

/** `GET /_emulator/signals`. */
export interface SignalPage {
  readonly total: number;
  readonly matched: number;
  readonly count: number;
  readonly signals: readonly Signal[];
}

/** `GET /_emulator/contacts`. */
export interface ContactPage {
  readonly total: number;
  readonly contacts: readonly Contact[];
}

/** `GET`/`POST /_emulator/faults` (the server checks the values: src/emulator/options.ts FaultOptions). */
export interface Faults {
  latencyMs?: number;
  unavailableShare?: number;
  rateLimit?: { requests: number; windowMs?: number };
  dropShare?: number;
  dropAfterProcessing?: boolean;
  graphqlErrorShare?: number;
  fewerIdsShare?: number;
}

/** The filters of the signals view (sent as query parameters). */
export interface SignalFilters {
  status: '' | 'accepted' | 'discarded';
  type: string;
  contact: string;
  text: string;
}
