/**
 * What a delivery loop does with each signal's outcome from the client.
 *
 * - accepted: settle its item (acknowledge the entry, delete the row);
 * - invalid: dead letter `invalid` with every error, settled with the item;
 * - failed for a reason another delivery may not have (Connect down: 5xx,
 *   429, 408; network errors; time-outs; the key refused, 401/403, which an
 *   operator can fix; a stop): the item is left **held by its source**
 *   (pending in the stream, leased in the outbox). Once that hold expires
 *   (`claimIdleMs`, `leaseMs`) it is taken and delivered again; past
 *   `maxDeliveries` deliveries it becomes a dead letter `max_deliveries`.
 *   So Connect being down for a while delays signals, and loses none.
 * - failed for a reason another delivery cannot change (Connect rejected this
 *   very signal, ERR_REJECTED; a GraphQL error; an answer with the wrong
 *   number of ids or none, where the signal may have been imported): dead
 *   letter at once with the reason, settled with the item.
 */
import type { DeliveryError } from '../client/errors.js';

/** Delivery error codes whose items are left held, to be delivered again. */
export const DELIVER_AGAIN_CODES: ReadonlySet<string> = new Set(['ERR_HTTP', 'ERR_NETWORK', 'ERR_TIMEOUT', 'ERR_ABORTED']);

/** Whether a failed delivery is tried again later (true) or dead-lettered at once (false). */
export function deliverAgain(reason: DeliveryError): boolean {
  return DELIVER_AGAIN_CODES.has(reason.code);
}
