/**
 * What a worker tells: the delivery loop's events and report (src/delivery/events.ts),
 * under the worker's names. No payload carries the API key or a Redis password.
 */
import { DeliveryEmitter, type DeliveryCounts, type DeliveryEventName, type DeliveryEvents, type DeliveryHandler, type DeliveryReport } from '../delivery/events.js';

export { emptyCounts } from '../delivery/events.js';

/** Counts of a worker since it started (the `worker --json` summary). */
export type WorkerReport = DeliveryReport;

/** Payload of every worker event, by name. */
export type SignalsWorkerEvents = DeliveryEvents;

/** The name of a worker event. */
export type SignalsWorkerEventName = DeliveryEventName;

/** A worker event handler. */
export type SignalsWorkerHandler<E extends SignalsWorkerEventName> = DeliveryHandler<E>;

/** The counts, mutable while the worker runs. */
export type WorkerCounts = DeliveryCounts;

/** The worker's emitter. */
export class WorkerEmitter extends DeliveryEmitter {
  constructor() {
    super('signals worker');
  }
}
