/**
 * The built-in mapping of Stripe events (documented as a table in
 * docs/gateway.md, each rule tested in test/gateway-mappings.test.ts):
 * paid checkout sessions → `order`, expired ones → `cartAbandonment`,
 * failed payment intents → `error`. Amounts are converted from minor units.
 */
import type { CartAbandonmentSignal, ErrorSignal, OrderSignal } from '../../generated/signal-content.js';
import type { MappedSignal, MappingContext } from './define-mapping.js';
import { fromMinorUnits } from './minor-units.js';
import { contactOf, defined, obj, str, type Json } from './mapping-util.js';

/** Checkout sessions that are paid: `payment_status` of a completed session that makes an order. */
const PAID = new Set(['paid', 'no_payment_required']);

/** The fields every Stripe rule sets: the contact, the session and the timestamp. */
function envelope(event: Json, object: Json): Pick<MappedSignal, 'identifiableAttributes' | 'sessionId'> & { signalTimestamp: string | undefined } {
  const metadata = obj(object.metadata);
  const details = obj(object.customer_details);
  const email = str(details.email) ?? str(object.customer_email) ?? str(object.receipt_email);
  const phone = str(details.phone) ?? str(obj(object.shipping_details).phone) ?? str(obj(object.shipping).phone);
  const created = typeof event.created === 'number' ? new Date(event.created * 1000).toISOString() : undefined;
  return {
    identifiableAttributes: contactOf(str(metadata.connect_contact_key), email, phone),
    ...defined({ sessionId: str(metadata.connect_session_id) }),
    signalTimestamp: created,
  };
}

function order(event: Json, session: Json): MappedSignal {
  const { signalTimestamp, ...rest } = envelope(event, session);
  const currency = (str(session.currency) ?? '').toUpperCase();
  const totals = obj(session.total_details);
  const content = defined({
    signalType: 'order' as const,
    orderId: str(obj(session.metadata).order_id) ?? str(session.client_reference_id) ?? String(session.id),
    currency,
    orderValue: fromMinorUnits(session.amount_total, currency),
    orderSubtotal: fromMinorUnits(session.amount_subtotal, currency),
    orderTax: fromMinorUnits(totals.amount_tax, currency),
    orderShippingHandling: fromMinorUnits(totals.amount_shipping, currency),
    orderDiscount: fromMinorUnits(totals.amount_discount, currency),
    signalTimestamp,
  }) satisfies OrderSignal;
  return { ...rest, signalContent: content };
}

function cartAbandonment(event: Json, session: Json): MappedSignal {
  const { signalTimestamp, ...rest } = envelope(event, session);
  const currency = (str(session.currency) ?? '').toUpperCase();
  const content = defined({
    signalType: 'cartAbandonment' as const,
    abandonedCartValue: fromMinorUnits(session.amount_total, currency) as number,
    currency,
    shoppingCartUrl: str(obj(obj(session.after_expiration).recovery).url),
    signalTimestamp,
  }) satisfies CartAbandonmentSignal;
  return { ...rest, signalContent: content };
}

function paymentFailed(event: Json, intent: Json): MappedSignal {
  const { signalTimestamp, ...rest } = envelope(event, intent);
  const error = obj(intent.last_payment_error);
  const content = defined({
    signalType: 'error' as const,
    // The schema's two values: the customer's card was declined, or anything else went wrong.
    errorType: error.type === 'card_error' ? ('user' as const) : ('application' as const),
    errorText: str(error.message) ?? 'Payment failed',
    errorIdentifier: str(error.decline_code) ?? str(error.code),
    signalTimestamp,
  }) satisfies ErrorSignal;
  return { ...rest, signalContent: content };
}

/** A verified Stripe event → its signal, or null for an event the rules do not handle. */
export function mapStripeEvent(payload: unknown, _context?: MappingContext): MappedSignal | null {
  const event = obj(payload);
  const object = obj(obj(event.data).object);
  switch (event.type) {
    case 'checkout.session.completed':
      // A session still `unpaid` (a delayed payment method): its async_payment_succeeded follows.
      return PAID.has(String(object.payment_status)) ? order(event, object) : null;
    case 'checkout.session.async_payment_succeeded':
      return order(event, object);
    case 'checkout.session.expired':
      return cartAbandonment(event, object);
    case 'payment_intent.payment_failed':
      return paymentFailed(event, object);
    default:
      return null;
  }
}
