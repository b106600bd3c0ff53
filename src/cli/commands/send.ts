/**
 * `connect-signals send <file> [options]`: reads a file of signals (NDJSON,
 * JSON array, `{"signal": {...}}` lines), validates, batches and delivers
 * them with the batching client, and accounts for every line: accepted,
 * invalid (unreadable lines included) or failed. Every line not delivered goes
 * to --dead-letter, which `send` can read back once the cause is fixed.
 *
 * Streams end to end: the reader pauses while every request slot is busy,
 * and nothing per signal is kept beyond the signals in flight.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createSignalsClient } from '../../client/client.js';
import { ClientOptionsError } from '../../client/errors.js';
import { REGION_ENDPOINTS, type Region, type SignalsClientOptions } from '../../client/options.js';
import type { SignalOutcome } from '../../client/report.js';
import { SourceError } from '../../client/send.js';
import { isSignalFileError, readSignalBatches, type SignalRecord } from '../../read/index.js';
import { DeadLetterError, DeadLetterWriter, type DeadLetter } from '../../report/dead-letter.js';
import { maskText } from '../../report/mask.js';
import { createProgress } from '../../report/progress.js';
import { buildSummary, formatSummary, type SendSummary } from '../../report/send-summary.js';
import { TIERS, isTier } from '../../validate/index.js';
import { EXIT, UsageError, type CliIO } from '../io.js';

/** Options of one `send` run (parsed from the command line, or set by `demo`). */
export interface SendRunOptions {
  readonly file: string;
  /** Client options (endpoint or region, apiKey, appKey, tier, batchSize, concurrency, rate, timeoutMs, dryRun). */
  readonly client: SignalsClientOptions;
  readonly deadLetter: string | undefined;
  readonly json: boolean;
  /** Longest line accepted by the reader. */
  readonly maxLineBytes: number | undefined;
}

/** Problems printed one per line on stderr before "... and N more". */
const MAX_PROBLEM_LINES = 20;
/** After SIGINT/SIGTERM, requests in flight get this long before they are aborted. */
const STOP_GRACE_MS = 5000;

