/**
 * Getting entries of `{NAME}:signals` to a worker: creating the group,
 * reading new entries (XREADGROUP `>`), re-reading its own pending ones
 * (XREADGROUP `0`, after a restart under the same consumer name), and claiming
 * idle entries of other consumers (XAUTOCLAIM), with their delivery counts
 * (XPENDING). An entry without a readable `signal` field is returned with
 * the reason, for a dead letter.
 */
import { isUtf8 } from 'node:buffer';
import type { DeliveryItem } from '../delivery/item.js';
import { SIGNAL_FIELD, type QueueKeys } from './keys.js';
import type { RedisClient } from './redis.js';

/**
 * One entry read from the stream: a delivery item whose `text` is the `signal` field's bytes, as
 * ioredis gave them (bytes are what the request body needs; see {@link DeliveryItem.text}).
 */
export type QueueEntry = DeliveryItem;

/** What a consumer of the group reads. */
export interface ReadTarget {
  readonly keys: QueueKeys;
  readonly group: string;
  readonly consumer: string;
}

/** An entry as ioredis gives it with `callBuffer`: nothing decoded. */
type RawEntry = [id: Buffer, fields: Buffer[] | null];

/** Sends one command (both ioredis clients have `call`; the typed methods of ioredis 6 do not unify over Redis | Cluster). */
export function command(client: RedisClient, name: string, ...args: (string | number)[]): Promise<unknown> {
  return client.call(name, ...args);
}

/** Sends one command whose reply's strings stay bytes (Buffers). */
function commandBytes(client: RedisClient, name: string, ...args: (string | number)[]): Promise<unknown> {
  return client.callBuffer(name, ...args);
}

/** Creates the group (reading from the stream's start, so entries added before it are read) and the stream if missing. */
export async function ensureGroup(client: RedisClient, target: ReadTarget): Promise<void> {
  try {
    await command(client, 'XGROUP', 'CREATE', target.keys.signals, target.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
  }
}

/** Whether a Redis error says the stream or the group is gone (Redis restarted without persistence, or someone deleted it). */
export function isNoGroup(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}

const SIGNAL_BYTES = Buffer.from(SIGNAL_FIELD);

/** An entry's fields into its `signal` bytes, or the reason it has none. Its signal is parsed later (src/delivery/item.ts, parseSignal). */
export function parseEntry(id: string, fields: readonly Buffer[] | null, deliveries = 1): QueueEntry {
  if (fields === null) return { id, text: undefined, signal: undefined, unreadable: 'the entry was deleted from the stream before it was delivered', deliveries };
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (!fields[i]!.equals(SIGNAL_BYTES)) continue;
    const bytes = fields[i + 1]!;
    // As the file readers do with a line: text that is not UTF-8 is not guessed at (its dead letter shows it decoded leniently).
    if (!isUtf8(bytes)) return { id, text: bytes, signal: undefined, unreadable: `the "${SIGNAL_FIELD}" field is not valid UTF-8 text`, deliveries };
    return { id, text: bytes, signal: undefined, deliveries };
  }
  const names = fields.filter((_, i) => i % 2 === 0).map((f) => JSON.stringify(f.toString())).join(', ');
  return { id, text: undefined, signal: undefined, unreadable: `the entry has no "${SIGNAL_FIELD}" field (its fields: ${names || 'none'})`, deliveries };
}

/** Entries of a reply into entries (ids are ASCII: `<ms>-<seq>`). */
const parseEntries = (entries: readonly RawEntry[], deliveries?: Map<string, number>): QueueEntry[] =>
  entries.map(([id, fields]) => {
    const text = id.toString('latin1');
    return parseEntry(text, fields, deliveries?.get(text) ?? 1);
  });

function entriesOf(reply: unknown): RawEntry[] {
  // XREADGROUP, one stream asked: null; or [[stream, entries]] (RESP2); or the map {stream: entries},
  // which ioredis gives as [stream, entries] (RESP3, ioredis 6's default where the server has it).
  if (!Array.isArray(reply) || reply.length === 0) return [];
  const first: unknown = reply[0];
  return ((Array.isArray(first) ? first[1] : reply[1]) ?? []) as RawEntry[];
}

