/**
 * startGateway: the HTTP server (Fastify) in front of the queue. It wires the
 * parts: options, the Redis client, the signature checks and mappings of each
 * route, the metrics, and a body parser that keeps the raw bytes (every
 * signature is computed over them).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { redisTargetName, waitUntilReady } from '../queue/redis.js';
import type { Answer } from './answer.js';
import type { Mapping } from './define-mapping.js';
import { handleHook, type HookRoute, type RouteDeps } from './hooks.js';
import { resolveGatewayOptions, type GatewayOptions, type ResolvedGatewayOptions } from './options.js';
import { gatewayRedis } from './redis-client.js';
import { mapShopifyWebhook } from './shopify-mapping.js';
import { handleSignals } from './signals-route.js';
import { mapStripeEvent } from './stripe-mapping.js';
import { shopifyVerifier, standardVerifier, stripeVerifier } from './verify.js';

/** A running gateway. */
export interface Gateway {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** The routes served, e.g. `POST /hooks/stripe` (never a secret). */
  readonly routes: readonly string[];
  /** Stops taking requests, finishes those in flight, closes Redis. */
  close(): Promise<void>;
}

const typeField = (payload: unknown): string => {
  const type = (payload as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : 'unknown';
};

/** The webhook routes the options enable (each needs its secret). */
async function hookRoutes(options: ResolvedGatewayOptions): Promise<HookRoute[]> {
  const routes: HookRoute[] = [];
  if (options.secrets.stripe !== undefined) routes.push({ source: 'stripe', verify: await stripeVerifier(options.secrets.stripe), mapping: mapStripeEvent as Mapping, typeOf: typeField });
  if (options.secrets.shopify !== undefined) routes.push({ source: 'shopify', verify: shopifyVerifier(options.secrets.shopify), mapping: mapShopifyWebhook as Mapping, typeOf: (_, h) => h['x-shopify-topic'] ?? 'unknown' });
  for (const s of options.sources) routes.push({ source: s.name, verify: await standardVerifier(s.secret), mapping: s.mapping, typeOf: typeField });
  return routes;
}

function send(reply: FastifyReply, answer: Answer, closing: { value: boolean }): FastifyReply {
  if (answer.headers) reply.headers(answer.headers);
  // While closing, an answer in flight ends its connection: a kept-alive socket would hold close() open for keepAliveTimeout.
  if (closing.value) reply.header('connection', 'close');
  return reply.code(answer.status).send(answer.body);
}

type Headers = Readonly<Record<string, string | undefined>>;

/** Fastify with the raw-body parser, the error answers and the routes. */
async function buildServer(deps: RouteDeps, hooks: readonly HookRoute[], closing: { value: boolean }): Promise<{ app: FastifyInstance; routes: string[] }> {
  const { default: Fastify } = await import('fastify');
  const { options, metrics, redis } = deps;
  const app = Fastify({ bodyLimit: options.maxBodyBytes, logger: false, return503OnClosing: true, forceCloseConnections: 'idle' });
  // Every body stays bytes: a signature is checked on what was sent, not on JSON parsed and written again.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: `the body is larger than ${options.maxBodyBytes} bytes` });
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.log(`a request failed: ${error.code ?? 'error'}`);
    return reply.code(status).send({ error: status === 500 ? 'internal error' : 'bad request' });
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.request(request.routeOptions.url ?? '(none)', reply.statusCode);
    done();
  });
  const bytes = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  const routes: string[] = [];
  for (const hook of hooks) {
    app.post(`/hooks/${hook.source}`, async (request, reply) => send(reply, await handleHook(hook, deps, bytes(request.body), request.headers as Headers), closing));
    routes.push(`POST /hooks/${hook.source}`);
  }
  const token = options.secrets.token;
  if (token !== undefined) {
    app.post('/signals', async (request, reply) => send(reply, await handleSignals(deps, token, bytes(request.body), request.headers as Headers), closing));
    routes.push('POST /signals');
  }
  app.get('/healthz', async (_request, reply) => (redis.status === 'ready' ? reply.send({ ok: true }) : reply.code(503).send({ ok: false, redis: redis.status })));
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  routes.push('GET /healthz', 'GET /metrics');
  return { app, routes };
}

/**
 * Starts a gateway: checks the options (GatewayOptionsError), reaches Redis within 5 s
 * (QueueRedisError otherwise), then listens.
 *
 * @example
 * const gateway = await startGateway({ redis: 'redis://127.0.0.1:6379', appKey: 'my-app', secrets: { stripe: process.env.STRIPE_WEBHOOK_SECRET } });
 * console.log(gateway.routes);
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const resolved = resolveGatewayOptions(options);
  const connection = gatewayRedis(resolved.redis);
  let app: FastifyInstance | undefined;
  try {
    await waitUntilReady(connection.client, redisTargetName(resolved.redis));
    // prom-client is loaded here, not by the package root.
    const metrics = (await import('./metrics.js')).gatewayMetrics();
    const deps: RouteDeps = { options: resolved, keys: resolved.keys, redis: connection.client, metrics };
    const closing = { value: false };
    const built = await buildServer(deps, await hookRoutes(resolved), closing);
    app = built.app;
    await app.listen({ port: resolved.port, host: resolved.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : resolved.port;
    const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
    const server = app;
    return {
      url: `http://${host}:${port}`,
      port,
      routes: built.routes,
      async close() {
        closing.value = true;
        await server.close();
        await connection.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await connection.close();
    throw error;
  }
}
