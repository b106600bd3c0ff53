/**
 * The gateway's Prometheus metrics (prom-client, a Registry of its own, loaded
 * only by the gateway). Labels are routes, statuses, sources, signal types and
 * outcomes: never an event id, a payload or a secret.
 */
import { Counter, Histogram, Registry } from 'prom-client';

/** Metric names, all prefixed `connect_signals_gateway_`. */
export const GATEWAY_METRIC_PREFIX = 'connect_signals_gateway_';

/** What the routes count. */
export interface GatewayMetrics {
  readonly registry: Registry;
  request(route: string, status: number): void;
  /** A signal's outcome: `enqueued`, `dead`, `invalid` (of /signals), `skipped_no_contact`. */
  signal(type: string, outcome: string, count?: number): void;
  duplicate(source: string): void;
  signatureFailure(source: string): void;
  /** Seconds Redis took to store an event (whatever the outcome). */
  enqueueLatency(seconds: number): void;
}

/** `counter.labels(...)` children, made once per label set: prom-client hashes the labels on every `inc({...})` otherwise. */
function children<T>(make: (values: string[]) => T): (...values: string[]) => T {
  const made = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = made.get(key);
    if (child === undefined) made.set(key, (child = make(values)));
    return child;
  };
}

export function gatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const p = GATEWAY_METRIC_PREFIX;
  const requests = new Counter({ name: `${p}requests_total`, help: 'Requests answered, by route and status', labelNames: ['route', 'status'], registers: [registry] });
  const signals = new Counter({ name: `${p}signals_total`, help: 'Signals, by type and outcome (enqueued, dead, invalid, skipped_no_contact)', labelNames: ['type', 'outcome'], registers: [registry] });
  const duplicates = new Counter({ name: `${p}duplicates_total`, help: 'Events answered as duplicates, by source', labelNames: ['source'], registers: [registry] });
  const signatures = new Counter({ name: `${p}signature_failures_total`, help: 'Requests refused for a missing or wrong signature or token, by source', labelNames: ['source'], registers: [registry] });
  const latency = new Histogram({
    name: `${p}enqueue_duration_seconds`,
    help: 'Time Redis took to store an event (the Lua script of dedupe and append)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const request = children((v) => requests.labels(...v));
  const signal = children((v) => signals.labels(...v));
  return {
    registry,
    request: (route, status) => request(route, String(status)).inc(),
    signal: (type, outcome, count = 1) => signal(type, outcome).inc(count),
    duplicate: (source) => duplicates.inc({ source }),
    signatureFailure: (source) => signatures.inc({ source }),
    enqueueLatency: (seconds) => latency.observe(seconds),
  };
}
