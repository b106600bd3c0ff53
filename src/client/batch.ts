/**
 * Batches: valid signals grouped for one request, serialized once.
 *
 * The request body is made once per batch, and every retry re-sends it. A
 * signal whose JSON text is already known (the line of a file it was parsed
 * from, unchanged by validation) is not serialized again: its text is joined
 * in as it is, which makes sending a file cost about what reading it does.
 * Otherwise one JSON.stringify of the signals (measured: ~40% cheaper than
 * one call per signal).
 *
 * Once a body is made as bytes, the batch keeps no signal object and no text:
 * where each signal's text lies in the body is enough to assemble the halves
 * of a batch Connect rejected (rare). What a batch in flight holds per signal
 * is then a few numbers and the caller's item, so the signals parsed for it
 * die young (measured on 1,000,000 signals: see docs/performance.md).
 */
import type { SignalInput } from '../../generated/graphql.js';
import { stringifyDocument } from '@urql/core';
import { CreateSignalsDocument } from '../../generated/graphql.js';
import type { ValidationIssue } from '../validate/types.js';

/** A valid signal on its way. */
export interface BatchItem {
  readonly index: number;
  readonly signalType: string;
  /** As given by the caller. */
  readonly input: unknown;
  /**
   * As sent (appKey filled in, invalid optional fields removed). Cleared once
   * the batch's body is made as bytes: the body holds it from then on.
   */
  signal: SignalInput | undefined;
  readonly warnings: readonly ValidationIssue[];
  /**
   * `signal` as JSON text, when known exactly (the line it was read from): the
   * body joins it in rather than serializing `signal` again. Cleared once the
   * body is made.
   */
  json?: string | Uint8Array | undefined;
}

/** Signals sent together, with the request body made once. */
export interface Batch {
  /** 1-based number of the batch the items came from (halves of a split keep it). */
  readonly id: number;
  readonly items: readonly BatchItem[];
  /** The request body: UTF-8 bytes when joined from texts, else a string. */
  readonly body: string | Uint8Array<ArrayBuffer>;
  /** The reusable buffer under a byte `body`, handed back by {@link releaseBatch}. */
  readonly buffer?: Buffer<ArrayBuffer> | undefined;
  /** For a byte body: item i's text is `buffer[ends[i - 1] + 1, ends[i])` (`ends[-1]` = the prefix's end - 1). */
  readonly ends?: Uint32Array | undefined;
  /** For a string body: the signals, kept to assemble halves. */
  readonly signals?: readonly SignalInput[] | undefined;
}

// urql's printer (graphql-js's `print` output, without loading graphql-js: a light import of the client).
const QUERY = JSON.stringify(stringifyDocument(CreateSignalsDocument));
const PREFIX = `{"operationName":"CreateSignals","query":${QUERY},"variables":{"signals":`;
const SUFFIX = '}}';
const OPEN = Buffer.from(`${PREFIX}[`);
const CLOSE = Buffer.from(`]${SUFFIX}`);

/** Makes a batch (and its body) from items. */
export function makeBatch(id: number, items: readonly BatchItem[]): Batch {
  const n = items.length;
  let known = 0;
  for (let i = 0; i < n; i++) if (items[i]!.json !== undefined) known++;
  if (known === 0) {
    // No text known (signals given as objects, without jsonOf): one stringify of them all.
    const signals = items.map((item) => item.signal!);
    return { id, items, signals, body: PREFIX + JSON.stringify(signals) + SUFFIX };
  }
  const texts = new Array<string | Uint8Array>(n);
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    texts[i] = item.json ?? JSON.stringify(item.signal);
    item.json = undefined;
    item.signal = undefined;
  }
  let size = OPEN.length + CLOSE.length + n - 1;
  for (let i = 0; i < n; i++) {
    const text = texts[i]!;
    size += typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  }
  const buffer = bufferFor(size);
  const ends = new Uint32Array(n);
  let at = OPEN.copy(buffer, 0);
  for (let i = 0; i < n; i++) {
    if (i > 0) buffer[at++] = 0x2c; // ,
    const text = texts[i]!;
    if (typeof text === 'string') at += buffer.write(text, at);
    else {
      buffer.set(text, at);
      at += text.length;
    }
    ends[i] = at;
  }
  CLOSE.copy(buffer, at);
  return { id, items, body: bodyOf(buffer, size), buffer, ends };
}

