/**
 * `POST /signals`: ready-made signals from an app in any language, as one
 * JSON object, a JSON array or NDJSON, read by the same readers as `send`
 * (src/read/). Valid signals are enqueued together in one atomic write; each
 * invalid one is listed by its index with its problems, worded as
 * `validate --json` words them. An `Idempotency-Key` makes a repeat a no-op.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { readSignalBatches, signalText, type ReadRecord, type SignalRecord } from '../read/index.js';
import { judge, type Answer } from './answer.js';
import { enqueueWithin } from './enqueue.js';
import type { RouteDeps } from './hooks.js';
import { seenKey } from './store.js';

/** The source name of `/signals` in metrics and dedupe keys. */
export const SIGNALS_SOURCE = 'signals';

/** The longest Idempotency-Key accepted (it becomes part of a Redis key). */
export const MAX_IDEMPOTENCY_KEY = 255;

/** One invalid signal of a request, as a result of `validate --json` (with `index` in place of `line`). */
export interface InvalidEntry {
  /** Its position in the request, from 0 (the element of an array, the record of NDJSON). */
  readonly index: number;
  readonly valid: false;
  readonly errors: readonly { path: string; code: string; message: string }[];
  readonly warnings: readonly { path: string; code: string; message: string }[];
}

/** Compares the Authorization header with `Bearer <token>` in constant time (hashes first, so lengths are equal). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

async function records(raw: Buffer, maxBytes: number): Promise<ReadRecord[]> {
  const all: ReadRecord[] = [];
  for await (const batch of readSignalBatches(Readable.from([raw]), { maxLineBytes: maxBytes })) all.push(...batch);
  return all;
}

/** Handles one `POST /signals`. */
export async function handleSignals(deps: RouteDeps, token: string, raw: Buffer, headers: Readonly<Record<string, string | undefined>>): Promise<Answer> {
  if (!tokenMatches(headers.authorization, token)) {
    deps.metrics.signatureFailure(SIGNALS_SOURCE);
    return { status: 401, body: { error: 'give Authorization: Bearer <token>' } };
  }
  const key = headers['idempotency-key'];
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) return { status: 400, body: { error: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters` } };
  const read = await records(raw, deps.options.maxBodyBytes);
  if (read.length === 0) return { status: 400, body: { error: 'no signals: send a JSON object, a JSON array or NDJSON' } };
  const texts: string[] = [];
  const types: string[] = [];
  const invalid: InvalidEntry[] = [];
  const invalidTypes: string[] = [];
  read.forEach((record, index) => {
    if (!record.ok) {
      invalid.push({ index, valid: false, errors: [{ path: '', code: record.error.code, message: record.error.message }], warnings: [] });
      invalidTypes.push('(unreadable)');
      return;
    }
    const judged = judge<SignalRecord>(deps.options, record, { signalOf: (r) => r.signal, jsonOf: signalText });
    if (judged.valid) {
      texts.push(judged.text);
      types.push(judged.signalType);
    } else {
      invalid.push({ index, valid: false, errors: judged.errors, warnings: judged.warnings });
      invalidTypes.push(judged.signalType);
    }
  });
  for (const type of invalidTypes) deps.metrics.signal(type, 'invalid');
  // Nothing to store: the request is refused as a whole, and its Idempotency-Key is not used up.
  if (texts.length === 0) return { status: 422, body: { enqueued: 0, invalid } };
  const seen = key === undefined ? undefined : seenKey(deps.keys, SIGNALS_SOURCE, key);
  const outcome = await enqueueWithin(deps.redis, deps.keys, { signals: texts, deadLetters: [], seen, ttlMs: deps.options.dedupeTtlMs }, deps.options.enqueueTimeoutMs, deps.metrics, deps.options.log);
  if (typeof outcome === 'object') return outcome;
  if (outcome === 'duplicate') {
    deps.metrics.duplicate(SIGNALS_SOURCE);
    return { status: 200, body: { duplicate: true } };
  }
  for (const type of types) deps.metrics.signal(type, 'enqueued');
  return { status: 200, body: { enqueued: texts.length, invalid } };
}
