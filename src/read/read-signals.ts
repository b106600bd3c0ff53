/**
 * readSignals: a file (or stream) of signals → records, in file order, in
 * constant memory. NDJSON (one signal per line, bare or `{"signal": {...}}`,
 * blank lines skipped, CRLF accepted) or a JSON array (detected by a first
 * non-blank character `[`), whose elements are read one at a time.
 */
import { JsonArraySplitter } from './json-array.js';
import { NdjsonSplitter } from './ndjson.js';
import { chunksOf } from './source.js';
import { resolveReadOptions, type ReadOptions, type ReadRecord, type ResolvedReadOptions } from './types.js';

interface Splitter {
  push(chunk: Buffer): ReadRecord[];
  end(): ReadRecord[];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The first byte that is not blank, or undefined if there is none yet. */
function firstNonBlank(chunk: Buffer): number | undefined {
  for (const b of chunk) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  return undefined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

async function* batches(source: string | NodeJS.ReadableStream, options: ResolvedReadOptions): AsyncGenerator<ReadRecord[]> {
  let splitter: Splitter | undefined;
  let head: Buffer[] = [];
  /** The first bytes, held until they are known to start with a BOM or not (a stream may split it); undefined once decided. */
  let start: Buffer | undefined = Buffer.alloc(0);
  for await (let chunk of chunksOf(source)) {
    throwIfAborted(options.signal);
    if (start !== undefined) {
      chunk = start.length === 0 ? chunk : Buffer.concat([start, chunk]);
      if (chunk.length < BOM.length && chunk.equals(BOM.subarray(0, chunk.length))) {
        start = chunk;
        continue;
      }
      start = undefined;
      if (chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
    }
    if (splitter === undefined) {
      // Until the first non-blank byte, the format is unknown: keep the (blank) head.
      head.push(chunk);
      const b = firstNonBlank(chunk);
      if (b === undefined) continue;
      splitter = b === 0x5b ? new JsonArraySplitter(options) : new NdjsonSplitter(options);
      chunk = head.length === 1 ? chunk : Buffer.concat(head);
      head = [];
    }
    const records = splitter.push(chunk);
    if (records.length > 0) yield records;
  }
  throwIfAborted(options.signal);
  const last: ReadRecord[] = [];
  if (start !== undefined && start.length > 0) {
    // The whole input is shorter than a BOM and begins like one (EF, or EF BB): a broken line of its own.
    splitter = new NdjsonSplitter(options);
    last.push(...splitter.push(start));
  }
  last.push(...(splitter?.end() ?? []));
  if (last.length > 0) yield last;
}

/**
 * The records of `source`, in batches as they are completed by each chunk
 * read (about 1 MiB of input per batch for a file): for consumers that handle
 * many records at a time, this saves an await per record.
 *
 * Throws {@link ReadOptionsError} for bad options; the iteration rejects with
 * {@link SignalFileError} when the file cannot be opened or read, and with
 * `signal.reason` when aborted. Every other problem is an unreadable record.
 */
export function readSignalBatches(source: string | NodeJS.ReadableStream, options?: ReadOptions): AsyncIterable<ReadRecord[]> {
  return batches(source, resolveReadOptions(options));
}

/**
 * The records of `source` (a file path or a readable stream), one by one, in
 * file order. A line that cannot be read comes back as `{ ok: false, line,
 * raw, error }`; reading goes on.
 *
 * @example
 * for await (const record of readSignals('signals.ndjson')) {
 *   if (record.ok) console.log(record.line, validateSignal(record.signal).valid);
 *   else console.error(record.error.message);
 * }
 */
export function readSignals(source: string | NodeJS.ReadableStream, options?: ReadOptions): AsyncIterable<ReadRecord> {
  return flatten(batches(source, resolveReadOptions(options)));
}

async function* flatten(source: AsyncIterable<ReadRecord[]>): AsyncGenerator<ReadRecord> {
  for await (const batch of source) for (const record of batch) yield record;
}
