/**
 * Everything the emulator remembers: received signals, contacts, sessions,
 * counters and faults. Processing of one mutation lives in process-signals.ts.
 */
import { ContactBook, type ContactRecord } from './contacts.js';
import { activityFeed } from './feed.js';
import type { EmulatorContact, EmulatorStats } from './inspection-types.js';
import { FaultState } from './faults.js';
import type { ContactSeed, FaultOptions, ResolvedEmulatorOptions } from './options.js';
import type { SignalRecord, StoredSignal } from './signal-record.js';
import { querySignals, type SignalQuery } from './signal-query.js';

export type { SignalQuery } from './signal-query.js';
export type { EmulatorContact, EmulatorStats } from './inspection-types.js';

function zeroStats(): EmulatorStats {
  return {
    requests: 0, unauthorized: 0, tooLarge: 0, mutations: 0, overLimit: 0, accepted: 0, discardedAtMutation: 0, discardedAtMapping: 0, forgotten: 0,
    faults: { rateLimited: 0, unavailable: 0, dropped: 0, graphqlErrors: 0, fewerIds: 0 },
  };
}

/** The emulator's memory. */
export class EmulatorState {
  readonly records: SignalRecord[] = [];
  readonly contacts = new ContactBook();
  readonly faults: FaultState;
  stats: EmulatorStats = zeroStats();
  /**
   * GraphQL requests received and not yet answered (their body being read, waiting out
   * injected latency, or being processed). Not a counter: a reset leaves it alone.
   */
  inFlight = 0;
  private readonly sessions = new Map<string, string>();
  private readonly watchers = new Set<() => void>();

  constructor(readonly options: ResolvedEmulatorOptions) {
    this.faults = new FaultState(options.faults, options.now);
    this.seed(options.contacts, 'options.contacts');
  }

  /** Adds seeded contacts; throws EmulatorError for an invalid or conflicting one (none added then). */
  seed(seeds: readonly ContactSeed[], source = 'contacts'): void {
    // Check all first so that a bad seed adds nothing.
    const probe = new ContactBook();
    for (const c of this.contacts.list()) probe.seed(identifying(c.attributes));
    seeds.forEach((s, i) => probe.seed(s, `${source}[${i}]`));
    seeds.forEach((s, i) => this.contacts.seed(s, `${source}[${i}]`));
    if (seeds.length > 0) this.changed();
  }

  /**
   * The session id as registered: Connect appends the time it first saw the
   * session (`SESS-1` → `SESS-1.1751479037630`); later signals of it share that id.
   */
  registerSession(sessionId: string, now: number): string {
    let registered = this.sessions.get(sessionId);
    if (registered === undefined) {
      registered = `${sessionId}.${now}`;
      this.sessions.set(sessionId, registered);
    }
    return registered;
  }

  /**
   * Forgets the oldest signals once more than `retainSignals` (plus a tenth, so that
   * the work is done in rare, amortised steps) are kept.
   */
  forgetOldest(): void {
    const retain = this.options.retainSignals;
    if (this.records.length <= retain + Math.ceil(retain / 10)) return;
    const gone = this.records.splice(0, this.records.length - retain);
    const touched = new Set<ContactRecord>();
    for (const record of gone) {
      record.forgotten = true;
      if (record.contact !== null && record.discarded === null) touched.add(record.contact);
    }
    for (const contact of touched) contact.signals = contact.signals.filter((r) => !r.forgotten);
    this.stats.forgotten += gone.length;
  }

  /**
   * Calls `listener` after each change: signals stored, contacts seeded, faults
   * set, a reset. Returns the function that stops it. (The inspector's live stream.)
   */
  watch(listener: () => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** Tells the watchers that something changed; costs one size check when nobody watches. */
  changed(): void {
    if (this.watchers.size === 0) return;
    for (const listener of this.watchers) listener();
  }

  /** Replaces every fault (throws EmulatorError for a bad value). */
  setFaults(faults: FaultOptions): void {
    this.faults.set(faults);
    this.changed();
  }

  /** Received signals still kept that match `query` (oldest first unless it says otherwise). */
  signalViews(query: SignalQuery = {}): StoredSignal[] {
    return querySignals(this.records, query).signals;
  }

  /** Contacts with their activity feeds, in order of creation; `offset`/`limit` page them. */
  contactViews(offset = 0, limit?: number): EmulatorContact[] {
    const now = this.options.now();
    const list = this.contacts.list();
    return list.slice(offset, limit === undefined ? undefined : offset + limit).map((c) => ({
      contactId: c.contactId,
      origin: c.origin,
      attributes: c.attributes,
      signalCount: c.signalCount,
      feed: activityFeed(c, now),
    }));
  }

  /** Forgets signals, contacts, sessions and counters, and turns every fault off. */
  reset(): void {
    this.records.length = 0;
    this.contacts.clear();
    this.sessions.clear();
    this.stats = zeroStats();
    this.faults.set({});
    this.changed();
  }
}

function identifying(attributes: Readonly<Record<string, unknown>>): ContactSeed {
  const { contactKey, email, sms, whatsapp } = attributes as ContactSeed;
  return Object.fromEntries(Object.entries({ contactKey, email, sms, whatsapp }).filter(([, v]) => v !== undefined)) as ContactSeed;
}
