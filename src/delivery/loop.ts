/**
 * The delivery loop: take durable items from a source (a Redis stream, a
 * Postgres outbox) and hand them to the batching client; settle each once its
 * signal has settled (accepted, or its dead letter written).
 *
 * Why `client.send()` and not app mode (`enqueue`): `send()` pulls its
 * source, and stops pulling while every request slot is busy, which is the
 * backpressure the loop needs (nothing is taken that cannot be sent soon);
 * its `signalOf`/`jsonOf` let each outcome carry the item, and let the
 * request body join the item's own text instead of serializing the signal
 * again, as `send` does for file lines. App mode has neither: it queues
 * without limit and re-serializes every signal.
 *
 * `send()` sends a partial batch only when its source ends, so the loop is a
 * series of *bursts*: one `send()` over a generator that takes while items
 * keep coming, and ends when a take finds nothing (or a partial batch has
 * waited `flushIntervalMs`, by default 0: a take that returns less than a
 * batch ends it); the next burst starts at once. Under load takes are full
 * and a burst lasts as long as the load; a trickle goes out at once.
 *
 * Items that are not signals, and items delivered more than `maxDeliveries`
 * times, are dead-lettered here without reaching the client.
 */
import type { SignalsClient } from '../client/client.js';
import type { SendReport, SignalOutcome } from '../client/report.js';
import { SourceError } from '../client/send.js';
import type { DeliveryCounts, DeliveryEmitter } from './events.js';
import { takeSignal, takeText, type DeliveryItem } from './item.js';
import { failedLetter, invalidLetter, maxDeliveriesLetter, unreadableLetter, type DeliveryDeadLetter } from './letters.js';
import { deliverAgain } from './policy.js';
import type { DeliverySource, Take } from './source.js';

/** The loop's settings (resolved by the worker's or the relay's options). */
export interface LoopSettings {
  /** An item delivered more often than this becomes a dead letter `max_deliveries`. */
  readonly maxDeliveries: number;
  /** How long a take waits for new items when there are none. */
  readonly blockMs: number;
  /** How long a partial batch may wait for more items (0: it goes once a take returns less than a batch). */
  readonly flushIntervalMs: number;
  /** End once a take finds nothing and the source is empty. */
  readonly untilEmpty: boolean;
  /** Who holds items, in a `max_deliveries` letter's reason ("workers", "relays"). */
  readonly holders: string;
}

/** What the loop works with. */
export interface LoopParts<I extends DeliveryItem> {
  readonly settings: LoopSettings;
  readonly source: DeliverySource<I>;
  readonly client: SignalsClient;
  readonly batchSize: number;
  readonly counts: DeliveryCounts;
  readonly events: DeliveryEmitter;
}

/** The running loop's handle. */
export interface Loop {
  /** Resolves when the loop has ended and everything it settled is written. */
  readonly done: Promise<void>;
  /** Stops taking; what was taken is still delivered. After `graceMs`, requests still in flight are aborted (their items stay held, to be delivered again). */
  stop(graceMs: number): void;
  /** True while the loop takes and the store answers. */
  readonly reading: boolean;
}

