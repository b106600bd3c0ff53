/**
 * Batches: valid signals grouped for one request, serialized once.
 *
 * The request body is made once per batch, and every retry re-sends that
 * string. A signal whose JSON text is already known (the line of a file it was
 * parsed from, unchanged by validation) is not serialized again: its text is
 * joined in as it is, which makes sending a file cost about what reading it
 * does. Otherwise one JSON.stringify of the signals (measured: ~40% cheaper
 * than one call per signal). Only the halves of a batch Connect rejected
 * (rare) are assembled again.
 */
import type { SignalInput } from '../../generated/graphql.js';
import { print } from 'graphql';
import { CreateSignalsDocument } from '../../generated/graphql.js';
import type { ValidationIssue } from '../validate/types.js';

/** A valid signal on its way. */
export interface BatchItem {
  readonly index: number;
  readonly signalType: string;
  /** As given by the caller. */
  readonly input: unknown;
  /** As sent (appKey filled in, invalid optional fields removed). */
  readonly signal: SignalInput;
  readonly warnings: readonly ValidationIssue[];
  /**
   * `signal` as JSON text, when known exactly (the line it was read from): the
   * body joins it in rather than serializing `signal` again. Cleared once the
   * body is made, so that a batch in flight does not hold the text twice.
   */
  json?: string | undefined;
}

/** Signals sent together, with the request body made once. */
export interface Batch {
  /** 1-based number of the batch the items came from (halves of a split keep it). */
  readonly id: number;
  readonly items: readonly BatchItem[];
  readonly signals: readonly SignalInput[];
  /** The request body: UTF-8 bytes when joined from known texts, else a string. */
  readonly body: string | Uint8Array<ArrayBuffer>;
  /** The reusable buffer under `body`, handed back by {@link releaseBatch}. */
  readonly buffer?: Buffer<ArrayBuffer> | undefined;
}

const QUERY = JSON.stringify(print(CreateSignalsDocument));
const PREFIX = `{"operationName":"CreateSignals","query":${QUERY},"variables":{"signals":`;
const SUFFIX = '}}';

/** Makes a batch (and its body) from items. */
export function makeBatch(id: number, items: readonly BatchItem[]): Batch {
  // (Halves of a split batch find no text left and are serialized: rare.)
  const n = items.length;
  const signals = new Array<SignalInput>(n);
  const texts = new Array<string>(n);
  let known = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    signals[i] = item.signal;
    if (item.json !== undefined) {
      texts[i] = item.json;
      item.json = undefined;
      known++;
    }
  }
  if (known === 0) return { id, items, signals, body: PREFIX + JSON.stringify(signals) + SUFFIX };
  if (known < n) for (let i = 0; i < n; i++) texts[i] ??= JSON.stringify(signals[i]);
  const { body, buffer } = joinBody(texts);
  return { id, items, signals, body, buffer };
}

/**
 * Buffers of delivered batches, for the next bodies: a send has at most
 * `concurrency` + 1 batches made, so a few buffers serve a whole file. (fetch
 * copies a body when the request is made; a buffer is reused only once its
 * batch is settled, retries included.)
 */
const spare: Buffer<ArrayBuffer>[] = [];
const MAX_SPARE = 8;

/** Hands a settled batch's buffer back for reuse. */
export function releaseBatch(batch: Batch): void {
  if (batch.buffer !== undefined && spare.length < MAX_SPARE) spare.push(batch.buffer);
}

function bufferFor(size: number): Buffer<ArrayBuffer> {
  for (let i = 0; i < spare.length; i++) {
    if (spare[i]!.length >= size) return spare.splice(i, 1)[0]!;
  }
  // Headroom, so that the next, slightly larger body fits.
  return Buffer.allocUnsafeSlow(Math.ceil(size * 1.25));
}

const OPEN = Buffer.from(`${PREFIX}[`);
const CLOSE = Buffer.from(`]${SUFFIX}`);

/**
 * The body as bytes, written once into a reused buffer: a ~400 KB string
 * would live in V8's large-object space until a full GC (measured: with 4 in
 * flight, every body reached it), and fetch need not encode it.
 */
function joinBody(texts: readonly string[]): { body: Uint8Array<ArrayBuffer>; buffer: Buffer<ArrayBuffer> } {
  let size = OPEN.length + CLOSE.length + texts.length - 1;
  for (let i = 0; i < texts.length; i++) size += Buffer.byteLength(texts[i]!);
  const buffer = bufferFor(size);
  let at = OPEN.copy(buffer, 0);
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) buffer[at++] = 0x2c; // ,
    at += buffer.write(texts[i]!, at);
  }
  CLOSE.copy(buffer, at);
  return { body: new Uint8Array(buffer.buffer, buffer.byteOffset, size), buffer };
}

/** The two halves of a batch, for finding which signals Connect rejects. */
export function splitBatch(batch: Batch): [Batch, Batch] {
  const middle = Math.ceil(batch.items.length / 2);
  return [makeBatch(batch.id, batch.items.slice(0, middle)), makeBatch(batch.id, batch.items.slice(middle))];
}
