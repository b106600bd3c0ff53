/**
 * `connect-signals gateway` as a process: it prints its routes, serves a .ts
 * mapping without a build, finishes a request in flight on SIGTERM and exits
 * 0; it exits 2 on a usage error or an unreachable Redis; and no secret or
 * token appears in its output, in Redis or in /metrics.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { post, SECRETS, shopifyHeaders, standardHeaders, stripeEvent, stripeHeaders, checkoutSession } from './helpers/gateway.js';
import { collect, dumpRedis, waitFor, type CliChild } from './helpers/queue.js';
import { freePort, startRedis, type RedisServer } from './helpers/redis-server.js';
import { runCli, spawnCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';
import { tempDir } from './helpers/temp-dir.js';

const describe = describeWith('redis-server', 'redis-server');

/** Starts the gateway CLI and waits for its "listening on" line; resolves to the child and the URL. */
async function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ cli: CliChild; url: string }> {
  const cli = collect(spawnCli(['gateway', '--port', '0', ...args], env));
  await waitFor(() => /listening on (\S+),/.test(cli.stdout()) || cli.child.exitCode !== null, 'the gateway to listen', 30_000);
  const url = /listening on (\S+),/.exec(cli.stdout())?.[1];
  if (url === undefined) throw new Error(`the gateway did not start: ${cli.stderr()}`);
  return { cli, url };
}

