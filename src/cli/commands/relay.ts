/**
 * `connect-signals relay --postgres URL (--endpoint URL | --region R) [options]`:
 * delivers the committed rows of the outbox table to Connect
 * (src/outbox/relay.ts), until SIGINT/SIGTERM or, with `--until-empty`, until
 * the table is empty. Prints a summary like `worker`'s, with its exit codes.
 * Never prints the API key or a database password.
 */
import { ClientOptionsError } from '../../client/errors.js';
import type { RelayReport } from '../../outbox/relay.js';
import { OutboxPostgresError, postgresTargetName } from '../../outbox/connection.js';
import { RelayOptionsError } from '../../outbox/relay-options.js';
import { OutboxNameError, outboxTables } from '../../outbox/tables.js';
import type { OutboxRelay } from '../../outbox/relay.js';
import type { MetricsServer } from '../../queue/metrics.js';
import type { SignalsWorker } from '../../queue/worker.js';
import { EXIT, type CliIO } from '../io.js';
import { driveDelivery } from './delivery-run.js';
import { HELP, parseRelayArgs, type RelayRunOptions } from './relay-args.js';

const n = (value: number) => value.toLocaleString('en-US');

/** The summary for people: counts only. */
export function formatRelaySummary(r: RelayReport, table: string): string {
  const lines = [
    `Claimed ${n(r.read)} row${r.read === 1 ? '' : 's'} of ${table} (${n(r.claimed)} in claims that took over expired leases) in ${n(r.batches)} batch${r.batches === 1 ? '' : 'es'} (${n(r.requests)} request${r.requests === 1 ? '' : 's'})`,
    `  accepted     ${n(r.accepted)}`,
    `  invalid      ${n(r.invalid)}${r.unreadable > 0 ? ` (${n(r.unreadable)} unreadable row${r.unreadable === 1 ? '' : 's'})` : ''}`,
    `  failed       ${n(r.failed)}${r.retriedLater > 0 ? ` (${n(r.retriedLater)} left leased, to be delivered again)` : ''}`,
    `  dead letters ${n(r.deadLetters)}${r.deadLetters > 0 ? ` in ${table}_dead: see \`connect-signals outbox dead\`, then \`outbox replay\` once fixed` : ''}`,
  ];
  if (r.retries > 0) lines.push(`  retries      ${n(r.retries)}`);
  if (r.ackErrors > 0) lines.push(`  ${n(r.ackErrors)} deletes failed: those rows will be delivered again`);
  return `${lines.join('\n')}\n`;
}

async function start(options: RelayRunOptions, io: CliIO): Promise<OutboxRelay | number> {
  try {
    const { startOutboxRelay } = await import('../../outbox/relay.js');
    return await startOutboxRelay(options.relay);
  } catch (error) {
    if (error instanceof OutboxPostgresError || error instanceof ClientOptionsError || error instanceof RelayOptionsError || error instanceof OutboxNameError) {
      io.stderr.write(`connect-signals relay: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** The worker's metrics over a relay (same names: rows are the entries). */
async function metricsFor(relay: OutboxRelay, port: number): Promise<MetricsServer> {
  const { serveMetrics } = await import('../../queue/metrics.js');
  const asWorker = { consumer: relay.relay, client: relay.client, queueState: () => relay.queueState(), on: relay.on, get reading() { return relay.reading; } };
  return serveMetrics(asWorker as unknown as SignalsWorker, port);
}

/** Runs `relay` with parsed options; resolves to the exit status. */
export async function runRelay(options: RelayRunOptions, io: CliIO): Promise<number> {
  if (io.signal?.aborted) return EXIT.ok;
  const relay = await start(options, io);
  if (typeof relay === 'number') return relay;
  const table = outboxTables(options.relay).outbox;
  return driveDelivery(relay, {
    command: 'relay',
    item: 'row',
    metricsPort: options.metricsPort,
    serveMetrics: (port) => metricsFor(relay, port),
    reading: `${relay.relay}: claiming rows of ${table} at ${postgresTargetName(options.relay.postgres)}`,
    deadIn: table.replace(/"$/, '_dead"'),
    json: options.json,
    summary: (report) => formatRelaySummary(report, table),
  }, io);
}

/** `connect-signals relay`. */
export async function relayCommand(args: string[], io: CliIO): Promise<number> {
  const options = parseRelayArgs(args, io.env);
  if (options === undefined) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  return runRelay(options, io);
}
