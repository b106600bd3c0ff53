/**
 * The queue's producer against a real redis-server: what `enqueue` stores
 * (exactly the `signal` field's JSON), what it refuses (invalid signals, with
 * their errors, never stored), when it resolves (once Redis acknowledged),
 * `enqueueMany`'s order, tier and appKey, and that an entry a foreign producer
 * writes by hand has the same shape.
 */
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSignalsQueue, QueueOptionsError, QueueWriteError, QueueRedisError, validateSignal, type SignalsQueue } from '../src/index.js';
import { addToCartExample, browseAbandonmentExample, orderExample } from './fixtures/reference-examples.js';
import { markedSignals } from './helpers/accounting.js';
import { startRedis, freePort, type RedisServer } from './helpers/redis-server.js';
import { describeWith } from './helpers/system-tool.js';

const STREAM = '{connect-signals}:signals';

let server: RedisServer;
let redis: Redis;
const queues: SignalsQueue[] = [];
function queue(options: Partial<Parameters<typeof createSignalsQueue>[0]> = {}): SignalsQueue {
  const q = createSignalsQueue({ redis: server.url, ...options });
  queues.push(q);
  return q;
}

/** Every entry of the stream as [id, its fields]. */
async function entries(stream = STREAM): Promise<[string, string[]][]> {
  return (await redis.xrange(stream, '-', '+')) as [string, string[]][];
}

