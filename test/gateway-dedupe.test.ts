/**
 * The gateway's write guarantees: an event is stored once however often and
 * however concurrently it arrives (the dedupe check and the append are one
 * Lua script), and a Redis that is away or slow gets a 503 with Retry-After
 * and nothing half-written; the sender's retry is then stored once.
 */
import { Cluster, Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../src/gateway/server.js';
import { storeEvent } from '../src/gateway/store.js';
import { queueKeys } from '../src/queue/keys.js';
import { checkoutSession, post, SECRETS, shopifyHeaders, stripeEvent, stripeHeaders } from './helpers/gateway.js';
import { waitFor } from './helpers/queue.js';
import { startRedis, startRedisCluster, type RedisServer } from './helpers/redis-server.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith('redis-server', 'redis-server');
const keys = queueKeys();

describe('the gateway stores each event once, or not at all', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setUp(options: { appendonly?: boolean; enqueueTimeoutMs?: number } = {}) {
    const server = await startRedis({ appendonly: options.appendonly ?? false });
    cleanup.push(() => server.stop({ removeDir: true }));
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    redis.on('error', () => {});
    cleanup.push(() => redis.disconnect());
    const gateway = await startGateway({ redis: server.url, appKey: 'app', port: 0, secrets: { stripe: SECRETS.stripe, shopify: SECRETS.shopify }, ...(options.enqueueTimeoutMs ? { enqueueTimeoutMs: options.enqueueTimeoutMs } : {}) });
    cleanup.push(() => gateway.close());
    return { server, redis, gateway };
  }

  const paid = () => JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession('usd', { total: 1000, subtotal: 1000, tax: 0, shipping: 0, discount: 0 })));
  const postStripe = (gateway: Gateway, payload: string) => post(`${gateway.url}/hooks/stripe`, payload, stripeHeaders(payload));

  it('the same Stripe event twice, and 20 copies in parallel: stored once, the others answered {"duplicate":true}', async () => {
    const { redis, gateway } = await setUp();
    const payload = paid();
    expect((await postStripe(gateway, payload)).body).toEqual({ enqueued: 1 });
    expect((await postStripe(gateway, payload)).body).toEqual({ duplicate: true });
    expect(await redis.xlen(keys.signals)).toBe(1);

    const burst = paid();
    const answers = await Promise.all(Array.from({ length: 20 }, () => postStripe(gateway, burst)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.enqueued === 1)).toHaveLength(1);
    expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(19);
    expect(await redis.xlen(keys.signals)).toBe(2);
    // The mark expires with --dedupe-ttl (default 7 days).
    const ttl = await redis.pttl(`{connect-signals}:seen:stripe:${(JSON.parse(burst) as { id: string }).id}`);
    expect(ttl).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
  });

  it('Shopify duplicates by X-Shopify-Webhook-Id, else X-Shopify-Event-Id, else the body itself', async () => {
    const { redis, gateway } = await setUp();
    const order = (id: number) => JSON.stringify({ id, email: 'a@example.com', currency: 'USD', total_price: '1.00', created_at: '2026-01-01T00:00:00Z' });
    const url = `${gateway.url}/hooks/shopify`;
    expect((await post(url, order(1), shopifyHeaders(order(1), { webhookId: 'w-1' }))).body).toEqual({ enqueued: 1 });
    expect((await post(url, order(1), shopifyHeaders(order(1), { webhookId: 'w-1' }))).body).toEqual({ duplicate: true });
    expect((await post(url, order(2), shopifyHeaders(order(2), { eventId: 'e-2' }))).body).toEqual({ enqueued: 1 });
    expect((await post(url, order(2), shopifyHeaders(order(2), { eventId: 'e-2' }))).body).toEqual({ duplicate: true });
    expect((await post(url, order(3), shopifyHeaders(order(3)))).body).toEqual({ enqueued: 1 });
    expect((await post(url, order(3), shopifyHeaders(order(3)))).body).toEqual({ duplicate: true });
    expect(await redis.xlen(keys.signals)).toBe(3);
  });

  it('Redis stopped: 503 with Retry-After and nothing stored, /healthz 503; Redis back: the retried event is stored once', async () => {
    const { server, redis, gateway } = await setUp({ appendonly: true });
    expect((await postStripe(gateway, paid())).body).toEqual({ enqueued: 1 });
    await server.stop();

    const payload = paid();
    const refused = await postStripe(gateway, payload);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(503);

    const again = await startRedis({ appendonly: true, dir: server.dir, port: server.port });
    cleanup.push(() => again.stop());
    await waitFor(async () => (await fetch(`${gateway.url}/healthz`)).status === 200, 'the gateway to reconnect');
    await waitFor(async () => (await redis.ping().catch(() => '')) === 'PONG', 'the test client to reconnect');
    expect(await redis.xlen(keys.signals)).toBe(1);
    expect(await redis.keys('{connect-signals}:seen:*')).toHaveLength(1);

    expect((await postStripe(gateway, payload)).body).toEqual({ enqueued: 1 });
    expect((await postStripe(gateway, payload)).body).toEqual({ duplicate: true });
    expect(await redis.xlen(keys.signals)).toBe(2);
  });

  it('Redis slower than --enqueue-timeout: 503; the late write is whole (stored and marked seen), so the retry is a duplicate, stored once', async () => {
    const { redis, gateway } = await setUp({ enqueueTimeoutMs: 150 });
    // Writes (and scripts that write) wait while Redis is paused.
    await redis.call('CLIENT', 'PAUSE', '700', 'WRITE');
    const payload = paid();
    const late = await postStripe(gateway, payload);
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');
    await waitFor(async () => (await redis.xlen(keys.signals)) === 1, 'the late write');
    expect(await redis.keys('{connect-signals}:seen:*')).toHaveLength(1);
    expect((await postStripe(gateway, payload)).body).toEqual({ duplicate: true });
    expect(await redis.xlen(keys.signals)).toBe(1);
  });
});

