/**
 * `connect-signals worker --redis URL (--endpoint URL | --region R) [options]`:
 * delivers the signals of the Redis stream `{QUEUE}:signals` to Connect with
 * the batching client (src/queue/worker.ts), until SIGINT/SIGTERM or, with
 * `--until-empty`, until nothing is unread or pending for the group. Prints a
 * summary like `send`'s. Never prints the API key or a Redis password.
 */
import { ClientOptionsError } from '../../client/errors.js';
import { QUEUE_DEFAULTS, QueueNameError } from '../../queue/keys.js';
import { QueueRedisError, redisTargetName } from '../../queue/redis.js';
import { startSignalsWorker, type SignalsWorker } from '../../queue/worker.js';
import type { WorkerReport } from '../../queue/worker-events.js';
import { WorkerOptionsError } from '../../queue/worker-options.js';
import { EXIT, type CliIO } from '../io.js';
import { driveDelivery } from './delivery-run.js';
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
  const queue = options.worker.queue ?? QUEUE_DEFAULTS.queue;
  return driveDelivery(worker, {
    command: 'worker',
    item: 'entry',
    metricsPort: options.metricsPort,
    // Loaded only when asked for: prom-client adds ~25 ms to every worker's start.
    serveMetrics: async (port) => (await import('../../queue/metrics.js')).serveMetrics(worker, port),
    reading: `${worker.consumer}: reading {${queue}}:signals at ${redisTargetName(options.worker.redis)}`,
    deadIn: `{${queue}}:dead`,
    json: options.json,
    summary: (report) => formatWorkerSummary(report, queue),
  }, io);
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
