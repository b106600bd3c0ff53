/**
 * A contact's activity feed as the reference describes it: the 5 most recent
 * signals per session, identification signals not shown, test signals never
 * shown, at most the last 1000 signals and only those of the last 30 days.
 *
 * "Recent" is by the time the emulator received the signal (a signalTimestamp
 * may lie far in the past, as in the reference's own examples). A signal
 * without a sessionId belongs to no session and is not capped per session.
 */
import type { ContactRecord } from './contacts.js';
import type { FeedEntry } from './inspection-types.js';

export type { FeedEntry } from './inspection-types.js';

/** The feed's limits. */
export const FEED_RULES = {
  perSession: 5,
  maxSignals: 1000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  hiddenTypes: ['identification'] as readonly string[],
} as const;

/** The activity feed of `contact` at time `now`. */
export function activityFeed(contact: ContactRecord, now: number): FeedEntry[] {
  const feed: FeedEntry[] = [];
  const perSession = new Map<string, number>();
  const oldest = now - FEED_RULES.maxAgeMs;
  for (let i = contact.signals.length - 1; i >= 0 && feed.length < FEED_RULES.maxSignals; i--) {
    const record = contact.signals[i]!;
    if (record.discarded !== null || record.test || FEED_RULES.hiddenTypes.includes(record.signalType)) continue;
    if (record.receivedAt < oldest) continue;
    if (record.sessionId !== null) {
      const seen = perSession.get(record.sessionId) ?? 0;
      if (seen >= FEED_RULES.perSession) continue;
      perSession.set(record.sessionId, seen + 1);
    }
    feed.push({
      signalId: record.signalId!,
      signalType: record.signalType,
      sessionId: record.sessionId,
      receivedAt: new Date(record.receivedAt).toISOString(),
      signalTimestamp: record.signalTimestamp,
      name: record.name,
    });
  }
  return feed;
}
