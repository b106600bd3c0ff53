/**
 * Shared parts of the gateway tests: signing requests the way each sender
 * does (Stripe's test header, Standard Webhooks' `sign`, Shopify's HMAC),
 * sample events, and posting to a running gateway.
 */
import { createHmac, randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

/** Test secrets: none of them is ever expected in output, Redis or metrics. */
export const SECRETS = {
  stripe: `whsec_stripe${randomBytes(12).toString('hex')}`,
  shopify: `shpss_${randomBytes(16).toString('hex')}`,
  token: `tok_${randomBytes(16).toString('hex')}`,
  tickets: `whsec_${randomBytes(32).toString('base64')}`,
} as const;

/** Headers of a Stripe delivery of `payload` (signed at `timestamp`, unix seconds; default now). */
export function stripeHeaders(payload: string, secret: string = SECRETS.stripe, timestamp?: number): Record<string, string> {
  return { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp !== undefined ? { timestamp } : {}) }) };
}

/** Headers of a Shopify delivery of `body`. */
export function shopifyHeaders(body: string, options: { secret?: string; topic?: string; webhookId?: string; eventId?: string } = {}): Record<string, string> {
  const hmac = createHmac('sha256', options.secret ?? SECRETS.shopify).update(body, 'utf8').digest('base64');
  return {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': hmac,
    'x-shopify-topic': options.topic ?? 'orders/create',
    ...(options.webhookId !== undefined ? { 'x-shopify-webhook-id': options.webhookId } : {}),
    ...(options.eventId !== undefined ? { 'x-shopify-event-id': options.eventId } : {}),
  };
}

/** Headers of a Standard Webhooks delivery of `body` with id `id`, signed at `date`. */
export function standardHeaders(body: string, id: string, options: { secret?: string; date?: Date } = {}): Record<string, string> {
  const date = options.date ?? new Date();
  const signature = new Webhook(options.secret ?? SECRETS.tickets).sign(id, date, body);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(date.getTime() / 1000)), 'webhook-signature': signature };
}

/** A response's status, body (parsed when JSON) and headers. */
export interface Posted {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** POSTs `body` to `url`. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<Posted> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

let counter = 0;
/** A unique id with `prefix`. */
export function uniqueId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
}

/** A Stripe event of `type` around `object`. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = uniqueId('evt_')): Record<string, unknown> {
  return { id, object: 'event', type, created: 1767268800, livemode: false, api_version: '2025-01-27', data: { object } };
}

/** A paid Checkout Session in `currency` with these minor-unit amounts. */
export function checkoutSession(currency: string, amounts: { total: number; subtotal: number; tax: number; shipping: number; discount: number }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uniqueId('cs_test_'),
    object: 'checkout.session',
    payment_status: 'paid',
    status: 'complete',
    currency: currency.toLowerCase(),
    amount_total: amounts.total,
    amount_subtotal: amounts.subtotal,
    total_details: { amount_tax: amounts.tax, amount_shipping: amounts.shipping, amount_discount: amounts.discount },
    customer_details: { email: 'buyer@example.com', phone: '+15550100' },
    metadata: {},
    ...extra,
  };
}