describeWith('redis-server', 'redis-server')('createSignalsQueue (producer)', () => {
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
    await server.stop({ removeDir: true });
  });
  beforeEach(async () => {
    await redis.flushall();
  });

  it('stores a valid signal as one entry whose only field, signal, is its exact JSON text', async () => {
    const result = await queue().enqueue(addToCartExample);
    expect(result).toEqual({ status: 'enqueued', entry: expect.stringMatching(/^\d+-\d+$/), signalType: 'addToCart', warnings: [] });
    const stored = await entries();
    expect(stored).toEqual([[result.status === 'enqueued' ? result.entry : '', ['signal', JSON.stringify(addToCartExample)]]]);
  });

  it('does not store an invalid signal and resolves to its validation errors', async () => {
    const bad = { ...orderExample, signalContent: { ...orderExample.signalContent, orderId: undefined } };
    const result = await queue().enqueue(bad);
    const expected = validateSignal(bad);
    expect(expected.valid).toBe(false);
    expect(result).toEqual({ status: 'invalid', signalType: 'order', errors: expected.valid ? [] : expected.errors, warnings: expected.warnings });
    expect(result.status === 'invalid' && result.errors[0]!.message).toBe('signalContent.orderId is required');
    expect(await redis.exists(STREAM)).toBe(0);
  });

  it('stores a repaired signal without the removed field, and returns the warning', async () => {
    const result = await queue().enqueue({ ...addToCartExample, priority: 'high' });
    expect(result).toMatchObject({ status: 'enqueued', warnings: [{ path: 'priority', code: 'unknown_field' }] });
    const fields = (await entries())[0]![1];
    expect(JSON.parse(fields[1]!)).toEqual(addToCartExample);
  });

  it('resolves only once Redis has acknowledged the XADD (not while Redis is paused)', async () => {
    const q = queue();
    await q.ready();
    await redis.client('PAUSE', 400, 'WRITE');
    let settled = false;
    const pending = q.enqueue(addToCartExample).then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    const result = await pending;
    expect(result.status).toBe('enqueued');
    // Resolved means stored: another connection reads it at once.
    expect((await entries()).map(([id]) => id)).toEqual([result.status === 'enqueued' ? result.entry : '']);
  });

  it('enqueueMany writes in chunks (one round trip each) and returns results in input order, invalid ones not stored', async () => {
    const signals: unknown[] = markedSignals(2500);
    signals[7] = { not: 'a signal' };
    signals[1800] = { ...addToCartExample, signalContent: { ...addToCartExample.signalContent, itemQuantity: 2.5 } };
    const results = await queue({ chunkSize: 1000 }).enqueueMany(signals);
    expect(results).toHaveLength(2500);
    expect(results[7]).toMatchObject({ status: 'invalid', errors: expect.arrayContaining([expect.objectContaining({ path: 'signalContent', code: 'required' })]) });
    expect(results[1800]).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ path: 'signalContent.itemQuantity', code: 'integer' })] });
    const stored = await entries();
    expect(stored).toHaveLength(2498);
    // In input order: the stream's entries are the valid signals in order, each result naming its own entry.
    const valid = signals.filter((_, i) => i !== 7 && i !== 1800);
    expect(stored.map(([, f]) => JSON.parse(f[1]!).sessionId)).toEqual(valid.map((s) => (s as { sessionId: string }).sessionId));
    expect(results.filter((r) => r.status === 'enqueued').map((r) => (r.status === 'enqueued' ? r.entry : ''))).toEqual(stored.map(([id]) => id));
  });

  it('enqueueMany stores a known JSON text as it is when validation keeps the signal (jsonOf), and serializes a changed one', async () => {
    const text = `{ "signalContent": ${JSON.stringify(addToCartExample.signalContent)}, "appKey": "k", "identifiableAttributes": {"contactKey": "C1"} }`;
    const withoutAppKey = { ...addToCartExample, appKey: undefined };
    const items = [{ signal: JSON.parse(text) as unknown, raw: text }, { signal: withoutAppKey as unknown, raw: 'not the text' }];
    await queue({ appKey: 'filled-in' }).enqueueMany(items, { signalOf: (i) => i.signal, jsonOf: (i) => i.raw });
    const stored = (await entries()).map(([, f]) => f[1]);
    expect(stored[0]).toBe(text);
    expect(JSON.parse(stored[1]!)).toEqual({ ...addToCartExample, appKey: 'filled-in' });
  });

  it('fills in appKey where missing (not where given) and refuses the types the tier cannot import', async () => {
    const q = queue({ appKey: 'my-app', tier: 'pro' });
    const results = await q.enqueueMany([{ ...addToCartExample, appKey: undefined }, addToCartExample, browseAbandonmentExample]);
    expect(results.map((r) => r.status)).toEqual(['enqueued', 'enqueued', 'invalid']);
    expect(results[2]).toMatchObject({ errors: [{ code: 'tier_not_allowed' }] });
    expect((await entries()).map(([, f]) => JSON.parse(f[1]!).appKey)).toEqual(['my-app', addToCartExample.appKey]);
  });

  it('writes to {NAME}:signals of the queue it is given', async () => {
    await queue({ queue: 'orders' }).enqueue(addToCartExample);
    expect(await redis.xlen('{orders}:signals')).toBe(1);
    expect(await redis.exists(STREAM)).toBe(0);
  });

  it("a foreign producer's hand-written XADD {connect-signals}:signals * signal '<json>' is the same entry as enqueue's", async () => {
    const json = JSON.stringify(addToCartExample);
    // Exactly docs/queue.md's command line, through redis-cli.
    const cli = spawnSync('redis-cli', ['-p', String(server.port), 'XADD', STREAM, '*', 'signal', json], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    await queue().enqueue(addToCartExample);
    const [foreign, ours] = (await entries()).map(([, f]) => f);
    expect(foreign).toEqual(ours);
    expect(ours).toEqual(['signal', json]);
  });

  it('rejects with QueueWriteError, saying what was stored, when Redis refuses the XADD', async () => {
    await redis.set(STREAM, 'not a stream');
    const q = queue();
    await expect(q.enqueue(addToCartExample)).rejects.toBeInstanceOf(QueueWriteError);
    const error = await q.enqueueMany([addToCartExample, { bad: true }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueWriteError);
    expect((error as QueueWriteError).code).toBe('ERR_QUEUE_WRITE');
    expect((error as QueueWriteError).message).toMatch(/WRONGTYPE/);
    expect((error as QueueWriteError).results).toEqual([undefined, expect.objectContaining({ status: 'invalid' })]);
  });

  it('ready() rejects within its time-out when nothing listens, naming the URL without its password', async () => {
    const port = await freePort();
    const q = createSignalsQueue({ redis: `redis://user:s3cret-pw@127.0.0.1:${port}`, connectTimeoutMs: 500 });
    const error = await q.ready().catch((e: unknown) => e);
    await q.close();
    expect(error).toBeInstanceOf(QueueRedisError);
    expect(String((error as Error).message)).toContain(`127.0.0.1:${port}`);
    expect(String((error as Error).message)).not.toContain('s3cret-pw');
  });

  it('refuses bad options with QueueOptionsError', () => {
    expect(() => createSignalsQueue({ redis: server.url, tier: 'gold' as never })).toThrow(QueueOptionsError);
    expect(() => createSignalsQueue({ redis: server.url, chunkSize: 0 })).toThrow(/chunkSize/);
    expect(() => createSignalsQueue({ redis: server.url, queue: 'a{b}' })).toThrow(/queue name/);
  });
});
