/**
 * The built-in mapping of Shopify webhooks (documented in docs/gateway.md,
 * each rule tested in test/gateway-mappings.test.ts): `orders/create` →
 * `order`. Shopify's prices are decimal strings in major units.
 */
import type { OrderSignal, OrderedItem } from '../../generated/signal-content.js';
import type { MappedSignal, MappingContext } from './define-mapping.js';
import { contactOf, decimal, defined, isoUtc, obj, str, type Json } from './mapping-util.js';

function item(line: Json): OrderedItem {
  return defined({
    productId: String(line.product_id ?? line.variant_id ?? line.id),
    productName: String(line.title ?? line.name ?? ''),
    unitPrice: decimal(line.price) as number,
    itemQuantity: typeof line.quantity === 'number' ? line.quantity : undefined,
  });
}

/** The value of note attribute `name` (Shopify's `note_attributes: [{ name, value }]`). */
function noteAttribute(order: Json, name: string): string | undefined {
  const attributes = Array.isArray(order.note_attributes) ? order.note_attributes : [];
  for (const a of attributes) if (obj(a).name === name) return str(obj(a).value);
  return undefined;
}

function order(payload: Json): MappedSignal {
  const customer = obj(payload.customer);
  const lines = Array.isArray(payload.line_items) ? payload.line_items.map((l) => item(obj(l))) : undefined;
  const content = defined({
    signalType: 'order' as const,
    orderId: String(payload.id),
    currency: String(payload.currency ?? ''),
    orderValue: decimal(payload.total_price),
    orderSubtotal: decimal(payload.subtotal_price),
    orderTax: decimal(payload.total_tax),
    orderDiscount: decimal(payload.total_discounts),
    orderedItems: lines !== undefined && lines.length > 0 ? lines : undefined,
    signalTimestamp: isoUtc(payload.created_at),
  }) satisfies OrderSignal;
  return {
    identifiableAttributes: contactOf(undefined, str(payload.email) ?? str(payload.contact_email) ?? str(customer.email), str(payload.phone) ?? str(customer.phone)),
    ...defined({ sessionId: noteAttribute(payload, 'connect_session_id') }),
    signalContent: content,
  };
}

/** A verified Shopify webhook → its signal, or null for a topic the rules do not handle. `topic` is `X-Shopify-Topic`. */
export function mapShopifyWebhook(payload: unknown, context: Pick<MappingContext, 'headers'>): MappedSignal | null {
  return context.headers['x-shopify-topic'] === 'orders/create' ? order(obj(payload)) : null;
}
