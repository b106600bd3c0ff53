/**
 * `connect-signals send <file> [options]`: reads a file of signals (NDJSON,
 * JSON array, `{"signal": {...}}` lines), validates, batches and delivers
 * them with the batching client, and accounts for every line: accepted,
 * invalid (unreadable lines included) or failed. Every line not delivered goes
 * to --dead-letter, which `send` can read back once the cause is fixed.
 *
 * Streams end to end: the reader pauses while every request slot is busy,
 * and nothing per signal is kept beyond the signals in flight.
 *
 * With --checkpoint, every record that settles (accepted, or dead-lettered)
 * is recorded by its position in the file, so running the same command again
 * after a crash or a stop sends only what had not settled.
 */
import { stat } from 'node:fs/promises';
import { createSignalsClient } from '../../client/client.js';
import { ClientOptionsError } from '../../client/errors.js';
import { DEFAULTS } from '../../client/options.js';
import { ReportBuilder, type SignalOutcome } from '../../client/report.js';
import { SourceError } from '../../client/send.js';
import { Checkpoint, isCheckpointError } from '../../checkpoint/index.js';
import { isSignalFileError, readSignalBatches, signalText, type SignalRecord } from '../../read/index.js';
import { DeadLetterError, DeadLetterWriter, invalidDeadLetter, unreadableDeadLetter, type DeadLetter } from '../../report/dead-letter.js';
import { ProblemLines } from '../../report/problem-lines.js';
import { createProgress } from '../../report/progress.js';
import { buildSummary } from '../../report/send-summary.js';
import { EXIT, stoppedExit, type CliIO } from '../io.js';
import { HELP, parseSendArgs, type SendRunOptions } from './send-args.js';
import { checkpointSummary, formatRun, targetOf, type SendRunSummary } from './send-output.js';

export { parseRate, parseSendArgs, type SendRunOptions } from './send-args.js';
export type { CheckpointSummary, SendRunSummary } from './send-output.js';

/** After SIGINT/SIGTERM, requests in flight get this long before they are aborted. */
const STOP_GRACE_MS = 5000;

type Undelivered = Exclude<SignalOutcome, { status: 'accepted' }>;

/**
 * A record handed to the client. It holds the parsed signal only until the client takes it to
 * validate it: from then on a signal in flight is held as its line's text (and, inside the
 * client, as bytes of its request body), so that the objects parsed for it die young.
 */
interface Item {
  /** Its position among every record of the file (the checkpoint's key). */
  readonly ordinal: number;
  readonly line: number;
  /** The record's text as in the file. A dead letter's signal is parsed again from it (rare). */
  readonly raw: string;
  /** Whether `raw` is the signal's own JSON text (not the `{"signal": {...}}` form): the request body joins it in as it is. */
  readonly bare: boolean;
  /** The parsed signal, until {@link takeSignal}. */
  signal: unknown;
}

function itemOf(ordinal: number, record: SignalRecord): Item {
  return { ordinal, line: record.line, raw: record.raw, bare: signalText(record) !== undefined, signal: record.signal };
}

/** The client's `signalOf`: it gets each item's signal once, to validate it; the item lets go of it. */
function takeSignal(item: Item): unknown {
  const signal = item.signal;
  item.signal = undefined;
  return signal;
}

/** The signal of an item, parsed again from its text (the record was read from it, so it parses). */
function signalFromText(item: Item): unknown {
  const value: unknown = JSON.parse(item.raw);
  return item.bare ? value : (value as { signal: unknown }).signal;
}

function deadLetterOf(outcome: Undelivered, item: Item): DeadLetter {
  const { line } = item;
  const signal = signalFromText(item);
  if (outcome.status === 'invalid') return invalidDeadLetter(line, outcome.errors, signal);
  return { line, status: 'failed', code: outcome.reason.code, reason: outcome.reason.message, attempts: outcome.attempts, ambiguous: outcome.ambiguous, signal };
}

