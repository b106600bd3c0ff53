/**
 * What a delivery loop needs of a durable store: the small interface the
 * Redis stream (src/queue/worker-source.ts) and the Postgres outbox
 * (src/outbox/relay-source.ts) implement.
 */
import type { DeliveryItem } from './item.js';
import type { DeliveryDeadLetter } from './letters.js';

/** What one take gave: items as taken (not yet parsed), and how they were taken. */
export interface Take<I extends DeliveryItem = DeliveryItem> {
  readonly items: I[];
  /** Taken over from another holder (claimed entries, rows whose lease had expired). */
  readonly claimed: boolean;
  /**
   * Items no one held before this take (new entries; every claimed row). When false, the take
   * may return items this loop already holds (a Redis consumer re-reading its own pending
   * entries, or claiming entries idle long enough): the loop skips those.
   */
  readonly fresh: boolean;
}

/** Writes settlements: batched by the source, each settled item at most once. */
export interface Settler {
  /** Settles an item whose signal was accepted (acknowledge and delete the entry; delete the row). */
  ack(id: string): void;
  /** Writes `letter` and settles its item (`letter.entry`) together: both or neither. */
  deadLetter(letter: DeliveryDeadLetter): void;
  /** Resolves once everything settled so far has been written (or has failed). */
  drained(): Promise<void>;
}

/** A durable store of items, as a delivery loop uses it. */
export interface DeliverySource<I extends DeliveryItem = DeliveryItem> {
  /**
   * Takes up to a batch of items, holding them for this loop (pending to this consumer, leased to
   * this relay). With `waitMs`, waits up to that long when there is nothing to take; undefined: does not wait.
   */
  take(waitMs: number | undefined): Promise<Take<I>>;
  /** Settles items (see {@link Settler}). */
  readonly settler: Settler;
  /** Keeps the items `held()` returns from being taken by others while this loop lives (touches, lease renewals); returns a function that stops it. */
  keepHeld(held: () => Iterable<string>): () => void;
  /**
   * Items taken and never handed to the client (a take started ahead when the client stopped
   * pulling; `items` is empty when that take failed): the source makes them available again.
   */
  release(items: readonly I[]): Promise<void>;
  /** After a take failed with `error` (already reported): repair what can be repaired, or pause. */
  recover(error: Error): Promise<void>;
  /** Whether nothing is left to deliver for anyone (nothing new, nothing held by any holder). Called once settlements are written. */
  isEmpty(): Promise<boolean>;
  /** Whether the store answers (for `reading`, the metrics' `/healthz`). */
  readonly healthy: boolean;
  /** The loop has ended: detach what the source attached, give back what it took ahead. */
  close(): void | Promise<void>;
}
