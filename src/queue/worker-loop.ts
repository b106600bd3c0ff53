/**
 * The worker's loop: read entries and hand them to the batching client.
 *
 * Why `client.send()` and not app mode (`enqueue`): `send()` pulls its
 * source, and stops pulling while every request slot is busy, which is the
 * backpressure the reader needs (nothing is read from Redis that cannot be
 * sent soon); its `signalOf`/`jsonOf` let each outcome carry the entry, and
 * let the request body join the entry's own text instead of serializing the
 * signal again, as `send` does for file lines. App mode has neither: it
 * queues without limit and re-serializes every signal.
 *
 * `send()` sends a partial batch only when its source ends, so the loop is a
 * series of *bursts*: one `send()` over a source that reads while entries
 * keep coming, and ends when a read finds nothing (or a partial batch has
 * waited `flushIntervalMs`, by default 0: a read that returns less than a
 * batch ends it); the next burst starts at once. Under load reads are full
 * and a burst lasts as long as the load; a trickle goes out at once.
 *
 * What the source does besides reading new entries (XREADGROUP `>`): once
 * at start and after each reconnection, it re-reads this consumer's own
 * pending entries (XREADGROUP `0`: `>` never returns them again), skipping
 * those in flight; every `claimEvery` it claims entries idle longer than
 * `claimIdleMs` (XAUTOCLAIM). Entries that are not signals, and entries
 * delivered more than `maxDeliveries` times, are dead-lettered here without
 * reaching the client.
 */
import type { SignalsClient } from '../client/client.js';
import type { SendReport, SignalOutcome } from '../client/report.js';
import { SourceError } from '../client/send.js';
import { sleep } from '../client/sleep.js';
import { sweepGoneConsumers } from './consumers.js'; // issue 20 hook (see the claim step)
import type { RedisClient } from './redis.js';
import type { WorkerCounts, WorkerEmitter } from './worker-events.js';
import type { ResolvedWorkerOptions } from './worker-options.js';
import { deliverAgain } from './worker-policy.js';
import { bytesOf, claimIdle, ensureGroup, isNoGroup, keepHeld, pendingCount, readEntries, takeSignal, type QueueEntry, type ReadTarget } from './worker-read.js';
import { type Acknowledger, failedLetter, invalidLetter, maxDeliveriesLetter, unreadableLetter } from './worker-settle.js';

/** What the loop works with. */
export interface LoopParts {
  readonly options: ResolvedWorkerOptions;
  readonly target: ReadTarget;
  /** For acknowledgements, claims and the rate limit. */
  readonly redis: RedisClient;
  /** For the blocking reads only (a blocked connection would hold up acknowledgements behind it). */
  readonly reader: RedisClient;
  readonly client: SignalsClient;
  readonly batchSize: number;
  readonly counts: WorkerCounts;
  readonly events: WorkerEmitter;
  /** Writes acknowledgements and dead letters (shared with the client's limiter: see worker.ts). */
  readonly acks: Acknowledger;
}

/** What one read gave: entries as read (not yet parsed), and how they were read. */
interface Read {
  readonly entries: QueueEntry[];
  /** Claimed from another consumer (XAUTOCLAIM). */
  readonly claimed: boolean;
  /** New entries (XREADGROUP `>`); not re-read nor claimed ones. */
  readonly fresh: boolean;
}

/** The running loop's handle. */
export interface Loop {
  /** Resolves when the loop has ended and everything it settled is written. */
  readonly done: Promise<void>;
  /** Stops reading; what was read is still delivered. After `graceMs`, requests still in flight are aborted (their entries stay pending). */
  stop(graceMs: number): void;
  /** True while the loop reads and Redis answers. */
  readonly reading: boolean;
}

