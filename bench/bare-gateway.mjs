// The baseline of bench/gateway.ts: the least a webhook endpoint can do. One bare Fastify route
// that keeps the raw body, checks Stripe's signature with node:crypto (t=...,v1=... header,
// HMAC-SHA256 of `${t}.${body}`, constant-time compare, 300 s tolerance), parses the JSON, and does
// one XADD of the body to {connect-signals}:signals before answering 200. No mapping, no
// validation, no duplicate check, no metrics.
//   STRIPE_WEBHOOK_SECRET=whsec_... node bench/bare-gateway.mjs REDIS_URL
// Prints its port.
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const [url] = process.argv.slice(2);
const secret = process.env.STRIPE_WEBHOOK_SECRET;
const redis = new Redis(url);
const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

function verified(raw, header) {
  if (typeof header !== 'string') return false;
  let t;
  const v1 = [];
  for (const part of header.split(',')) {
    const [k, v] = part.split('=');
    if (k === 't') t = v;
    else if (k === 'v1') v1.push(v);
  }
  if (t === undefined || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  return v1.some((v) => {
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

app.post('/hooks/stripe', async (request, reply) => {
  if (!verified(request.body, request.headers['stripe-signature'])) return reply.code(401).send({ error: 'signature' });
  const event = JSON.parse(request.body.toString('utf8'));
  await redis.xadd('{connect-signals}:signals', '*', 'signal', JSON.stringify(event));
  return reply.send({ enqueued: 1 });
});

await app.listen({ port: 0, host: '127.0.0.1' });
console.log(app.server.address().port);
process.on('SIGTERM', async () => {
  await app.close();
  redis.disconnect();
});
