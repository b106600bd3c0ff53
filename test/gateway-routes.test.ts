/**
 * The gateway end to end: each route, signed in the test as its sender signs,
 * ends as the right signal at the emulator through a real worker, every mapped
 * field checked; bad signatures are 401 with the stream unchanged; and each
 * row of the answers table (docs/gateway.md) has its case. Real redis-server,
 * a real gateway on 127.0.0.1 port 0, the emulator.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { loadMapping } from '../src/gateway/load-mapping.js';
import { startGateway, type Gateway } from '../src/gateway/server.js';
import { queueKeys } from '../src/queue/keys.js';
import { startSignalsWorker } from '../src/queue/worker.js';
import { FAST_RETRY } from './helpers/accounting.js';
import { checkoutSession, post, SECRETS, shopifyHeaders, standardHeaders, stripeEvent, stripeHeaders, uniqueId } from './helpers/gateway.js';
import { deadLetters } from './helpers/queue.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith('redis-server', 'redis-server');
const APP = 'gateway-test-app';

describe('the gateway\'s routes, through a worker to the emulator', () => {
  let server: RedisServer;
  let redis: Redis;
  let emulator: EmulatorHandle;
  let gateway: Gateway;
  const logged: string[] = [];
  const keys = queueKeys();
  const hook = (name: string) => `${gateway.url}/hooks/${name}`;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    emulator = await startEmulator();
    const tickets = await loadMapping('examples/mappings/tickets.ts');
    gateway = await startGateway({
      redis: server.url,
      appKey: APP,
      port: 0,
      maxBodyBytes: 64 * 1024,
      secrets: { stripe: SECRETS.stripe, shopify: SECRETS.shopify, token: SECRETS.token },
      sources: [
        { name: 'tickets', mapping: tickets, secret: SECRETS.tickets },
        { name: 'broken', mapping: () => { throw new TypeError('cannot read properties of undefined'); }, secret: SECRETS.tickets },
      ],
      log: (line) => logged.push(line),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    redis?.disconnect();
    await emulator?.stop();
    await server?.stop({ removeDir: true });
  });
  beforeEach(async () => {
    await redis.flushall();
    emulator.reset();
    logged.length = 0;
  });

  /** Runs a worker until the stream is empty; the signals the emulator received. */
  async function deliver() {
    const worker = await startSignalsWorker({ redis: server.url, untilEmpty: true, client: { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, retry: FAST_RETRY } });
    const report = await worker.done;
    expect(report.failed + report.deadLetters).toBe(0);
    return emulator.signals().map((s) => s.signal as Record<string, unknown>);
  }

  async function postStripe(event: Record<string, unknown>) {
    const payload = JSON.stringify(event);
    return post(hook('stripe'), payload, stripeHeaders(payload));
  }

  it('Stripe: paid Checkout Sessions become orders with amounts from minor units (JPY as it is, KWD ÷ 1000, USD ÷ 100), contact, session and time', async () => {
    const jpy = checkoutSession('jpy', { total: 5400, subtotal: 5000, tax: 500, shipping: 300, discount: 400 }, { metadata: { order_id: 'ORD-JP-1', connect_session_id: 'SESS-JP' } });
    const kwd = checkoutSession('KWD', { total: 12345, subtotal: 11000, tax: 1100, shipping: 745, discount: 500 }, { client_reference_id: 'REF-KW-7', payment_status: 'unpaid', customer_details: { email: null, phone: '+96550000000' }, metadata: { connect_contact_key: 'CK-42' } });
    const usd = checkoutSession('usd', { total: 1999, subtotal: 1999, tax: 0, shipping: 0, discount: 0 }, { customer_details: null, customer_email: 'legacy@example.com' });
    expect((await postStripe(stripeEvent('checkout.session.completed', jpy))).body).toEqual({ enqueued: 1 });
    // A completed session still unpaid is ignored; its async_payment_succeeded makes the order.
    expect((await postStripe(stripeEvent('checkout.session.completed', kwd))).body).toEqual({ ignored: 'checkout.session.completed' });
    expect((await postStripe(stripeEvent('checkout.session.async_payment_succeeded', { ...kwd, payment_status: 'paid' }))).body).toEqual({ enqueued: 1 });
    expect((await postStripe(stripeEvent('checkout.session.completed', usd))).body).toEqual({ enqueued: 1 });

    const signals = await deliver();
    const timestamp = new Date(1767268800 * 1000).toISOString();
    expect(signals).toEqual([
      {
        appKey: APP,
        identifiableAttributes: { email: 'buyer@example.com' },
        sessionId: 'SESS-JP',
        signalContent: { signalType: 'order', orderId: 'ORD-JP-1', currency: 'JPY', orderValue: 5400, orderSubtotal: 5000, orderTax: 500, orderShippingHandling: 300, orderDiscount: 400, signalTimestamp: timestamp },
      },
      {
        appKey: APP,
        identifiableAttributes: { contactKey: 'CK-42' },
        signalContent: { signalType: 'order', orderId: 'REF-KW-7', currency: 'KWD', orderValue: 12.345, orderSubtotal: 11, orderTax: 1.1, orderShippingHandling: 0.745, orderDiscount: 0.5, signalTimestamp: timestamp },
      },
      {
        appKey: APP,
        identifiableAttributes: { email: 'legacy@example.com' },
        signalContent: { signalType: 'order', orderId: usd.id, currency: 'USD', orderValue: 19.99, orderSubtotal: 19.99, orderTax: 0, orderShippingHandling: 0, orderDiscount: 0, signalTimestamp: timestamp },
      },
    ]);
  });

  it('Stripe: an expired session becomes a cartAbandonment (recovery URL), a failed payment an error (card_error → user, else application)', async () => {
    const expired = checkoutSession('eur', { total: 4550, subtotal: 4550, tax: 0, shipping: 0, discount: 0 }, { status: 'expired', payment_status: 'unpaid', after_expiration: { recovery: { url: 'https://pay.example.com/r/abc' } } });
    const declined = { id: 'pi_1', object: 'payment_intent', receipt_email: 'card@example.com', last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' }, metadata: {} };
    const broken = { id: 'pi_2', object: 'payment_intent', receipt_email: 'api@example.com', last_payment_error: { type: 'api_error', code: 'processing_error' }, metadata: { connect_session_id: 'S-2' } };
    for (const event of [stripeEvent('checkout.session.expired', expired), stripeEvent('payment_intent.payment_failed', declined), stripeEvent('payment_intent.payment_failed', broken)]) {
      expect((await postStripe(event)).body).toEqual({ enqueued: 1 });
    }
    const timestamp = new Date(1767268800 * 1000).toISOString();
    expect(await deliver()).toEqual([
      { appKey: APP, identifiableAttributes: { email: 'buyer@example.com' }, signalContent: { signalType: 'cartAbandonment', abandonedCartValue: 45.5, currency: 'EUR', shoppingCartUrl: 'https://pay.example.com/r/abc', signalTimestamp: timestamp } },
      { appKey: APP, identifiableAttributes: { email: 'card@example.com' }, signalContent: { signalType: 'error', errorType: 'user', errorText: 'Your card has insufficient funds.', errorIdentifier: 'insufficient_funds', signalTimestamp: timestamp } },
      { appKey: APP, identifiableAttributes: { email: 'api@example.com' }, sessionId: 'S-2', signalContent: { signalType: 'error', errorType: 'application', errorText: 'Payment failed', errorIdentifier: 'processing_error', signalTimestamp: timestamp } },
    ]);
  });

  it('Shopify: orders/create becomes an order with its line items; a body with extra whitespace and unicode escapes still verifies', async () => {
    // Signed as sent: parsing and re-serializing this body would change its bytes and fail the HMAC.
    const body = `{\n  "id" : 820982911946154500,\n  "email":"sho\\u0070per@example.com",  "currency":"CAD",
      "total_price":"118.50", "subtotal_price":"100.00","total_tax":"13.00","total_discounts":"5.50",
      "created_at":"2026-01-05T10:00:00-05:00",
      "note_attributes":[{"name":"connect_session_id","value":"SESS-\\u00e9"}],
      "line_items":[{"product_id":632910392,"title":"Cr\\u00e8me br\\u00fbl\\u00e9e","price":"40.00","quantity":2},
                    {"product_id":null,"variant_id":808950810,"title":"Gift card \\ud83c\\udf81","price":"20.00","quantity":1}] }`;
    const answer = await post(hook('shopify'), body, shopifyHeaders(body, { webhookId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' }));
    expect(answer).toMatchObject({ status: 200, body: { enqueued: 1 } });
    expect(await deliver()).toEqual([
      {
        appKey: APP,
        identifiableAttributes: { email: 'shopper@example.com' },
        sessionId: 'SESS-é',
        signalContent: {
          signalType: 'order',
          orderId: '820982911946154500',
          currency: 'CAD',
          orderValue: 118.5,
          orderSubtotal: 100,
          orderTax: 13,
          orderDiscount: 5.5,
          orderedItems: [
            { productId: '632910392', productName: 'Crème brûlée', unitPrice: 40, itemQuantity: 2 },
            { productId: '808950810', productName: 'Gift card 🎁', unitPrice: 20, itemQuantity: 1 },
          ],
          signalTimestamp: '2026-01-05T15:00:00.000Z',
        },
      },
    ]);
  });

  it('Standard Webhooks: the ticketing example mapping (a .ts module loaded without a build) makes an order and a cartAbandonment', async () => {
    const tickets = [{ eventId: 'EV-1', eventName: 'Opening night', price: 45, quantity: 2 }];
    const data = { orderNumber: 'T-1001', buyer: { email: 'fan@example.com' }, currency: 'EUR', total: 95, fees: 5, tickets, checkoutUrl: 'https://tickets.example.com/c/1', sessionId: 'SESS-T', createdAt: '2026-01-02T20:00:00.000Z' };
    for (const type of ['ticket.purchased', 'checkout.cancelled']) {
      const body = JSON.stringify({ type, data });
      expect((await post(hook('tickets'), body, standardHeaders(body, uniqueId('msg_')))).body).toEqual({ enqueued: 1 });
    }
    const items = [{ productId: 'EV-1', productName: 'Opening night', unitPrice: 45, itemQuantity: 2 }];
    expect(await deliver()).toEqual([
      { appKey: APP, identifiableAttributes: { email: 'fan@example.com' }, sessionId: 'SESS-T', signalContent: { signalType: 'order', orderId: 'T-1001', currency: 'EUR', orderValue: 95, orderShippingHandling: 5, orderedItems: items, signalTimestamp: '2026-01-02T20:00:00.000Z' } },
      { appKey: APP, identifiableAttributes: { email: 'fan@example.com' }, sessionId: 'SESS-T', signalContent: { signalType: 'cartAbandonment', abandonedCartValue: 95, currency: 'EUR', shoppingCartUrl: 'https://tickets.example.com/c/1', abandonedItems: items, signalTimestamp: '2026-01-02T20:00:00.000Z' } },
    ]);
  });

  it('a wrong secret, a changed body byte, a missing header, a timestamp 301 s old: 401 on every route, and Redis unchanged', async () => {
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession('usd', { total: 100, subtotal: 100, tax: 0, shipping: 0, discount: 0 })));
    const changed = (text: string) => text.replace('"usd"', '"usx"');
    const old = Math.floor(Date.now() / 1000) - 301;
    const ticket = JSON.stringify({ type: 'ticket.purchased', data: { orderNumber: 'T-1', buyer: { email: 'a@example.com' }, currency: 'EUR', total: 1, tickets: [], createdAt: '2026-01-01T00:00:00Z' } });
    const { 'stripe-signature': _s, ...noStripeHeader } = stripeHeaders(payload);
    const { 'x-shopify-hmac-sha256': _h, ...noShopifyHeader } = shopifyHeaders(payload);
    const { 'webhook-signature': _w, ...noStandardHeader } = standardHeaders(ticket, 'msg_1');
    const cases: [string, string, string, Record<string, string>][] = [
      ['stripe, wrong secret', 'stripe', payload, stripeHeaders(payload, 'whsec_other')],
      ['stripe, changed byte', 'stripe', changed(payload), stripeHeaders(payload)],
      ['stripe, no header', 'stripe', payload, noStripeHeader],
      ['stripe, 301 s old', 'stripe', payload, stripeHeaders(payload, SECRETS.stripe, old)],
      ['shopify, wrong secret', 'shopify', payload, shopifyHeaders(payload, { secret: 'other' })],
      ['shopify, changed byte', 'shopify', changed(payload), shopifyHeaders(payload)],
      ['shopify, no header', 'shopify', payload, noShopifyHeader],
      ['tickets, wrong secret', 'tickets', ticket, standardHeaders(ticket, 'msg_1', { secret: `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}` })],
      ['tickets, changed byte', 'tickets', ticket.replace('T-1', 'T-2'), standardHeaders(ticket, 'msg_1')],
      ['tickets, no header', 'tickets', ticket, noStandardHeader],
      ['tickets, 301 s old', 'tickets', ticket, standardHeaders(ticket, 'msg_1', { date: new Date(old * 1000) })],
    ];
    for (const [what, route, body, headers] of cases) {
      expect((await post(hook(route), body, headers)).status, what).toBe(401);
    }
    expect(await redis.keys('*')).toEqual([]);
  });

  it('answers each row of the table: ignored, skipped (no contact), dead letter with source, event id and problems, 400, 413, 500 from a mapping that throws, 404', async () => {
    const ignored = await postStripe(stripeEvent('customer.created', { id: 'cus_1' }));
    expect(ignored).toMatchObject({ status: 200, body: { ignored: 'customer.created' } });
    const anonymous = checkoutSession('usd', { total: 100, subtotal: 100, tax: 0, shipping: 0, discount: 0 }, { customer_details: null });
    expect((await postStripe(stripeEvent('checkout.session.completed', anonymous))).body).toEqual({ skipped: 'no_contact' });
    expect(await redis.keys('*')).toEqual([]);

    const noOrderNumber = JSON.stringify({ type: 'ticket.purchased', data: { buyer: { email: 'fan@example.com' }, currency: 'EUR', total: 10, tickets: [], createdAt: '2026-01-02T20:00:00.000Z' } });
    const dead = await post(hook('tickets'), noOrderNumber, standardHeaders(noOrderNumber, 'msg_dead_1'));
    expect(dead).toMatchObject({ status: 200, body: { dead: 1 } });
    expect(await redis.xlen(keys.signals)).toBe(0);
    const [letter] = await deadLetters(redis);
    expect(letter).toMatchObject({ source: 'tickets', eventId: 'msg_dead_1', entry: 'tickets:msg_dead_1', status: 'invalid', code: 'invalid', errors: [expect.objectContaining({ path: 'signalContent.orderId', code: 'required' })] });
    expect(letter!.signal).toMatchObject({ appKey: APP, identifiableAttributes: { email: 'fan@example.com' }, signalContent: { signalType: 'order', currency: 'EUR' } });
    // Dead, so a retry of the same event is a duplicate, not a second letter.
    expect((await post(hook('tickets'), noOrderNumber, standardHeaders(noOrderNumber, 'msg_dead_1'))).body).toEqual({ duplicate: true });
    expect(await redis.xlen(keys.dead)).toBe(1);

    const notJson = 'this is not json';
    expect((await post(hook('shopify'), notJson, shopifyHeaders(notJson))).status).toBe(400);
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
    expect((await post(hook('shopify'), big, shopifyHeaders(big))).status).toBe(413);

    const body = JSON.stringify({ type: 'ticket.purchased', secretPayloadMarker: 'PAYLOAD-MARKER-123' });
    const failed = await post(hook('broken'), body, standardHeaders(body, 'msg_broken'));
    expect(failed.status).toBe(500);
    expect(logged.join('\n')).toContain('source broken: the mapping threw on event msg_broken');
    expect(logged.join('\n')).not.toContain('PAYLOAD-MARKER-123');
    expect(await redis.xlen(keys.dead)).toBe(1);
    expect(await redis.xlen(keys.signals)).toBe(0);

    expect((await post(hook('nowhere'), '{}', { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('/signals: valid signals enqueued, invalid ones listed by index as validate --json words them; a wrong token is 401; a repeated Idempotency-Key is a no-op', async () => {
    const valid = (n: number) => JSON.stringify({ identifiableAttributes: { email: `app${n}@example.com` }, signalContent: { signalType: 'order', orderId: `A-${n}`, currency: 'USD', orderValue: n } });
    const body = [valid(1), '{"identifiableAttributes":{"email":"x@example.com"},"signalContent":{"signalType":"order","currency":"USD"}}', 'not json', valid(2)].join('\n');
    const auth = { authorization: `Bearer ${SECRETS.token}`, 'content-type': 'application/x-ndjson' };
    expect((await post(`${gateway.url}/signals`, body, { ...auth, authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post(`${gateway.url}/signals`, body, { 'content-type': 'application/x-ndjson' })).status).toBe(401);
    expect(await redis.keys('*')).toEqual([]);

    const answer = await post(`${gateway.url}/signals`, body, { ...auth, 'idempotency-key': 'batch-1' });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      enqueued: 2,
      invalid: [
        { index: 1, valid: false, errors: [{ path: 'signalContent.orderId', code: 'required', message: 'signalContent.orderId is required' }], warnings: [] },
        { index: 2, valid: false, errors: [expect.objectContaining({ path: '', code: 'invalid_json' })], warnings: [] },
      ],
    });
    expect((await post(`${gateway.url}/signals`, body, { ...auth, 'idempotency-key': 'batch-1' })).body).toEqual({ duplicate: true });
    // A JSON array and a single object are read as `send` reads them.
    expect((await post(`${gateway.url}/signals`, `[${valid(3)}, ${valid(4)}]`, auth)).body).toEqual({ enqueued: 2, invalid: [] });
    expect((await post(`${gateway.url}/signals`, valid(5), auth)).body).toEqual({ enqueued: 1, invalid: [] });

    const delivered = await deliver();
    expect(delivered.map((s) => (s.signalContent as { orderId: string }).orderId)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
    expect(delivered.every((s) => s.appKey === APP)).toBe(true);
  });
});