/** Starts the loop. */
export function startDeliveryLoop<I extends DeliveryItem>(parts: LoopParts<I>): Loop {
  const { settings, source, client, counts, events, batchSize } = parts;
  const acks = source.settler;
  /** Items taken and not yet settled, by id. */
  const held = new Map<string, I>();
  const abort = new AbortController();
  let stopping = false;
  let reading = false;
  /** Invalid outcomes in the current burst: a batch holds only valid signals. */
  let invalidInBurst = 0;
  /** The last burst ended on a take of new items that found none. */
  let foundNothing = false;
  /** With untilEmpty: the last check found items held (by other holders, or to be delivered again). */
  let notEmpty = false;

  const offOutcome = client.on('outcome', (outcome: SignalOutcome) => {
    const item = outcome.input as I;
    if (held.get(item?.id) !== item) return; // not one of ours (a client shared with other sends)
    held.delete(item.id);
    if (outcome.status === 'accepted') {
      counts.accepted++;
      acks.ack(item.id);
      if (events.has('accepted')) events.emit('accepted', { entry: item.id, signalType: outcome.signalType, id: outcome.id });
      return;
    }
    if (outcome.status === 'invalid') {
      invalidInBurst++;
      counts.invalid++;
      if (item.unreadable === undefined) deadLetter(invalidLetter(item, outcome));
      else {
        // Its text did not parse (takeSignal found out, as the client validated it).
        counts.unreadable++;
        deadLetter(unreadableLetter(item));
      }
      return;
    }
    counts.failed++;
    const later = deliverAgain(outcome.reason);
    events.emit('failed', { entry: item.id, signalType: outcome.signalType, reason: outcome.reason, later });
    if (later) counts.retriedLater++;
    else deadLetter(failedLetter(item, outcome));
  });

  function deadLetter(letter: DeliveryDeadLetter): void {
    counts.deadLetters++;
    acks.deadLetter(letter);
    events.emit('deadLetter', { letter });
  }

  /** Dead-letters what must not reach the client (no readable signal, delivered too often); returns the rest, now held. */
  function admit(items: I[], claimed: boolean): I[] {
    if (items.length === 0) return items;
    counts.read += items.length;
    if (claimed) counts.claimed += items.length;
    events.emit('read', { count: items.length, claimed });
    const deliver: I[] = [];
    for (const item of items) {
      if (item.deliveries > settings.maxDeliveries) deadLetter(maxDeliveriesLetter(item, settings.maxDeliveries, settings.holders));
      else if (item.unreadable !== undefined) {
        counts.invalid++;
        counts.unreadable++;
        deadLetter(unreadableLetter(item));
      } else {
        held.set(item.id, item);
        deliver.push(item);
      }
    }
    return deliver;
  }

  /**
   * One burst's source: takes until a take finds nothing or a partial batch has waited long enough.
   * While the store gives full takes (a backlog), the next take is started before the items
   * of this one are handed over, so that the client never waits for the store: at most one take
   * (one batch of items) is held ahead, not yet sent. Items are admitted (held) when the client
   * asks for them, and each is parsed as the client validates it (`takeSignal`): a take held ahead
   * keeps text, not parsed signals, which would live long enough to reach V8's old generation.
   */
  /** The items of a take made ahead, not yet admitted. */
  let waiting: readonly I[] = [];

  async function* items(): AsyncGenerator<I[]> {
    invalidInBurst = 0;
    foundNothing = false;
    let given = 0;
    let partialSince = 0;
    let ahead: Promise<Take<I>> | undefined;
    /** How long a take may wait for new items. With untilEmpty, a take waits only as the pause between two checks that found the source not empty. */
    const waitFor = (ms: number) => (settings.untilEmpty && (given > 0 || !notEmpty) ? undefined : ms);
    try {
      // A take started ahead is always handed over, a stop notwithstanding (its items are this loop's).
      while (!stopping || ahead !== undefined) {
        const partial = (given - invalidInBurst) % batchSize;
        if (partial > 0 && ahead === undefined && Date.now() - partialSince >= settings.flushIntervalMs) return;
        const blockMs = partial > 0 ? settings.flushIntervalMs - (Date.now() - partialSince) : settings.blockMs;
        reading = true;
        const take = await (ahead ?? source.take(waitFor(blockMs)));
        ahead = undefined;
        waiting = [];
        const taken = admit(take.fresh ? take.items : take.items.filter((e) => !held.has(e.id)), take.claimed);
        if (taken.length === 0) {
          // Nothing new: end the burst so that a partial batch goes (or, with untilEmpty, so the loop can check).
          if (take.fresh && (given > 0 || settings.untilEmpty)) {
            foundNothing = take.items.length === 0;
            return;
          }
          continue;
        }
        if (partial === 0) partialSince = Date.now();
        given += taken.length;
        if (take.fresh && take.items.length === batchSize && !stopping) {
          ahead = source.take(waitFor(settings.blockMs));
          // Its items wait for the client (behind a rate limit, as long as the batches before them take):
          // kept from being taken by others as the held ones are, until admitted.
          ahead.then((next) => (waiting = next.items), () => {});
        }
        yield taken;
      }
    } finally {
      // Only when the client stopped pulling (an abort): the items of a take started ahead are
      // given back to the source (a Redis consumer re-reads them; an outbox relay ends their lease).
      if (ahead !== undefined) {
        const left = await ahead.then((take) => take.items, () => []);
        await source.release(left).catch(() => undefined);
      }
    }
  }

  async function burst(): Promise<SendReport> {
    try {
      return await client.send(items(), { chunked: true, signalOf: takeSignal, jsonOf: takeText, signal: abort.signal });
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      reading = false;
      const cause = error.cause instanceof Error ? error.cause : new Error(String(error.cause));
      events.emit('error', { error: cause, during: 'reading' });
      await source.recover(cause);
      return error.report;
    }
  }

  /** Nothing untaken, nothing held by anyone (run after a burst that found nothing new). */
  async function empty(): Promise<boolean> {
    await acks.drained();
    return held.size === 0 && (await source.isEmpty());
  }

  const stopTouching = source.keepHeld(function* () {
    yield* held.keys();
    for (const item of waiting) yield item.id;
  });

  async function run(): Promise<void> {
    try {
      while (!stopping) {
        const report = await burst();
        counts.batches += report.batches;
        counts.requests += report.requests;
        counts.retries += report.retries;
        if (settings.untilEmpty && foundNothing && !stopping) {
          if (await empty()) break;
          notEmpty = true;
        } else notEmpty = false;
      }
    } finally {
      reading = false;
      stopTouching();
      await source.close();
      offOutcome();
      await acks.drained();
    }
  }

  let graceTimer: NodeJS.Timeout | undefined;
  const done = run().finally(() => clearTimeout(graceTimer));
  return {
    done,
    stop(graceMs) {
      if (stopping) return;
      stopping = true;
      graceTimer = setTimeout(() => abort.abort(), graceMs);
      graceTimer.unref();
    },
    get reading() {
      return reading && !stopping && source.healthy;
    },
  };
}
