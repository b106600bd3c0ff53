/**
 * `connect-signals enqueue <file> --redis URL [options]`: reads a file of
 * signals with the readers of `send`, validates each with the rules of `send`,
 * and appends the valid ones to the Redis stream `{NAME}:signals`, where the
 * workers (`connect-signals worker`) deliver them. Invalid and unreadable
 * lines are not stored: they are reported and written to --dead-letter, the
 * same record as `send`'s, so that the file can be enqueued once fixed.
 *
 * Streams: a chunk of the file (64 KiB as read) is validated and written to
 * Redis (one EVAL per 1000 signals, src/queue/append.ts) while the next is
 * read; at most two chunks are held.
 */
import { stat } from 'node:fs/promises';
import { createSignalsQueue, QueueOptionsError, QueueWriteError, type EnqueueResult, type SignalsQueue } from '../../queue/producer.js';
import { QueueNameError } from '../../queue/keys.js';
import { QueueRedisError, redactRedisUrl } from '../../queue/redis.js';
import { isSignalFileError, readSignalBatches, signalText, type SignalRecord } from '../../read/index.js';
import { DeadLetterError, DeadLetterWriter, invalidDeadLetter, unreadableDeadLetter } from '../../report/dead-letter.js';
import { ProblemLines } from '../../report/problem-lines.js';
import { EXIT, stoppedExit, type CliIO } from '../io.js';
import { HELP, parseEnqueueArgs, type EnqueueRunOptions } from './enqueue-args.js';
import { EnqueueTally, formatEnqueueSummary, type EnqueueSummary } from './enqueue-output.js';

export { parseEnqueueArgs, type EnqueueRunOptions } from './enqueue-args.js';
export type { EnqueueSummary } from './enqueue-output.js';

/** Chunks of the file being written to Redis while the next is read and validated. */
const CHUNKS_IN_FLIGHT = 2;

/** The result of a run: the exit status and, when the run got that far, its summary. */
export interface EnqueueRunResult {
  readonly code: number;
  readonly summary?: EnqueueSummary;
}

/** What a run works with once its input, Redis and dead-letter file are open. */
interface Run {
  readonly options: EnqueueRunOptions;
  readonly queue: SignalsQueue;
  readonly dead: DeadLetterWriter | undefined;
  readonly tally: EnqueueTally;
  readonly problems: ProblemLines;
  /** The first reason the run could not go on (a read or write error), printed at the end. */
  error: string | undefined;
  stoppedAtLine: number | null;
}

/** Step 1: the input exists, Redis answers (within 5 s), the dead-letter file is created. A string is the reason it failed. */
async function openRun(options: EnqueueRunOptions): Promise<Run | string> {
  try {
    await stat(options.file);
  } catch (error) {
    return `cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`;
  }
  let queue: SignalsQueue;
  try {
    queue = createSignalsQueue({ redis: options.redis, queue: options.queue, tier: options.tier, ...(options.appKey !== undefined ? { appKey: options.appKey } : {}) });
  } catch (error) {
    if (error instanceof QueueOptionsError || error instanceof QueueNameError || error instanceof QueueRedisError) return error.message;
    throw error;
  }
  try {
    await queue.ready();
    const dead = options.deadLetter === undefined ? undefined : await DeadLetterWriter.open(options.deadLetter);
    return { options, queue, dead, tally: new EnqueueTally(), problems: new ProblemLines(), error: undefined, stoppedAtLine: null };
  } catch (error) {
    await queue.close();
    if (error instanceof QueueRedisError || error instanceof DeadLetterError) return error.message;
    throw error;
  }
}

/** Accounts for one record once Redis answered for its chunk (`result` undefined: Redis did not store it). */
function settle(run: Run, record: SignalRecord, result: EnqueueResult | undefined, writeError: string | undefined): void {
  const { tally } = run;
  tally.total++;
  if (result === undefined) {
    tally.valid++;
    tally.failed++;
    const reason = writeError ?? 'Redis did not store it';
    run.dead?.write({ line: record.line, status: 'failed', code: 'ERR_QUEUE_WRITE', reason, attempts: 1, ambiguous: false, signal: record.signal });
    run.problems.add(record.line, `failed: ${reason}`);
    return;
  }
  const row = tally.type(result.signalType);
  row.total++;
  if (result.status === 'invalid') {
    tally.invalid++;
    row.invalid++;
    const letter = invalidDeadLetter(record.line, result.errors, record.signal);
    run.dead?.write(letter);
    run.problems.add(record.line, `invalid: ${letter.reason}`);
    return;
  }
  tally.valid++;
  tally.enqueued++;
  tally.warnings += result.warnings.length;
  row.valid++;
  row.enqueued++;
  tally.firstEntry ??= result.entry;
  tally.lastEntry = result.entry;
}

