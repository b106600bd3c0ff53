/**
 * Filtering and paging of the received signals (`GET /_emulator/signals`,
 * `handle.signals()`), and their counts per status and type (the inspector's
 * header). One pass over the kept records, in the order asked for; only the
 * page asked for is turned into views.
 */
import type { SignalCounts, StoredSignal } from './inspection-types.js';
import type { SignalRecord } from './signal-record.js';

export type { SignalCounts } from './inspection-types.js';

/** Filters of `EmulatorState.signalViews` (and `handle.signals()`, `GET /_emulator/signals`); every filter given must match. */
export interface SignalQuery {
  status?: 'accepted' | 'discarded' | undefined;
  /** Exact signal type (`unknown` for a signal whose type could not be read). */
  type?: string | undefined;
  /** Exact `contactId` the signal mapped to. */
  contact?: string | undefined;
  /**
   * Case-insensitive text found in the signal as sent (its JSON), its reason,
   * id, contact or session. Costs a JSON serialisation per signal compared; the signals of a
   * bulk request, kept as the request's bytes, are compared only when the request's text may
   * hold the text.
   */
  text?: string | undefined;
  /**
   * `oldest` first (as received) or `newest` first; `offset` counts from that end.
   * @default 'oldest'
   */
  order?: 'oldest' | 'newest' | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

function textMatcher(text: string): (r: SignalRecord) => boolean {
  const needle = text.toLowerCase();
  const has = (value: string | null) => value !== null && value.toLowerCase().includes(needle);
  return (r) => has(r.signalType) || has(r.signalId) || has(r.reason) || has(r.sessionId) || has(r.contact?.contactId ?? null)
    || (r.mayContain(needle) && has(JSON.stringify(r.signal) ?? null));
}

/** The predicate of `query`'s filters, or `null` when it has none. */
function matcher(query: SignalQuery): ((r: SignalRecord) => boolean) | null {
  const tests: Array<(r: SignalRecord) => boolean> = [];
  if (query.status !== undefined) {
    const wantDiscarded = query.status === 'discarded';
    tests.push((r) => (r.discarded !== null) === wantDiscarded);
  }
  if (query.type !== undefined) tests.push((r) => r.signalType === query.type);
  if (query.contact !== undefined) tests.push((r) => r.contact?.contactId === query.contact);
  if (query.text !== undefined && query.text !== '') tests.push(textMatcher(query.text)); // last: the dearest
  if (tests.length === 0) return null;
  return (r) => tests.every((t) => t(r));
}

/** The page of `records` that `query` asks for, and how many records match its filters. */
export function querySignals(records: readonly SignalRecord[], query: SignalQuery = {}): { matched: number; signals: StoredSignal[] } {
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? Infinity : offset + query.limit;
  const newest = query.order === 'newest';
  const matches = matcher(query);
  if (matches === null) {
    const n = records.length;
    const from = Math.min(offset, n);
    const to = Math.min(end, n);
    const slice = newest ? records.slice(n - to, n - from).reverse() : records.slice(from, to);
    return { matched: n, signals: slice.map((r) => r.view()) };
  }
  const page: StoredSignal[] = [];
  let matched = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[newest ? records.length - 1 - i : i]!;
    if (!matches(r)) continue;
    if (matched >= offset && matched < end) page.push(r.view());
    matched++;
  }
  return { matched, signals: page };
}

/** Counts per status and per type of `records`. */
export function countSignals(records: readonly SignalRecord[]): SignalCounts {
  let discarded = 0;
  const types: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const r of records) {
    if (r.discarded !== null) discarded++;
    types[r.signalType] = (types[r.signalType] ?? 0) + 1;
  }
  return { accepted: records.length - discarded, discarded, types: { ...types } };
}
