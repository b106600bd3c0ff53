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

/** The index of the first byte that is not blank, or -1 if there is none. */
function firstNonBlank(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
  }
  return -1;
}

/** Line breaks in `chunk[0, end)`. */
function lineBreaks(chunk: Buffer, end: number): number {
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1 && i < end; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason;
}

async function* batches(source: string | NodeJS.ReadableStream, options: ResolvedReadOptions): AsyncGenerator<ReadRecord[]> {
  // Until the first non-blank byte the format is unknown: the NDJSON splitter reads the blank
  // start (it keeps no blank line, however long, and counts the lines).
  const ndjson = new NdjsonSplitter(options);
  let splitter: Splitter | undefined;
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
      const at = firstNonBlank(chunk);
      if (at !== -1 && chunk[at] === 0x5b) {
        splitter = new JsonArraySplitter(options, ndjson.lineCount + lineBreaks(chunk, at) + 1);
        chunk = chunk.subarray(at);
      } else if (at !== -1) splitter = ndjson;
    }
    const records = (splitter ?? ndjson).push(chunk);
    if (records.length > 0) yield records;
  }
  throwIfAborted(options.signal);
  // An input shorter than a BOM that begins like one (EF, or EF BB) is a broken line of its own.
  const held = start !== undefined && start.length > 0 ? ndjson.push(start) : [];
  const last = [...held, ...(splitter ?? ndjson).end()];
  if (last.length > 0) yield last;
}

/**
 * The records of `source`, in batches as they are completed by each chunk
 * read (64 KiB of input per batch for a file): for consumers that handle
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