const HELP = `Usage: connect-signals send <file> [options]

  --endpoint URL        GraphQL endpoint (http:// only on loopback)
  --region REGION       or a Connect region: ${Object.keys(REGION_ENDPOINTS).join(', ')}
  --api-key KEY         API key (default: env CONNECT_API_KEY)
  --app-key KEY         appKey for signals that lack one
  --tier TIER           ${TIERS.join(', ')}: types the tier cannot import are invalid
  --batch-size N        signals per request, 1-500 (default 500)
  --concurrency N       requests in flight (default 4)
  --rate N[/s] | Nrps   limit: N signals per second, or N requests per second
  --timeout MS          time-out of one request (default 30000)
  --attempts N          most attempts per request, retries included (default 5)
  --dry-run             validate and batch, send nothing
  --dead-letter FILE    write every signal not delivered here (NDJSON, re-sendable)
  --json                print one JSON summary on stdout
  --max-line-bytes N    longest line read (default 1048576)

Exit status: 0 every signal accepted; 1 some invalid or failed; 2 usage or I/O error.
`;

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number (got ${JSON.stringify(value)})`);
  return Number(value);
}

/** `--rate 2000`, `2000/s` (signals per second) or `5rps` (requests per second). */
export function parseRate(value: string | undefined): SignalsClientOptions['rate'] {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(\/s|rps)?$/.exec(value.trim());
  if (m === null || Number(m[1]) <= 0) throw new UsageError(`--rate must be N or N/s (signals per second) or Nrps (requests per second), N > 0 (got ${JSON.stringify(value)})`);
  return m[2] === 'rps' ? { requestsPerSecond: Number(m[1]) } : { signalsPerSecond: Number(m[1]) };
}

/** Parses the arguments of `send`; throws UsageError. Returns undefined for --help. */
export function parseSendArgs(args: string[], env: NodeJS.ProcessEnv): SendRunOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'api-key': { type: 'string' },
        'app-key': { type: 'string' },
        tier: { type: 'string' },
        'batch-size': { type: 'string' },
        concurrency: { type: 'string' },
        rate: { type: 'string' },
        timeout: { type: 'string' },
        attempts: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'dead-letter': { type: 'string' },
        json: { type: 'boolean', default: false },
        'max-line-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values: v, positionals } = parsed;
  if (v.help) return undefined;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the file of signals to send' : `give one file (got ${positionals.length})`);
  if (v.tier !== undefined && !isTier(v.tier)) throw new UsageError(`--tier must be one of ${TIERS.join(', ')} (got ${JSON.stringify(v.tier)})`);
  if (v.region !== undefined && !Object.hasOwn(REGION_ENDPOINTS, v.region)) {
    throw new UsageError(`--region must be one of ${Object.keys(REGION_ENDPOINTS).join(', ')} (got ${JSON.stringify(v.region)})`);
  }
  const dryRun = v['dry-run'];
  if (!dryRun && v.endpoint === undefined && v.region === undefined) throw new UsageError('give --endpoint URL or --region (or --dry-run)');
  const apiKey = v['api-key'] ?? env.CONNECT_API_KEY;
  if (!dryRun && (apiKey === undefined || apiKey === '')) throw new UsageError('give --api-key or set CONNECT_API_KEY');
  const client: SignalsClientOptions = {
    ...(v.endpoint !== undefined ? { endpoint: v.endpoint } : {}),
    ...(v.region !== undefined ? { region: v.region as Region } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(v['app-key'] !== undefined ? { appKey: v['app-key'] } : {}),
    ...(v.tier !== undefined ? { tier: v.tier } : {}),
    batchSize: integer('--batch-size', v['batch-size']),
    concurrency: integer('--concurrency', v.concurrency),
    timeoutMs: integer('--timeout', v.timeout),
    ...(v.attempts !== undefined ? { retry: { attempts: integer('--attempts', v.attempts) } } : {}),
    rate: parseRate(v.rate),
    dryRun,
    keepOutcomes: 0,
  };
  return { file: positionals[0]!, client, deadLetter: v['dead-letter'], json: v.json, maxLineBytes: integer('--max-line-bytes', v['max-line-bytes']) };
}

type Undelivered = Exclude<SignalOutcome, { status: 'accepted' }>;

function deadLetterOf(outcome: Undelivered): DeadLetter {
  const { line, signal } = outcome.input as SignalRecord;
  if (outcome.status === 'invalid') {
    return { line, status: 'invalid', code: 'invalid', reason: outcome.errors.map((e) => e.message).join('; '), errors: outcome.errors, signal };
  }
  return { line, status: 'failed', code: outcome.reason.code, reason: outcome.reason.message, attempts: outcome.attempts, ambiguous: outcome.ambiguous, signal };
}

/** The result of a run: the exit status and, when the run got that far, its summary. */
export interface SendRunResult {
  readonly code: number;
  readonly summary?: SendSummary;
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
  let dead: DeadLetterWriter | undefined;
  try {
    dead = options.deadLetter === undefined ? undefined : await DeadLetterWriter.open(options.deadLetter);
  } catch (error) {
    if (error instanceof DeadLetterError) return fail(error.message);
    throw error;
  }
  const progress = createProgress(io.stderr, size);
  // The first problems are printed after the run (not under a progress bar), masked.
  let problems = 0;
  const shown: string[] = [];
  const problem = (line: number, text: string) => {
    if (++problems <= MAX_PROBLEM_LINES) shown.push(`line ${line}: ${maskText(text)}\n`);
  };
  const counts = { accepted: 0, invalid: 0, failed: 0 };
  client.on('outcome', (outcome) => {
    counts[outcome.status]++;
    if (outcome.status === 'accepted') return;
    const letter = deadLetterOf(outcome);
    dead?.write(letter);
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

  // Chunks of records as the reader completes them; unreadable lines are dead-lettered here.
  let unreadable = 0;
  async function* chunks(): AsyncGenerator<SignalRecord[]> {
    const read = readSignalBatches(options.file, options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes });
    for await (const records of read) {
      if (stopping) return;
      let bytes = 0;
      const ok: SignalRecord[] = [];
      for (const record of records) {
        bytes += record.raw.length + 1;
        if (record.ok) {
          ok.push(record);
          continue;
        }
        unreadable++;
        counts.invalid++;
        dead?.write({ line: record.line, status: 'unreadable', code: record.error.code, reason: record.error.message, raw: record.raw });
        problem(record.line, `unreadable: ${record.error.message}`);
      }
      yield ok;
      progress.update(bytes, counts);
      await dead?.drained();
    }
  }

  let report;
  let ioError: string | undefined;
  try {
    report = await client.send(chunks(), { signal: stop.signal, chunked: true, signalOf: (record: SignalRecord) => record.signal });
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
  try {
    await dead?.close();
  } catch (error) {
    ioError ??= error instanceof Error ? error.message : String(error);
  }
  const summary = buildSummary(report, { unreadable, deadLetters: dead?.count ?? 0, deadLetterFile: dead?.path ?? null, aborted: stopping });
  for (const text of shown) io.stderr.write(text);
  if (problems > MAX_PROBLEM_LINES) io.stderr.write(`... and ${problems - MAX_PROBLEM_LINES} more problem lines${dead ? ` (all in ${dead.path})` : ''}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else io.stdout.write(formatSummary(summary, options.client.dryRun ? 'nowhere' : targetOf(options.client)));
  if (ioError !== undefined) {
    io.stderr.write(`connect-signals send: ${ioError}\n`);
    return { code: EXIT.usage, summary };
  }
  if (stopping) return { code: io.signal?.reason === 'SIGTERM' ? 143 : 130, summary };
  return { code: summary.invalid + summary.failed === 0 ? EXIT.ok : EXIT.problems, summary };
}

function targetOf(client: SignalsClientOptions): string {
  if (client.region !== undefined) return `Connect ${client.region}`;
  return String(client.endpoint ?? '');
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