/**
 * New entries for this consumer: up to `count`, waiting up to `blockMs` when there are none
 * (undefined: not waiting). `history: true` re-reads this consumer's own pending entries instead (from `after`).
 */
export async function readEntries(client: RedisClient, target: ReadTarget, count: number, blockMs: number | undefined, history?: { after: string }): Promise<QueueEntry[]> {
  const args: (string | number)[] = ['GROUP', target.group, target.consumer, 'COUNT', count];
  if (history === undefined && blockMs !== undefined) args.push('BLOCK', blockMs);
  args.push('STREAMS', target.keys.signals, history === undefined ? '>' : history.after);
  return parseEntries(entriesOf(await commandBytes(client, 'XREADGROUP', ...args)));
}

/** Entries idle longer than `minIdleMs`, claimed for this consumer, each with its delivery count (this one included). */
export async function claimIdle(client: RedisClient, target: ReadTarget, minIdleMs: number, count: number): Promise<QueueEntry[]> {
  const reply = (await commandBytes(client, 'XAUTOCLAIM', target.keys.signals, target.group, target.consumer, minIdleMs, '0-0', 'COUNT', count)) as [Buffer, RawEntry[], Buffer[]?];
  const claimed = reply[1] ?? [];
  if (claimed.length === 0) return [];
  const counts = await deliveryCounts(client, target, claimed[0]![0].toString('latin1'), claimed[claimed.length - 1]![0].toString('latin1'), claimed.length);
  return parseEntries(claimed, counts);
}

/** Delivery counts of this consumer's pending entries from `first` to `last`. */
async function deliveryCounts(client: RedisClient, target: ReadTarget, first: string, last: string, count: number): Promise<Map<string, number>> {
  const rows = (await command(client, 'XPENDING', target.keys.signals, target.group, first, last, count, target.consumer)) as [string, string, number, number][];
  return new Map(rows.map(([id, , , deliveries]) => [id, Number(deliveries)]));
}

/** Entries pending for the whole group (read by some consumer, not yet acknowledged). */
export async function pendingCount(client: RedisClient, target: ReadTarget): Promise<number> {
  const summary = (await command(client, 'XPENDING', target.keys.signals, target.group)) as [number, ...unknown[]];
  return Number(summary[0] ?? 0);
}

/**
 * Resets the idle time of entries this consumer still holds, so that no other worker claims them
 * (XCLAIM JUSTID does not count a delivery). Only entries idle at least `minIdleMs` are touched:
 * one another worker claimed since (so recently) is not taken back.
 */
export async function touchEntries(client: RedisClient, target: ReadTarget, ids: readonly string[], minIdleMs: number): Promise<void> {
  if (ids.length === 0) return;
  await command(client, 'XCLAIM', target.keys.signals, target.group, target.consumer, minIdleMs, ...ids, 'JUSTID');
}

/**
 * Keeps the entries a live worker holds from being claimed by others: every `claimIdleMs / 3` it
 * touches them (see {@link touchEntries}), so their idle time never nears `claimIdleMs`. Returns
 * a function that stops it.
 */
export function keepHeld(client: RedisClient, target: ReadTarget, held: () => Iterable<string>, claimIdleMs: number): () => void {
  const timer = setInterval(() => {
    const ids = [...held()];
    for (let i = 0; i < ids.length; i += 1000) touchEntries(client, target, ids.slice(i, i + 1000), Math.floor(claimIdleMs / 4)).catch(() => {});
  }, Math.max(30, Math.floor(claimIdleMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/** The group's lag (entries not yet read by it) and pending count, for metrics and status. */
export async function groupState(client: RedisClient, target: ReadTarget): Promise<{ lag: number | undefined; pending: number }> {
  const groups = (await command(client, 'XINFO', 'GROUPS', target.keys.signals)) as unknown[][];
  for (const g of groups) {
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
    if (info.get('name') !== target.group) continue;
    const lag = info.get('lag');
    return { lag: lag === null || lag === undefined ? undefined : Number(lag), pending: Number(info.get('pending') ?? 0) };
  }
  return { lag: undefined, pending: 0 };
}
