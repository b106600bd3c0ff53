/**
 * The signature checks, one per scheme, each on the raw bytes of the body
 * (a body parsed and serialized again would not verify). A check throws
 * {@link SignatureError} (answered 401) or {@link BodyError} (400: signed, but
 * not JSON); on success it gives the event's id, time and parsed payload.
 *
 * - Stripe: the official `stripe` package (`Stripe.webhooks.constructEvent`, tolerance 300 s).
 * - Standard Webhooks: the `standardwebhooks` package (tolerance ±300 s).
 * - Shopify: one HMAC-SHA256 of the body, base64, compared in constant time (node:crypto).
 * `stripe` and `standardwebhooks` are loaded only when their route is served.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A verified event. */
export interface VerifiedEvent {
  /** The id its duplicates share. */
  readonly id: string;
  /** When the sender signed it. */
  readonly timestamp: Date;
  /** The parsed JSON body. */
  readonly payload: unknown;
}

/** Checks one request's signature and parses its body. */
export type Verifier = (raw: Buffer, headers: Readonly<Record<string, string | undefined>>) => VerifiedEvent;

/** The signature is missing, wrong, or its timestamp is outside the tolerance. The message never holds a secret. */
export class SignatureError extends Error {
  override readonly name = 'SignatureError';
  readonly code = 'ERR_SIGNATURE';
}

/** The body is signed but is not JSON. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly code = 'ERR_BODY';
}

/** Stripe's and Standard Webhooks' tolerance for the signature's timestamp, in seconds. */
export const TOLERANCE_SECONDS = 300;

function parse(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BodyError('the body is not JSON');
  }
}

/** The Stripe-Signature check (loads `stripe`). */
export async function stripeVerifier(secret: string): Promise<Verifier> {
  const { default: Stripe } = await import('stripe');
  return (raw, headers) => {
    const header = headers['stripe-signature'];
    if (header === undefined) throw new SignatureError('no Stripe-Signature header');
    let event: { id?: unknown };
    try {
      event = Stripe.webhooks.constructEvent(raw, header, secret, TOLERANCE_SECONDS) as { id?: unknown };
    } catch (error) {
      if (error instanceof SyntaxError) throw new BodyError('the body is not JSON');
      throw new SignatureError(error instanceof Error ? error.message : 'the signature does not match');
    }
    if (typeof event !== 'object' || event === null || typeof event.id !== 'string') throw new BodyError('the body is not a Stripe event (no id)');
    const t = /(?:^|,)t=(\d+)/.exec(header);
    return { id: event.id, timestamp: new Date(Number(t?.[1] ?? 0) * 1000), payload: event };
  };
}

/** The Standard Webhooks check (loads `standardwebhooks`). */
export async function standardVerifier(secret: string): Promise<Verifier> {
  const { Webhook, WebhookVerificationError } = await import('standardwebhooks');
  const webhook = new Webhook(secret);
  return (raw, headers) => {
    const id = headers['webhook-id'];
    let payload: unknown;
    try {
      payload = webhook.verify(raw.toString('utf8'), {
        'webhook-id': id ?? '',
        'webhook-timestamp': headers['webhook-timestamp'] ?? '',
        'webhook-signature': headers['webhook-signature'] ?? '',
      });
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw new SignatureError(error.message);
      throw new BodyError('the body is not JSON');
    }
    return { id: id!, timestamp: new Date(Number(headers['webhook-timestamp']) * 1000), payload };
  };
}

/** The X-Shopify-Hmac-Sha256 check. */
export function shopifyVerifier(secret: string): Verifier {
  const key = Buffer.from(secret, 'utf8');
  return (raw, headers) => {
    const header = headers['x-shopify-hmac-sha256'];
    if (header === undefined) throw new SignatureError('no X-Shopify-Hmac-Sha256 header');
    const given = Buffer.from(header, 'base64');
    const expected = createHmac('sha256', key).update(raw).digest();
    // timingSafeEqual needs equal lengths; a length that differs says nothing about the secret.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SignatureError('the signature does not match');
    const payload = parse(raw);
    // Shopify's docs name X-Shopify-Webhook-Id now and X-Shopify-Event-Id before; without either, the body itself identifies a retry.
    const id = headers['x-shopify-webhook-id'] ?? headers['x-shopify-event-id'] ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const at = headers['x-shopify-triggered-at'];
    const timestamp = at !== undefined && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date();
    return { id, timestamp, payload };
  };
}