describe('connect-signals gateway (the command)', () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis({ requirepass: 'redis-pass-XYZ' });
    redis = new Redis({ port: server.port, host: '127.0.0.1', password: 'redis-pass-XYZ' });
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop({ removeDir: true });
  });

  it('prints its routes, serves every route (a .ts mapping without a build, a secret from VAR_FILE), and no secret shows in output, Redis or /metrics', async () => {
    const dir = tempDir('cs-gateway-');
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${SECRETS.token}\n`);
    const url = `redis://:redis-pass-XYZ@127.0.0.1:${server.port}`;
    const { cli, url: base } = await startCli(['--redis', url, '--app-key', 'cli-app', '--source', 'tickets=examples/mappings/tickets.ts'], {
      STRIPE_WEBHOOK_SECRET: SECRETS.stripe,
      SHOPIFY_WEBHOOK_SECRET: SECRETS.shopify,
      CONNECT_GATEWAY_TOKEN_FILE: tokenFile,
      CONNECT_GATEWAY_SECRET_TICKETS: SECRETS.tickets,
    });
    try {
      expect(cli.stdout()).toContain('POST /hooks/stripe\n  POST /hooks/shopify\n  POST /hooks/tickets\n  POST /signals\n  GET /healthz\n  GET /metrics\n');
      const stripe = JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession('usd', { total: 100, subtotal: 100, tax: 0, shipping: 0, discount: 0 })));
      expect((await post(`${base}/hooks/stripe`, stripe, stripeHeaders(stripe))).body).toEqual({ enqueued: 1 });
      const shopify = JSON.stringify({ id: 1, email: 'a@example.com', currency: 'USD', total_price: '1.00', created_at: '2026-01-01T00:00:00Z' });
      expect((await post(`${base}/hooks/shopify`, shopify, shopifyHeaders(shopify, { webhookId: 'w1' }))).body).toEqual({ enqueued: 1 });
      const ticket = JSON.stringify({ type: 'ticket.purchased', data: { orderNumber: 'T-9', buyer: { email: 'fan@example.com' }, currency: 'EUR', total: 5, tickets: [], createdAt: '2026-01-01T00:00:00Z' } });
      expect((await post(`${base}/hooks/tickets`, ticket, standardHeaders(ticket, 'msg_cli'))).body).toEqual({ enqueued: 1 });
      const signal = JSON.stringify({ identifiableAttributes: { email: 'b@example.com' }, signalContent: { signalType: 'order', orderId: 'S-1', currency: 'USD' } });
      expect((await post(`${base}/signals`, signal, { authorization: `Bearer ${SECRETS.token}`, 'idempotency-key': 'k1' })).body).toEqual({ enqueued: 1, invalid: [] });
      // Refused attempts too: a wrong token and a wrong signature.
      expect((await post(`${base}/signals`, signal, { authorization: `Bearer ${SECRETS.token}x` })).status).toBe(401);
      expect((await post(`${base}/hooks/stripe`, stripe, stripeHeaders(stripe, `${SECRETS.stripe}x`))).status).toBe(401);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('connect_signals_gateway_requests_total{route="/hooks/stripe",status="200"} 1');
      expect(metrics).toContain('connect_signals_gateway_signature_failures_total{source="stripe"} 1');

      cli.child.kill('SIGTERM');
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      const everything = [cli.stdout(), cli.stderr(), metrics, await dumpRedis(redis)].join('\n');
      expect(await redis.xlen('{connect-signals}:signals')).toBe(4);
      for (const secret of [...Object.values(SECRETS), 'redis-pass-XYZ']) expect(everything).not.toContain(secret);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('on SIGTERM finishes the request in flight (answered 200 and stored), then exits 0', async () => {
    await redis.flushall();
    const { cli, url: base } = await startCli(['--redis', `redis://:redis-pass-XYZ@127.0.0.1:${server.port}`, '--app-key', 'cli-app'], { STRIPE_WEBHOOK_SECRET: SECRETS.stripe });
    try {
      await redis.call('CLIENT', 'PAUSE', '600', 'WRITE');
      const stripe = JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession('usd', { total: 100, subtotal: 100, tax: 0, shipping: 0, discount: 0 })));
      const inFlight = post(`${base}/hooks/stripe`, stripe, stripeHeaders(stripe));
      await new Promise((r) => setTimeout(r, 150));
      cli.child.kill('SIGTERM');
      expect((await inFlight).body).toEqual({ enqueued: 1 });
      expect(await cli.exited).toEqual({ code: 0, signal: null });
      expect(await redis.xlen('{connect-signals}:signals')).toBe(1);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('exits 2 when Redis cannot be reached at start', async () => {
    const port = await freePort();
    const cli = collect(spawnCli(['gateway', '--redis', `redis://127.0.0.1:${port}`, '--app-key', 'a', '--port', '0'], { STRIPE_WEBHOOK_SECRET: SECRETS.stripe }));
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(cli.stderr()).not.toContain(SECRETS.stripe);
  });

  it('exits 2 on usage errors, naming what is missing and never a secret', async () => {
    const env = { STRIPE_WEBHOOK_SECRET: SECRETS.stripe, CONNECT_REDIS_URL: server.url };
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [[], env, 'give --app-key KEY (or set CONNECT_APP_KEY)'],
      [['--app-key', 'a'], { CONNECT_REDIS_URL: server.url }, 'nothing to serve'],
      [['--app-key', 'a', '--source', 'tickets=examples/mappings/tickets.ts'], env, 'set its Standard Webhooks secret in CONNECT_GATEWAY_SECRET_TICKETS'],
      [['--app-key', 'a', '--source', 'stripe=x.mjs'], { ...env, CONNECT_GATEWAY_SECRET_STRIPE: SECRETS.tickets }, '"stripe" is a built-in route'],
      [['--app-key', 'a', '--source', 'x=missing.mjs'], { ...env, CONNECT_GATEWAY_SECRET_X: SECRETS.tickets }, 'cannot load the mapping missing.mjs: not found'],
      [['--app-key', 'a', '--dedupe-ttl', '7'], env, '--dedupe-ttl must be a duration'],
      [['--app-key', 'a'], { ...env, STRIPE_WEBHOOK_SECRET_FILE: '/nonexistent/secret' }, 'set STRIPE_WEBHOOK_SECRET or STRIPE_WEBHOOK_SECRET_FILE, not both'],
    ];
    for (const [args, caseEnv, message] of cases) {
      const run = await runCli(['gateway', '--port', '0', ...args], { env: caseEnv });
      expect(run.code, message).toBe(2);
      expect(run.stderr, message).toContain(message);
      expect(run.stderr + run.stdout).not.toContain(SECRETS.stripe);
    }
  });
});