/** The result of a run: the exit status and, when the run got that far, its summary. */
export interface SendRunResult {
  readonly code: number;
  readonly summary?: SendRunSummary;
}

/** Runs `send` with parsed options. Prints the summary; never throws for bad input or failed deliveries. */
export async function runSend(options: SendRunOptions, io: CliIO): Promise<SendRunResult> {
  const fail = (message: string): SendRunResult => {
    io.stderr.write(`connect-signals send: ${message}\n`);
    return { code: EXIT.usage };
  };
  let client;
  try {
    client = createSignalsClient(options.client);
  } catch (error) {
    if (error instanceof ClientOptionsError) return fail(error.message);
    throw error;
  }
  let size: number;
  try {
    size = (await stat(options.file)).size;
  } catch (error) {
    return fail(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint !== undefined) {
    try {
      checkpoint = await Checkpoint.open(options.checkpoint, options.file);
    } catch (error) {
      if (isCheckpointError(error)) return fail(error.message);
      throw error;
    }
    if (checkpoint.complete) return nothingToSend(options, checkpoint, io);
  }
  let dead: DeadLetterWriter | undefined;
  try {
    // A resumed import appends: the dead letters of the earlier runs stay.
    dead = options.deadLetter === undefined ? undefined : await DeadLetterWriter.open(options.deadLetter, { append: checkpoint?.resumed === true });
  } catch (error) {
    if (error instanceof DeadLetterError) return fail(error.message);
    throw error;
  }
  if (checkpoint !== undefined && dead !== undefined) {
    const letters = dead;
    checkpoint.beforeWrite = () => letters.sync();
  }
  const progress = createProgress(io.stderr, size);
  // The first problems are printed after the run (not under a progress bar), masked.
  const problems = new ProblemLines();
  const problem = (line: number, text: string) => problems.add(line, text);
  const counts = { accepted: 0, invalid: 0, failed: 0 };
  let pending = 0;
  client.on('outcome', (outcome) => {
    counts[outcome.status]++;
    const item = outcome.input as Item;
    const { ordinal } = item;
    if (outcome.status === 'accepted') {
      checkpoint?.settle(ordinal, 'accepted');
      return;
    }
    if (checkpoint !== undefined && outcome.status === 'failed' && outcome.reason.code === 'ERR_ABORTED') {
      // Stopped, not given up: the next run of the same command sends it (dead-lettering it too could send it twice).
      pending++;
      problem(item.line, 'not sent (stopped): the next run with this --checkpoint sends it');
      return;
    }
    const letter = deadLetterOf(outcome, item);
    dead?.write(letter);
    // Settled only after its dead letter was written: the checkpoint's write makes that durable first.
    checkpoint?.settle(ordinal, outcome.status);
    problem(letter.line, `${letter.status}: ${letter.reason}`);
  });

  // Stop reading on SIGINT/SIGTERM; in-flight requests get a grace period.
  const stop = new AbortController();
  let stopping = false;
  let grace: NodeJS.Timeout | undefined;
  const onStop = () => {
    stopping = true;
    grace = setTimeout(() => stop.abort(), STOP_GRACE_MS);
    grace.unref();
  };
  if (io.signal?.aborted) onStop();
  else io.signal?.addEventListener('abort', onStop, { once: true });

  // Slices of records as the reader completes them (at most a batch each, so that a stop is
  // seen within a batch); unreadable lines are dead-lettered here, settled records skipped.
  // With a checkpoint, a slice is handed over only once everything settled so far is recorded:
  // the client then fills at most one batch before the next wait, so what a crash can leave
  // sent but unrecorded is at most the batches in flight plus one (concurrency + 1 batches).
  const { batchSize = DEFAULTS.batchSize } = options.client;
  let unreadable = 0;
  let skipped = 0;
  let records = 0;
  let readToEnd = false;
  let stoppedAtLine: number | null = null;
  async function* items(): AsyncGenerator<Item[]> {
    const read = readSignalBatches(options.file, options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes });
    for await (const chunk of read) {
      let bytes = 0;
      let slice: Item[] = [];
      for (const record of chunk) {
        if (stopping) {
          stoppedAtLine = record.line;
          return;
        }
        const ordinal = records++;
        bytes += record.raw.length + 1;
        if (checkpoint?.has(ordinal) === true) {
          skipped++;
          continue;
        }
        if (record.ok) {
          slice.push(itemOf(ordinal, record));
          if (slice.length >= batchSize) {
            await checkpoint?.flush();
            yield slice;
            slice = [];
          }
          continue;
        }
        unreadable++;
        counts.invalid++;
        dead?.write(unreadableDeadLetter(record));
        checkpoint?.settle(ordinal, 'invalid');
        problem(record.line, `unreadable: ${record.error.message}`);
      }
      if (slice.length > 0) {
        await checkpoint?.flush();
        yield slice;
      }
      progress.update(bytes, counts);
      await dead?.drained();
    }
    readToEnd = !stopping;
  }

  let report;
  let ioError: string | undefined;
  try {
    report = await client.send(items(), { signal: stop.signal, chunked: true, signalOf: takeSignal, jsonOf: (item: Item) => (item.bare ? item.raw : undefined) });
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    report = error.report;
    ioError = isSignalFileError(error.cause) ? error.cause.message : error.message;
  } finally {
    clearTimeout(grace);
    io.signal?.removeEventListener('abort', onStop);
    progress.update(0, counts);
    progress.stop();
  }
  if (checkpoint !== undefined) {
    if (readToEnd && ioError === undefined) checkpoint.finish(records);
    await checkpoint.flush();
    if (checkpoint.error !== undefined) ioError ??= `${checkpoint.error.message}: running the command again may send signals that were already accepted`;
  }
  try {
    await dead?.close();
  } catch (error) {
    ioError ??= error instanceof Error ? error.message : String(error);
  }
  const base = buildSummary(report, { unreadable, deadLetters: dead?.count ?? 0, deadLetterFile: dead?.path ?? null, aborted: stopping });
  const summary: SendRunSummary = {
    ...base,
    stoppedAtLine,
    ...(checkpoint === undefined ? {} : { checkpoint: checkpointSummary(checkpoint, skipped, pending) }),
  };
  problems.print(io.stderr, dead?.path);
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else io.stdout.write(formatRun(summary, options.client.dryRun ? 'nowhere' : targetOf(options.client)));
  if (ioError !== undefined) {
    io.stderr.write(`connect-signals send: ${ioError}\n`);
    return { code: EXIT.usage, summary };
  }
  if (stopping) return { code: stoppedExit(io.signal), summary };
  return { code: summary.invalid + summary.failed === 0 ? EXIT.ok : EXIT.problems, summary };
}

/** A completed checkpoint: nothing is read or sent. */
function nothingToSend(options: SendRunOptions, checkpoint: Checkpoint, io: CliIO): SendRunResult {
  const empty = new ReportBuilder(0, false).snapshot();
  const summary: SendRunSummary = {
    ...buildSummary(empty, { unreadable: 0, deadLetters: 0, deadLetterFile: options.deadLetter ?? null, aborted: false }),
    stoppedAtLine: null,
    checkpoint: checkpointSummary(checkpoint, checkpoint.settledCount, 0),
  };
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    const c = checkpoint.counts;
    io.stdout.write(`Nothing to send: every line of ${options.file} settled in earlier runs (checkpoint ${checkpoint.path}: ${c.accepted} accepted, ${c.invalid} invalid, ${c.failed} failed).\n`);
  }
  return { code: EXIT.ok, summary };
}

/** `connect-signals send`. */
export async function sendCommand(args: string[], io: CliIO): Promise<number> {
  const options = parseSendArgs(args, io.env);
  if (options === undefined) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  return (await runSend(options, io)).code;
}
