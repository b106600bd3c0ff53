/**
 * The shape of a gateway mapping: a plain function from a verified webhook's
 * payload to signals. `defineMapping` is an identity function whose only job is
 * typing: a TypeScript mapping gets completion and compile-time errors against
 * the generated signal types. This module imports no server code (it is
 * exported from the package root, which must stay light).
 */
import type { IdentifiableAttributesInput, SignalInput } from '../../generated/graphql.js';

/** What a mapping is told besides the payload. */
export interface MappingContext {
  /** The event's id (Standard Webhooks `webhook-id`, Stripe `id`, Shopify `X-Shopify-Webhook-Id`): the duplicate check's key. */
  readonly id: string;
  /** When the sender signed it (the signature's timestamp) as a Date. */
  readonly timestamp: Date;
  /** The request's headers, names in lower case (the signature headers included; never a secret of the gateway's). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The source's name: `stripe`, `shopify`, or NAME of `--source NAME=MODULE`. */
  readonly source: string;
}

/**
 * A signal as a mapping returns it: a signal of the generated types, whose `appKey` the gateway
 * fills in (`--app-key`), and whose `identifiableAttributes` may be left out when the event names
 * no contact (the gateway then answers `{"skipped":"no_contact"}` and stores nothing).
 */
export type MappedSignal = Omit<SignalInput, 'appKey' | 'identifiableAttributes'> & {
  appKey?: string;
  identifiableAttributes?: IdentifiableAttributesInput | undefined;
};

/** What a mapping returns: one signal, several, or `null` for an event it does not handle (answered `{"ignored":"<type>"}`). */
export type MappingResult = MappedSignal | readonly MappedSignal[] | null;

/**
 * A mapping: `(payload, context) => signal | signal[] | null`, or a Promise of that. A mapping that
 * throws makes the gateway answer 500 and store nothing (the sender retries).
 */
export type Mapping<P = unknown> = (payload: P, context: MappingContext) => MappingResult | Promise<MappingResult>;

/**
 * Types a mapping: returns `mapping` itself. Use it as the default export of a `--source NAME=MODULE` module.
 *
 * @example
 * import { defineMapping } from 'connect-signals';
 * export default defineMapping<{ type: string; email: string; total: number }>((event) =>
 *   event.type === 'ticket.purchased'
 *     ? { identifiableAttributes: { email: event.email }, signalContent: { signalType: 'order', orderId: 'T-1', currency: 'EUR', orderValue: event.total } }
 *     : null);
 */
export function defineMapping<P = unknown>(mapping: Mapping<P>): Mapping<P> {
  return mapping;
}