/** Starts the loop. */
export function startLoop(parts: LoopParts): Loop {
  const { options, target, redis, reader, client, counts, events, batchSize, acks } = parts;
  /** Entries read and not yet settled, by id. */
  const held = new Map<string, QueueEntry>();
  const abort = new AbortController();
  let stopping = false;
  let reading = false;
  let history: string | undefined = '0';
  let nextClaimAt = 0;
  const claimEvery = Math.max(50, Math.min(options.claimIdleMs / 2, 5000));
  /** Invalid outcomes in the current burst: a batch holds only valid signals. */
  let invalidInBurst = 0;
  /** The last burst ended on a read of new entries that found none. */
  let foundNothing = false;
  /** With untilEmpty: the last check found entries pending (held by other consumers, or to be delivered again). */
  let notEmpty = false;

  const onReady = () => {
    history = '0';
  };
  reader.on('ready', onReady);

  const offOutcome = client.on('outcome', (outcome: SignalOutcome) => {
    const entry = outcome.input as QueueEntry;
    if (held.get(entry?.id) !== entry) return; // not one of ours (a client shared with other sends)
    held.delete(entry.id);
    if (outcome.status === 'accepted') {
      counts.accepted++;
      acks.ack(entry.id);
      if (events.has('accepted')) events.emit('accepted', { entry: entry.id, signalType: outcome.signalType, id: outcome.id });
      return;
    }
    if (outcome.status === 'invalid') {
      invalidInBurst++;
      counts.invalid++;
      if (entry.unreadable === undefined) deadLetter(invalidLetter(entry, outcome));
      else {
        // Its text did not parse (takeSignal found out, as the client validated it).
        counts.unreadable++;
        deadLetter(unreadableLetter(entry));
      }
      return;
    }
    counts.failed++;
    const later = deliverAgain(outcome.reason);
    events.emit('failed', { entry: entry.id, signalType: outcome.signalType, reason: outcome.reason, later });
    if (later) counts.retriedLater++;
    else deadLetter(failedLetter(entry, outcome));
  });

  function deadLetter(letter: Parameters<Acknowledger['deadLetter']>[0]): void {
    counts.deadLetters++;
    acks.deadLetter(letter);
    events.emit('deadLetter', { letter });
  }

  /** Dead-letters what must not reach the client (no readable `signal` field, delivered too often); returns the rest, now held. */
  function admit(entries: QueueEntry[], claimed: boolean): QueueEntry[] {
    if (entries.length === 0) return entries;
    counts.read += entries.length;
    if (claimed) counts.claimed += entries.length;
    events.emit('read', { count: entries.length, claimed });
    const deliver: QueueEntry[] = [];
    for (const entry of entries) {
      if (entry.deliveries > options.maxDeliveries) deadLetter(maxDeliveriesLetter(entry, options.maxDeliveries));
      else if (entry.unreadable !== undefined) {
        counts.invalid++;
        counts.unreadable++;
        deadLetter(unreadableLetter(entry));
      } else {
        held.set(entry.id, entry);
        deliver.push(entry);
      }
    }
    return deliver;
  }

  /** The next entries read (not yet admitted): own pending first, then claimed ones when due, then new ones (waiting up to `blockMs` for them; undefined: not waiting). */
  async function next(blockMs: number | undefined): Promise<Read> {
    if (history !== undefined) {
      const entries = await readEntries(reader, target, batchSize, undefined, { after: history });
      history = entries.length < batchSize ? undefined : entries[entries.length - 1]!.id;
      return { entries, claimed: false, fresh: false };
    }
    if (Date.now() >= nextClaimAt) {
      nextClaimAt = Date.now() + claimEvery;
      sweepGoneConsumers(redis, target, options.claimIdleMs); // issue 20 hook: removes the group's gone consumers (src/queue/consumers.ts); keep in the claim step
      const claimed = await claimIdle(redis, target, options.claimIdleMs, batchSize);
      if (claimed.length > 0) return { entries: claimed, claimed: true, fresh: false };
    }
    const wait = blockMs === undefined ? undefined : Math.max(1, Math.min(blockMs, nextClaimAt - Date.now()));
    return { entries: await readEntries(reader, target, batchSize, wait), claimed: false, fresh: true };
  }

  /**
   * One burst's source: reads until a read finds nothing or a partial batch has waited long enough.
   * While the stream gives full reads (a backlog), the next read is started before the entries
   * of this one are handed over, so that the client never waits for Redis: at most one read
   * (one batch of entries) is held ahead, not yet sent. Entries are admitted (held) when the client
   * asks for them, and each is parsed as the client validates it (`takeSignal`): a read held ahead
   * keeps bytes, not parsed signals, which would live long enough to reach V8's old generation.
   */
  async function* source(): AsyncGenerator<QueueEntry[]> {
    invalidInBurst = 0;
    foundNothing = false;
    let given = 0;
    let partialSince = 0;
    let ahead: Promise<Read> | undefined;
    /** How long a read may wait for new entries. With untilEmpty, a read waits only as the pause between two checks that found the queue not empty. */
    const waitFor = (ms: number) => (options.untilEmpty && (given > 0 || !notEmpty) ? undefined : ms);
    try {
      // A read started ahead is always handed over, a stop notwithstanding (its entries are this consumer's).
      while (!stopping || ahead !== undefined) {
        const partial = (given - invalidInBurst) % batchSize;
        if (partial > 0 && ahead === undefined && Date.now() - partialSince >= options.flushIntervalMs) return;
        const blockMs = partial > 0 ? options.flushIntervalMs - (Date.now() - partialSince) : options.blockMs;
        reading = true;
        const read = await (ahead ?? next(waitFor(blockMs)));
        ahead = undefined;
        const entries = admit(read.fresh ? read.entries : read.entries.filter((e) => !held.has(e.id)), read.claimed);
        if (entries.length === 0) {
          // Nothing new: end the burst so that a partial batch goes (or, with untilEmpty, so the loop can check).
          if (read.fresh && (given > 0 || options.untilEmpty)) {
            foundNothing = read.entries.length === 0;
            return;
          }
          continue;
        }
        if (partial === 0) partialSince = Date.now();
        given += entries.length;
        if (read.fresh && read.entries.length === batchSize && !stopping) ahead = next(waitFor(options.blockMs));
        yield entries;
      }
    } finally {
      // Only when the client stopped pulling (an abort): the entries of a read started ahead stay
      // pending to this consumer, re-read by the next burst (`history`) or claimed by another worker.
      if (ahead !== undefined) {
        await ahead.catch(() => undefined);
        history = '0';
      }
    }
  }

  async function burst(): Promise<SendReport> {
    try {
      return await client.send(source(), { chunked: true, signalOf: takeSignal, jsonOf: bytesOf, signal: abort.signal });
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      reading = false;
      const cause = error.cause instanceof Error ? error.cause : new Error(String(error.cause));
      events.emit('error', { error: cause, during: 'reading' });
      if (isNoGroup(cause)) await ensureGroup(redis, target).catch(() => {});
      else await sleep(500);
      return error.report;
    }
  }

  /** Nothing unread, nothing pending for the whole group (run after a burst that found nothing new). */
  async function empty(): Promise<boolean> {
    await acks.drained();
    return held.size === 0 && (await pendingCount(redis, target)) === 0;
  }

  const stopTouching = keepHeld(redis, target, () => held.keys(), options.claimIdleMs);

  async function run(): Promise<void> {
    try {
      while (!stopping) {
        const report = await burst();
        counts.batches += report.batches;
        counts.requests += report.requests;
        counts.retries += report.retries;
        if (options.untilEmpty && foundNothing && !stopping) {
          if (await empty()) break;
          notEmpty = true;
        } else notEmpty = false;
      }
    } finally {
      reading = false;
      stopTouching();
      reader.off('ready', onReady);
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
      return reading && !stopping && reader.status === 'ready';
    },
  };
}
