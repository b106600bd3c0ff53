/**
 * `GET /_emulator/live`: the inspector's live stream, NDJSON over one long
 * HTTP response (read with a streamed `fetch`, which, unlike `EventSource`,
 * can send the `x-api-key` header).
 *
 * Each line is a {@link LiveEvent}: the emulator's state in brief (how many
 * signals, their counts per status and type, the counters). The page then
 * asks the inspection API for the rows it shows, with its own filters and page.
 * Why notices and not the signals themselves: their cost is bounded whatever
 * the send rate (at most one event per {@link LIVE_STREAM.coalesceMs} per open
 * page, however many signals arrived), and a filtered or paged view needs a
 * query anyway. With no page open the emulator pays one size check per mutation.
 */
import type { ServerResponse } from 'node:http';
import type { LiveEvent } from './inspection-types.js';
import { countSignals } from './signal-query.js';
import type { EmulatorState } from './state.js';

export type { LiveEvent } from './inspection-types.js';

/** The stream's timing. */
export const LIVE_STREAM = {
  /** Changes within this many milliseconds are sent as one event. */
  coalesceMs: 200,
  /**
   * Every this many milliseconds the counters are compared with the last event's
   * (requests refused or hit by a fault change them without storing anything),
   * and an event or an empty keep-alive line is sent.
   */
  heartbeatMs: 2000,
} as const;

function snapshot(state: EmulatorState): LiveEvent {
  return { event: 'state', total: state.records.length, counts: countSignals(state.records), stats: state.stats };
}

/** Streams {@link LiveEvent}s to `res` until the client goes away (or the emulator stops). */
export function streamLive(state: EmulatorState, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'application/x-ndjson; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  let lastStats = '';
  let pending: NodeJS.Timeout | undefined;
  const send = () => {
    pending = undefined;
    const event = snapshot(state);
    lastStats = JSON.stringify(event.stats);
    res.write(`${JSON.stringify(event)}\n`);
  };
  const unwatch = state.watch(() => {
    pending ??= setTimeout(send, LIVE_STREAM.coalesceMs);
  });
  const heartbeat = setInterval(() => {
    if (pending !== undefined) return;
    if (JSON.stringify(state.stats) !== lastStats) send();
    else res.write('\n');
  }, LIVE_STREAM.heartbeatMs);
  heartbeat.unref();
  res.once('close', () => {
    unwatch();
    clearInterval(heartbeat);
    if (pending !== undefined) clearTimeout(pending);
  });
  send();
}