/**
 * Buffers of delivered batches, for the next bodies: a send has at most
 * `concurrency` + 1 batches made, so a few buffers serve a whole file. (A
 * buffer is reused only once its batch is settled, retries included.) Bytes
 * rather than a ~400 KB string, which would live in V8's large-object space
 * until a full GC (measured: with 4 in flight, every body reached it).
 */
const spare: Buffer<ArrayBuffer>[] = [];
const MAX_SPARE = 8;

/** Batches with an attempt answered by an error: see {@link keepBuffer}. */
const answeredEarly = new WeakSet<Batch>();

/**
 * Keeps `batch`'s buffer out of reuse. Called when an attempt ends without a
 * 2xx answer: a server (or a proxy) can answer an error before it has read
 * the whole body, and the runtime may then still be writing from the buffer,
 * which a new body must not overwrite. Such a buffer is left to the garbage
 * collector instead (errors are rare).
 */
export function keepBuffer(batch: Batch): void {
  answeredEarly.add(batch);
}

/** Hands a settled batch's buffer back for reuse, unless {@link keepBuffer} kept it. */
export function releaseBatch(batch: Batch): void {
  if (batch.buffer !== undefined && spare.length < MAX_SPARE && !answeredEarly.has(batch)) spare.push(batch.buffer);
}

function bufferFor(size: number): Buffer<ArrayBuffer> {
  for (let i = 0; i < spare.length; i++) {
    if (spare[i]!.length >= size) return spare.splice(i, 1)[0]!;
  }
  // Headroom, so that the next, slightly larger body fits.
  return Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
}

function bodyOf(buffer: Buffer<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}

/** Item `i`'s JSON text as it is in the batch's byte body; undefined for a string body. */
export function itemText(batch: Batch, i: number): string | undefined {
  const { buffer, ends } = batch;
  if (buffer === undefined || ends === undefined) return undefined;
  return buffer.toString('utf8', i === 0 ? OPEN.length : ends[i - 1]! + 1, ends[i]);
}

/** Items `[from, to)` of a byte batch, as a batch of their own: their texts copied out of its body. */
function part(batch: Batch & { buffer: Buffer<ArrayBuffer>; ends: Uint32Array }, from: number, to: number): Batch {
  const { buffer: source, ends: sourceEnds } = batch;
  const startOf = (i: number) => (i === 0 ? OPEN.length : sourceEnds[i - 1]! + 1);
  const textBytes = sourceEnds[to - 1]! - startOf(from); // the texts and the commas between them
  const size = OPEN.length + textBytes + CLOSE.length;
  const buffer = bufferFor(size);
  let at = OPEN.copy(buffer, 0);
  at += source.copy(buffer, at, startOf(from), sourceEnds[to - 1]!);
  CLOSE.copy(buffer, at);
  const ends = new Uint32Array(to - from);
  const shift = startOf(from) - OPEN.length;
  for (let i = from; i < to; i++) ends[i - from] = sourceEnds[i]! - shift;
  return { id: batch.id, items: batch.items.slice(from, to), body: bodyOf(buffer, size), buffer, ends };
}

/** The two halves of a batch, for finding which signals Connect rejects. */
export function splitBatch(batch: Batch): [Batch, Batch] {
  const n = batch.items.length;
  const middle = Math.ceil(n / 2);
  if (batch.buffer !== undefined && batch.ends !== undefined) {
    const bytes = batch as Batch & { buffer: Buffer<ArrayBuffer>; ends: Uint32Array };
    return [part(bytes, 0, middle), part(bytes, middle, n)];
  }
  const signals = batch.signals!;
  const half = (from: number, to: number): Batch => {
    const s = signals.slice(from, to);
    return { id: batch.id, items: batch.items.slice(from, to), signals: s, body: PREFIX + JSON.stringify(s) + SUFFIX };
  };
  return [half(0, middle), half(middle, n)];
}
