/**
 * What the worker does with each signal's outcome from the client.
 *
 * - accepted: acknowledge (and delete) its entry;
 * - invalid: dead letter `invalid` with every error, then acknowledge;
 * - failed for a reason another delivery may not have (Connect down: 5xx,
 *   429, 408; network errors; time-outs; the key refused, 401/403, which an
 *   operator can fix; a stop): the entry is left **pending**. Once idle for
 *   `claimIdleMs`, a worker claims it and delivers it again; past
 *   `maxDeliveries` deliveries it becomes a dead letter `max_deliveries`.
 *   So Connect being down for a while delays signals, and loses none.
 * - failed for a reason another delivery cannot change (Connect rejected this
 *   very signal, ERR_REJECTED; a GraphQL error; an answer with the wrong
 *   number of ids or none, where the signal may have been imported): dead
 *   letter at once with the reason, then acknowledge.
 */
import type { DeliveryError } from '../client/errors.js';

/** Delivery error codes whose entries are left pending, to be delivered again. */
export const DELIVER_AGAIN_CODES: ReadonlySet<string> = new Set(['ERR_HTTP', 'ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_ABORTED']);

/** Whether a failed delivery is tried again later (true) or dead-lettered at once (false). */
export function deliverAgain(reason: DeliveryError): boolean {
  return DELIVER_AGAIN_CODES.has(reason.code);
}