/** Step 2, per chunk: the readable records validated and pipelined to Redis, then accounted for. */
async function enqueueChunk(run: Run, records: readonly SignalRecord[]): Promise<void> {
  let results: readonly (EnqueueResult | undefined)[];
  let writeError: string | undefined;
  try {
    results = await run.queue.enqueueMany(records, { signalOf: (r) => r.signal, jsonOf: signalText });
  } catch (error) {
    if (!(error instanceof QueueWriteError)) throw error;
    results = error.results;
    writeError = error.message;
    run.error ??= error.message;
  }
  records.forEach((record, i) => settle(run, record, results[i], writeError));
}

/** Step 2: the file, chunk by chunk; stops at SIGINT/SIGTERM or after Redis refused a write. */
async function enqueueFile(run: Run, signal: AbortSignal | undefined): Promise<void> {
  const inFlight: Promise<void>[] = [];
  try {
    for await (const chunk of readSignalBatches(run.options.file, { maxLineBytes: run.options.maxLineBytes })) {
      if (run.error !== undefined || signal?.aborted === true) {
        run.stoppedAtLine = chunk[0]?.line ?? null;
        break;
      }
      const records: SignalRecord[] = [];
      for (const record of chunk) {
        if (record.ok) {
          records.push(record);
          continue;
        }
        run.tally.readUnreadable();
        run.dead?.write(unreadableDeadLetter(record));
        run.problems.add(record.line, `unreadable: ${record.error.message}`);
      }
      inFlight.push(enqueueChunk(run, records));
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
      await run.dead?.drained();
    }
  } catch (error) {
    if (!isSignalFileError(error)) throw error;
    run.error ??= error.message;
  } finally {
    await Promise.all(inFlight);
  }
}

/** Step 3: the dead-letter file closed, the summary made. */
async function finish(run: Run): Promise<EnqueueSummary> {
  await run.queue.close();
  try {
    await run.dead?.close();
  } catch (error) {
    run.error ??= error instanceof Error ? error.message : String(error);
  }
  const { tally, dead } = run;
  return {
    total: tally.total,
    valid: tally.valid,
    invalid: tally.invalid,
    unreadable: tally.unreadable,
    enqueued: tally.enqueued,
    failed: tally.failed,
    warnings: tally.warnings,
    byType: tally.byType,
    deadLetters: dead?.count ?? 0,
    deadLetterFile: dead?.path ?? null,
    queue: run.queue.keys.name,
    stream: run.queue.keys.signals,
    firstEntry: tally.firstEntry,
    lastEntry: tally.lastEntry,
    stoppedAtLine: run.stoppedAtLine,
  };
}

/** Runs `enqueue` with parsed options. Prints the summary; never throws for bad input or an unreachable Redis. */
export async function runEnqueue(options: EnqueueRunOptions, io: CliIO): Promise<EnqueueRunResult> {
  const opened = await openRun(options);
  if (typeof opened === 'string') {
    io.stderr.write(`connect-signals enqueue: ${opened}\n`);
    return { code: EXIT.usage };
  }
  await enqueueFile(opened, io.signal);
  const summary = await finish(opened);
  opened.problems.print(io.stderr, summary.deadLetterFile ?? undefined);
  io.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatEnqueueSummary(summary, redactRedisUrl(options.redis)));
  if (opened.error !== undefined) {
    io.stderr.write(`connect-signals enqueue: ${opened.error}\n`);
    return { code: EXIT.usage, summary };
  }
  if (io.signal?.aborted === true && summary.stoppedAtLine !== null) return { code: stoppedExit(io.signal), summary };
  return { code: summary.invalid + summary.failed === 0 ? EXIT.ok : EXIT.problems, summary };
}

/** `connect-signals enqueue`. */
export async function enqueueCommand(args: string[], io: CliIO): Promise<number> {
  const options = parseEnqueueArgs(args, io.env);
  if (options === undefined) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  return (await runEnqueue(options, io)).code;
}
