/**
 * A mapping for a ticketing system that signs its webhooks with Standard
 * Webhooks: a ticket purchase becomes an `order`, a cancelled checkout a
 * `cartAbandonment`; every other event is ignored (`null`).
 *
 *   export CONNECT_GATEWAY_SECRET_TICKETS=whsec_...   # from the ticketing system's webhook settings
 *   connect-signals gateway --redis redis://127.0.0.1:6379 --app-key my-app --source tickets=examples/mappings/tickets.ts
 *
 * The sender then posts to /hooks/tickets. The module is loaded as it is (no
 * build step); `defineMapping` only types it.
 */
import { defineMapping, type MappedSignal } from 'connect-signals';

/** One line of tickets in an order. */
interface TicketLine {
  readonly eventId: string;
  readonly eventName: string;
  /** Price of one ticket, in major units. */
  readonly price: number;
  readonly quantity: number;
}

/** The ticketing system's webhook body. */
export interface TicketEvent {
  readonly type: string;
  readonly data: {
    readonly orderNumber: string;
    readonly buyer: { readonly email?: string; readonly phone?: string };
    readonly currency: string;
    /** Amounts in major units. */
    readonly total: number;
    readonly fees?: number;
    readonly tickets: readonly TicketLine[];
    readonly checkoutUrl?: string;
    readonly sessionId?: string;
    readonly createdAt: string;
  };
}

/** The buyer as the signal's contact: the e-mail, else the phone; undefined (skipped, no contact) when neither. */
function contact(buyer: TicketEvent['data']['buyer']): MappedSignal['identifiableAttributes'] {
  if (buyer.email) return { email: buyer.email };
  if (buyer.phone) return { sms: buyer.phone };
  return undefined;
}

export default defineMapping<TicketEvent>((event) => {
  const d = event.data;
  const common = { identifiableAttributes: contact(d.buyer), ...(d.sessionId ? { sessionId: d.sessionId } : {}) };
  switch (event.type) {
    case 'ticket.purchased':
      return {
        ...common,
        signalContent: {
          signalType: 'order',
          orderId: d.orderNumber,
          currency: d.currency,
          orderValue: d.total,
          ...(d.fees !== undefined ? { orderShippingHandling: d.fees } : {}),
          orderedItems: d.tickets.map((t) => ({ productId: t.eventId, productName: t.eventName, unitPrice: t.price, itemQuantity: t.quantity })),
          signalTimestamp: d.createdAt,
        },
      };
    case 'checkout.cancelled':
      return {
        ...common,
        signalContent: {
          signalType: 'cartAbandonment',
          abandonedCartValue: d.total,
          currency: d.currency,
          ...(d.checkoutUrl ? { shoppingCartUrl: d.checkoutUrl } : {}),
          abandonedItems: d.tickets.map((t) => ({ productId: t.eventId, productName: t.eventName, unitPrice: t.price, itemQuantity: t.quantity })),
          signalTimestamp: d.createdAt,
        },
      };
    default:
      return null;
  }
});
