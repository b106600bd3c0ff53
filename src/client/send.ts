/**
 * `send(signals)`: validate, batch and deliver a stream, holding at most
 * `concurrency` batches in flight and one being filled. The input is pulled
 * one signal at a time, and not pulled while every slot is busy.
 */
import type { BatchItem } from './batch.js';
import { admit, dispatch, startRun, type Engine } from './engine.js';
import type { SendReport } from './report.js';

/** What `send()` accepts: an array, an iterable or an async iterable of signals (any values: each is validated). */
export type SignalSource<T = unknown> = Iterable<T> | AsyncIterable<T>;

/** Options of one `send()`. */
export interface SendOptions<T = unknown> {
  /** Stops reading and aborts requests in flight; what was not delivered is reported failed (ERR_ABORTED). */
  signal?: AbortSignal;
  /**
   * Gets the signal out of each item of the source, e.g. `(record) => record.signal` for records
   * of a file reader. Outcomes then carry the item (with its line number) as `input`. Called once
   * per item, when it is validated (before `jsonOf`).
   * @default the item is the signal
   */
  signalOf?: (item: T) => unknown;
  /**
   * The item's signal as JSON text, exactly (e.g. the line of a file it was parsed from;
   * `signalText` gives it for records of the file readers), or as that text's UTF-8 bytes (the
   * Redis worker gives each entry's), or undefined. When validation leaves the signal unchanged,
   * its batch's request body joins this text in instead of serializing the signal again. It must
   * be JSON of exactly `signalOf(item)`; bytes must be valid UTF-8 (they are copied as they are).
   * @default every signal is serialized
   */
  jsonOf?: (item: T) => string | Uint8Array | undefined;
  /**
   * The source yields arrays of items rather than items (e.g. `readSignalBatches`): saves an
   * await per signal on large files.
   * @default false
   */
  chunked?: boolean;
}

/** The input failed (threw while being read). Everything read before was still delivered: see `report`. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly code = 'ERR_SOURCE';
  readonly report: SendReport;
  constructor(cause: unknown, report: SendReport) {
    super(`reading the signals failed after ${report.total}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.report = report;
  }
}

/** Sends every signal of `source`; resolves when each one has settled. */
export async function sendSignals<T>(engine: Engine, source: SignalSource<T> | SignalSource<readonly T[]>, options: SendOptions<T> = {}): Promise<SendReport> {
  const run = startRun(engine, options.signal);
  const inFlight = new Set<Promise<void>>();
  const { batchSize } = engine.options;
  let items: BatchItem[] = [];
  let index = 0;
  let failure: { cause: unknown } | undefined;

  const flush = async () => {
    const batch = items;
    items = [];
    const { done } = await dispatch(engine, run, batch);
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const { chunked = false } = options;
  const extract = { signalOf: options.signalOf, jsonOf: options.jsonOf };
  try {
    reading: for await (const element of source) {
      const chunk = chunked ? (element as readonly T[]) : [element as T];
      for (const input of chunk) {
        const item = admit(engine, run, input, index++, extract);
        // Only a full batch awaits: a free slot, which is the backpressure on the source.
        if (item !== undefined && items.push(item) >= batchSize) await flush();
        if (run.ctx.signal.aborted) {
          run.report.aborted = true;
          break reading;
        }
      }
    }
  } catch (cause) {
    failure = { cause };
  }
  if (items.length > 0) await flush();
  await Promise.all(inFlight);
  if (run.ctx.signal.aborted) run.report.aborted = true;
  const report = run.report.snapshot();
  if (failure !== undefined) throw new SourceError(failure.cause, report);
  engine.events.emit('drained', { report });
  return report;
}
