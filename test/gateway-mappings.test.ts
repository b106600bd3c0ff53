/**
 * The built-in mappings, rule by rule (the tables in docs/gateway.md): which
 * Stripe and Shopify events make which signal, the precedence of each field's
 * sources, and amounts from minor units by the currency's exponent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyExponent, fromMinorUnits } from '../src/gateway/minor-units.js';
import { mapShopifyWebhook } from '../src/gateway/shopify-mapping.js';
import { mapStripeEvent } from '../src/gateway/stripe-mapping.js';

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, created: 1767268800, data: { object } });
const session = (extra: Record<string, unknown> = {}) => ({ id: 'cs_1', payment_status: 'paid', currency: 'usd', amount_total: 1000, amount_subtotal: 900, total_details: { amount_tax: 100, amount_shipping: 0, amount_discount: 0 }, metadata: {}, ...extra });
const content = (signal: unknown) => (signal as { signalContent: Record<string, unknown> }).signalContent;
const contact = (signal: unknown) => (signal as { identifiableAttributes?: unknown }).identifiableAttributes;

describe('amounts from minor units', () => {
  it('uses Stripe\'s exponents: 0 for zero-decimal currencies, 3 for BHD JOD KWD OMR TND, 2 for the rest', () => {
    for (const c of ['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']) expect(currencyExponent(c.toLowerCase()), c).toBe(0);
    for (const c of ['BHD', 'JOD', 'KWD', 'OMR', 'TND']) expect(currencyExponent(c), c).toBe(3);
    for (const c of ['USD', 'EUR', 'GBP', 'CAD']) expect(currencyExponent(c), c).toBe(2);
    expect([fromMinorUnits(5000, 'jpy'), fromMinorUnits(12345, 'kwd'), fromMinorUnits(1999, 'usd'), fromMinorUnits(null, 'usd')]).toEqual([5000, 12.345, 19.99, undefined]);
  });

  it('converts every whole amount exactly: major units × 10^exponent gives the amount back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 11 }), fc.constantFrom('USD', 'JPY', 'KWD'), (amount, currency) => {
        const major = fromMinorUnits(amount, currency)!;
        expect(Math.round(major * 10 ** currencyExponent(currency))).toBe(amount);
        expect(String(major).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(currencyExponent(currency));
      }),
    );
  });
});

describe('Stripe rules', () => {
  it('a completed session makes an order when paid or no_payment_required, not when unpaid; async_payment_succeeded always', () => {
    expect(content(mapStripeEvent(event('checkout.session.completed', session({ payment_status: 'paid', customer_email: 'a@b.co' }))))).toMatchObject({ signalType: 'order' });
    expect(content(mapStripeEvent(event('checkout.session.completed', session({ payment_status: 'no_payment_required', customer_email: 'a@b.co' }))))).toMatchObject({ signalType: 'order' });
    expect(mapStripeEvent(event('checkout.session.completed', session({ payment_status: 'unpaid' })))).toBeNull();
    expect(content(mapStripeEvent(event('checkout.session.async_payment_succeeded', session({ payment_status: 'unpaid' }))))).toMatchObject({ signalType: 'order' });
    expect(mapStripeEvent(event('invoice.paid', session()))).toBeNull();
  });

  it('orderId is metadata.order_id, else client_reference_id, else the session id', () => {
    const id = (extra: Record<string, unknown>) => content(mapStripeEvent(event('checkout.session.completed', session(extra)))).orderId;
    expect(id({ metadata: { order_id: 'M' }, client_reference_id: 'R' })).toBe('M');
    expect(id({ client_reference_id: 'R' })).toBe('R');
    expect(id({})).toBe('cs_1');
  });

  it('the contact is metadata.connect_contact_key, else an e-mail (customer_details, customer_email, receipt_email), else the phone as sms', () => {
    const who = (extra: Record<string, unknown>) => contact(mapStripeEvent(event('checkout.session.completed', session(extra))));
    const all = { metadata: { connect_contact_key: 'CK' }, customer_details: { email: 'd@x.co', phone: '+1' }, customer_email: 'c@x.co', receipt_email: 'r@x.co' };
    expect(who(all)).toEqual({ contactKey: 'CK' });
    expect(who({ ...all, metadata: {} })).toEqual({ email: 'd@x.co' });
    expect(who({ ...all, metadata: {}, customer_details: { phone: '+1' } })).toEqual({ email: 'c@x.co' });
    expect(who({ metadata: {}, customer_details: { phone: '+1' }, receipt_email: 'r@x.co' })).toEqual({ email: 'r@x.co' });
    expect(who({ customer_details: { phone: '+1555' } })).toEqual({ sms: '+1555' });
    expect(who({})).toBeUndefined();
  });

  it('sessionId from metadata.connect_session_id, signalTimestamp from the event\'s created', () => {
    const signal = mapStripeEvent(event('checkout.session.expired', session({ metadata: { connect_session_id: 'S' }, customer_email: 'a@b.co' }))) as { sessionId?: string };
    expect(signal.sessionId).toBe('S');
    expect(content(signal).signalTimestamp).toBe('2026-01-01T12:00:00.000Z');
  });

  it('an expired session is a cartAbandonment, with the recovery URL only when there is one', () => {
    expect(content(mapStripeEvent(event('checkout.session.expired', session({ currency: 'jpy', amount_total: 700 }))))).toEqual({ signalType: 'cartAbandonment', abandonedCartValue: 700, currency: 'JPY', signalTimestamp: '2026-01-01T12:00:00.000Z' });
  });

  it('a failed payment intent is an error: user for card_error, application otherwise; text and identifier with fallbacks', () => {
    const error = (last: unknown) => content(mapStripeEvent(event('payment_intent.payment_failed', { id: 'pi', receipt_email: 'a@b.co', last_payment_error: last })));
    expect(error({ type: 'card_error', message: 'Declined', decline_code: 'lost_card', code: 'card_declined' })).toMatchObject({ errorType: 'user', errorText: 'Declined', errorIdentifier: 'lost_card' });
    expect(error({ type: 'card_error', code: 'expired_card' })).toMatchObject({ errorType: 'user', errorText: 'Payment failed', errorIdentifier: 'expired_card' });
    expect(error({ type: 'invalid_request_error' })).toMatchObject({ errorType: 'application', errorText: 'Payment failed' });
    expect(error(null)).not.toHaveProperty('errorIdentifier');
  });
});

describe('Shopify rules', () => {
  const topic = (t: string) => ({ headers: { 'x-shopify-topic': t } });
  it('orders/create is an order; other topics are ignored', () => {
    expect(content(mapShopifyWebhook({ id: 1, currency: 'USD', email: 'a@b.co' }, topic('orders/create')))).toMatchObject({ signalType: 'order', orderId: '1', currency: 'USD' });
    expect(mapShopifyWebhook({ id: 1 }, topic('orders/updated'))).toBeNull();
  });

  it('the contact is email, else contact_email, else customer.email, else the phone as sms', () => {
    const who = (order: Record<string, unknown>) => contact(mapShopifyWebhook({ id: 1, currency: 'USD', ...order }, topic('orders/create')));
    expect(who({ email: 'e@x.co', contact_email: 'c@x.co', customer: { email: 'k@x.co' } })).toEqual({ email: 'e@x.co' });
    expect(who({ contact_email: 'c@x.co', customer: { email: 'k@x.co' } })).toEqual({ email: 'c@x.co' });
    expect(who({ customer: { email: 'k@x.co' }, phone: '+1' })).toEqual({ email: 'k@x.co' });
    expect(who({ phone: '+1999' })).toEqual({ sms: '+1999' });
    expect(who({})).toBeUndefined();
  });
});
