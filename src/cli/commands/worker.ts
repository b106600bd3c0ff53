/**
 * `connect-signals worker --redis URL (--endpoint URL | --region R) [options]`:
 * delivers the signals of the Redis stream `{QUEUE}:signals` to Connect with
 * the batching client (src/queue/worker.ts), until SIGINT/SIGTERM or, with
 * `--until-empty`, until nothing is unread or pending for the group. Prints a
 * summary like `send`'s. Never prints the API key or a Redis password.
 */
import { ClientOptionsError } from '../../client/errors.js';
import { QUEUE_DEFAULTS, QueueNameError } from '../../queue/keys.js';
import type { MetricsServer } from '../../queue/metrics.js';
import { QueueRedisError, redisTargetName } from '../../queue/redis.js';
import { startSignalsWorker, type SignalsWorker } from '../../queue/worker.js';
import type { WorkerReport } from '../../queue/worker-events.js';
import { WorkerOptionsError } from '../../queue/worker-options.js';
import { maskText } from '../../report/mask.js';
import { MAX_PROBLEM_LINES } from '../../report/problem-lines.js';
import { EXIT, type CliIO } from '../io.js';
import { HELP, parseWorkerArgs, type WorkerRunOptions } from './worker-args.js';

const n = (value: number) => value.toLocaleString('en-US');

/** The summary for people: counts only. */
export function formatWorkerSummary(r: WorkerReport, queue: string): string {
  const lines = [
    `Read ${n(r.read)} entr${r.read === 1 ? 'y' : 'ies'} of {${queue}}:signals (${n(r.claimed)} claimed from idle consumers) in ${n(r.batches)} batch${r.batches === 1 ? '' : 'es'} (${n(r.requests)} request${r.requests === 1 ? '' : 's'})`,
    `  accepted     ${n(r.accepted)}`,
    `  invalid      ${n(r.invalid)}${r.unreadable > 0 ? ` (${n(r.unreadable)} unreadable entr${r.unreadable === 1 ? 'y' : 'ies'})` : ''}`,
    `  failed       ${n(r.failed)}${r.retriedLater > 0 ? ` (${n(r.retriedLater)} left pending, to be delivered again)` : ''}`,
    `  dead letters ${n(r.deadLetters)}${r.deadLetters > 0 ? ` in {${queue}}:dead: see \`connect-signals queue dead\`, then \`queue replay\` once fixed` : ''}`,
  ];
  if (r.retries > 0) lines.push(`  retries      ${n(r.retries)}`);
  if (r.ackErrors > 0) lines.push(`  ${n(r.ackErrors)} acknowledgements failed: those entries will be delivered again`);
  return `${lines.join('\n')}\n`;
}

/** Starts the worker, or says why it cannot start (exit 2). */
async function start(options: WorkerRunOptions, io: CliIO): Promise<SignalsWorker | number> {
  try {
    return await startSignalsWorker(options.worker);
  } catch (error) {
    if (error instanceof QueueRedisError || error instanceof ClientOptionsError || error instanceof WorkerOptionsError || error instanceof QueueNameError) {
      io.stderr.write(`connect-signals worker: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Runs `worker` with parsed options; resolves to the exit status. */
export async function runWorker(options: WorkerRunOptions, io: CliIO): Promise<number> {
  if (io.signal?.aborted) return EXIT.ok;
  const worker = await start(options, io);
  if (typeof worker === 'number') return worker;
  let problems = 0;
  worker.on('deadLetter', ({ letter }) => {
    if (++problems <= MAX_PROBLEM_LINES) io.stderr.write(`entry ${letter.entry}: ${letter.status} (${letter.code}): ${maskText(letter.reason)}\n`);
  });
  let metrics: MetricsServer | undefined;
  if (options.metricsPort !== undefined) {
    try {
      // Loaded only when asked for: prom-client adds ~25 ms to every worker's start.
      const { serveMetrics } = await import('../../queue/metrics.js');
      metrics = await serveMetrics(worker, options.metricsPort);
    } catch (error) {
      await worker.stop({ graceMs: 0 });
      io.stderr.write(`connect-signals worker: cannot serve metrics on port ${options.metricsPort}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.usage;
    }
  }
  const queue = options.worker.queue ?? QUEUE_DEFAULTS.queue;
  io.stderr.write(`connect-signals worker ${worker.consumer}: reading {${queue}}:signals at ${redisTargetName(options.worker.redis)}${metrics ? `; metrics at ${metrics.url}/metrics` : ''}\n`);
  const onStop = () => void worker.stop();
  io.signal?.addEventListener('abort', onStop, { once: true });
  let report: WorkerReport;
  try {
    report = await worker.done;
  } finally {
    io.signal?.removeEventListener('abort', onStop);
    await metrics?.close();
  }
  if (problems > MAX_PROBLEM_LINES) io.stderr.write(`... and ${problems - MAX_PROBLEM_LINES} more dead letters (all in {${queue}}:dead)\n`);
  io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatWorkerSummary(report, queue));
  return report.failed + report.deadLetters === 0 ? EXIT.ok : EXIT.problems;
}

/** `connect-signals worker`. */
export async function workerCommand(args: string[], io: CliIO): Promise<number> {
  const options = parseWorkerArgs(args, io.env);
  if (options === undefined) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  return runWorker(options, io);
}