describe('the gateway on a Redis Cluster', () => {
  it('stores an event once: the script\'s keys share the {NAME} hash tag, so they are in one slot', async () => {
    const cluster = await startRedisCluster();
    const client = new Cluster([...cluster.nodes]);
    const gateway = await startGateway({ redis: { nodes: cluster.nodes }, appKey: 'app', port: 0, secrets: { stripe: SECRETS.stripe } });
    try {
      const payload = JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession('usd', { total: 1000, subtotal: 1000, tax: 0, shipping: 0, discount: 0 })));
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(`${gateway.url}/hooks/stripe`, payload, stripeHeaders(payload))));
      expect(answers.filter((a) => a.body.enqueued === 1)).toHaveLength(1);
      expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(4);
      expect(await client.xlen(keys.signals)).toBe(1);
    } finally {
      await gateway.close();
      client.disconnect();
      await cluster.stop();
    }
  }, 60_000);
});

describe('the store script', () => {
  it('writes nothing when one of its streams is a key of another type, even with signals and dead letters together', async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      await redis.set(keys.dead, 'not a stream');
      const letter = { entry: 's:1', status: 'invalid', code: 'invalid', reason: 'r', at: new Date().toISOString() } as const;
      const write = { signals: ['{"a":1}'], deadLetters: [letter], seen: '{connect-signals}:seen:s:1', ttlMs: 60_000 };
      await expect(storeEvent(redis, keys, write)).rejects.toThrow(/WRONGTYPE/);
      expect(await redis.exists(keys.signals, '{connect-signals}:seen:s:1')).toBe(0);
      await redis.del(keys.dead);
      expect(await storeEvent(redis, keys, write)).toBe('stored');
      expect([await redis.xlen(keys.signals), await redis.xlen(keys.dead), await redis.exists('{connect-signals}:seen:s:1')]).toEqual([1, 1, 1]);
      expect(await storeEvent(redis, keys, write)).toBe('duplicate');
    } finally {
      redis.disconnect();
      await server.stop({ removeDir: true });
    }
  });
});
