/**
 * A worker's metrics for Prometheus (prom-client, in a Registry of its own,
 * never the global one), and the tiny HTTP server that serves them:
 * `/metrics` (Prometheus text) and `/healthz` (200 while the worker reads,
 * 503 otherwise). Counters follow the worker's and its client's events; the
 * queue's lag and pending entries are asked of Redis when scraped.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { HttpError } from '../client/errors.js';
import type { SignalsWorker } from './worker.js';

const require = createRequire(import.meta.url);

/** prom-client (CommonJS), loaded when metrics are made, not when the package is imported (a light import); workerMetrics is synchronous. */
function promClient(): typeof import('prom-client') {
  return require('prom-client') as typeof import('prom-client');
}

/** Metric names, all prefixed `connect_signals_worker_`. */
export const METRIC_PREFIX = 'connect_signals_worker_';

/** A Registry holding the worker's metrics, fed by its events. */
export function workerMetrics(worker: SignalsWorker): Registry {
  const { Counter, Gauge, Histogram, Registry } = promClient();
  const registry = new Registry();
  const p = METRIC_PREFIX;
  const signals = new Counter({ name: `${p}signals_total`, help: 'Signals settled, by outcome (accepted, invalid, failed) and signal type', labelNames: ['outcome', 'type'], registers: [registry] });
  const deadLetters = new Counter({ name: `${p}dead_letters_total`, help: 'Dead letters written to {NAME}:dead, by code', labelNames: ['code'], registers: [registry] });
  const read = new Counter({ name: `${p}entries_read_total`, help: 'Stream entries read (claimed: taken from idle consumers)', labelNames: ['claimed'], registers: [registry] });
  const requests = new Counter({ name: `${p}requests_total`, help: 'createSignals requests answered with ids', registers: [registry] });
  const retries = new Counter({ name: `${p}retries_total`, help: 'Requests retried', registers: [registry] });
  const rateLimited = new Counter({ name: `${p}rate_limited_total`, help: 'Requests answered 429 by Connect', registers: [registry] });
  const latency = new Histogram({
    name: `${p}request_duration_seconds`,
    help: 'Time of a createSignals request answered with ids (its last attempt)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  let state: Promise<{ lag: number | undefined; pending: number }> | undefined;
  const queueState = () => (state ??= worker.queueState().finally(() => setImmediate(() => (state = undefined))));
  new Gauge({
    name: `${p}lag`,
    help: 'Entries of the stream not yet read by the group',
    registers: [registry],
    async collect() {
      const { lag } = await queueState().catch(() => ({ lag: undefined }));
      if (lag !== undefined) this.set(lag);
    },
  });
  new Gauge({
    name: `${p}pending`,
    help: 'Entries read by the group and not yet acknowledged',
    registers: [registry],
    async collect() {
      const s = await queueState().catch(() => undefined);
      if (s !== undefined) this.set(s.pending);
    },
  });
  new Gauge({
    name: `${p}reading`,
    help: '1 while the worker reads and Redis answers',
    registers: [registry],
    collect() {
      this.set(worker.reading ? 1 : 0);
    },
  });

  worker.on('accepted', (e) => signals.inc({ outcome: 'accepted', type: e.signalType }));
  worker.on('failed', (e) => signals.inc({ outcome: 'failed', type: e.signalType }));
  worker.on('deadLetter', ({ letter }) => {
    deadLetters.inc({ code: letter.code });
    if (letter.status !== 'failed') signals.inc({ outcome: 'invalid', type: signalTypeOf(letter.signal) });
  });
  worker.on('read', (e) => read.inc({ claimed: String(e.claimed) }, e.count));
  worker.client.on('batch', (e) => {
    requests.inc();
    latency.observe(e.durationMs / 1000);
  });
  worker.client.on('retry', (e) => {
    retries.inc();
    if (e.reason instanceof HttpError && e.reason.status === 429) rateLimited.inc();
  });
  worker.client.on('failure', (e) => {
    if (e.reason instanceof HttpError && e.reason.status === 429) rateLimited.inc();
  });
  return registry;
}

function signalTypeOf(signal: unknown): string {
  const type = (signal as { signalContent?: { signalType?: unknown } } | undefined)?.signalContent?.signalType;
  return typeof type === 'string' ? type : 'unknown';
}

/** A running metrics server. */
export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  /** Stops serving: closes the server and its open connections. */
  close(): Promise<void>;
}

/** Serves `/metrics` and `/healthz` for `worker` on `port` (0: any free port) of `host`. */
export async function serveMetrics(worker: SignalsWorker, port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const registry = workerMetrics(worker);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
    } else if (path === '/healthz') {
      const ok = worker.reading;
      response.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'reading\n' : 'not reading\n');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('try /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
