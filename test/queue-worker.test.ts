/**
 * The queue's worker in-process, against a real redis-server and the
 * emulator (or a scriptable fake Connect): what it does with each kind of
 * entry, with Connect rejecting one signal, and with Connect down.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { queueKeys } from '../src/queue/keys.js';
import { serveMetrics, startSignalsWorker, type SignalsWorkerOptions } from '../src/queue/index.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { startFakeConnect } from './helpers/fake-connect.js';
import { deadLetters, dumpRedis, waitFor, xaddSignals } from './helpers/queue.js';
import { startRedis, type RedisServer } from './helpers/redis-server.js';
import { receivedMarkers } from './helpers/reliability.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith('redis-server', 'redis-server');

describe('the queue worker (in-process)', () => {
  let server: RedisServer;
  let redis: Redis;
  let emulator: EmulatorHandle;
  const keys = queueKeys();

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    emulator = await startEmulator();
  });
  afterAll(async () => {
    redis.disconnect();
    await emulator.stop();
    await server.stop({ removeDir: true });
  });
  beforeEach(async () => {
    await redis.flushall();
    emulator.reset();
  });

  const worker = (overrides: Partial<SignalsWorkerOptions> = {}, client: SignalsWorkerOptions['client'] = {}) =>
    startSignalsWorker({
      redis: server.url,
      untilEmpty: true,
      claimIdleMs: 300,
      ...overrides,
      client: { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, batchSize: 50, retry: FAST_RETRY, ...client },
    });

  it('sends an entry\'s text as the bytes Redis holds; text that is not UTF-8 is a dead letter, as a line of a file is unreadable', async () => {
    const [accented, broken] = markedSignals(2);
    await redis.xadd(keys.signals, '*', 'signal', JSON.stringify({ ...accented, signalContent: { ...(accented!.signalContent as object), productName: 'Crème brûlée 🍮' } }));
    // A JSON string holding 0xff, a byte no UTF-8 text has.
    const text = Buffer.from(JSON.stringify({ ...broken, signalContent: { ...(broken!.signalContent as object), productName: 'x_y' } }));
    text[text.indexOf('x_y') + 1] = 0xff;
    await redis.xadd(keys.signals, '*', 'signal', text);
    const connect = await startFakeConnect();

    try {
      const report = await (await worker({}, { endpoint: connect.url })).done;

      expect(report).toMatchObject({ read: 2, accepted: 1, invalid: 1, unreadable: 1, deadLetters: 1 });
      expect(connect.requests).toHaveLength(1);
      expect(connect.requests[0]!.bytes.includes(Buffer.from('"productName":"Crème brûlée 🍮"'))).toBe(true);
      const [letter] = await deadLetters(redis);
      expect(letter).toMatchObject({ status: 'unreadable', code: 'unreadable', reason: 'the "signal" field is not valid UTF-8 text' });
      expect(letter!.raw).toContain('"productName":"x\uFFFDy"');
    } finally {
      await connect.close();
    }
  });

  it('delivers what a foreign producer XADDs by hand, and dead-letters each malformed entry with its reason', async () => {
    const signals = markedSignals(120).map((s) => JSON.stringify(s));
    const [invalid] = markedSignals(1, 9000);
    await xaddSignals(redis, signals.slice(0, 60));
    await redis.xadd(keys.signals, '*', 'signal', '{"not json');
    await redis.xadd(keys.signals, '*', 'payload', '{}');
    await redis.xadd(keys.signals, '*', 'signal', '[1,2]');
    await redis.xadd(keys.signals, '*', 'signal', JSON.stringify({ ...invalid, signalContent: { signalType: 'addToCart' } }));
    await xaddSignals(redis, signals.slice(60));

    const report = await (await worker()).done;

    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(120);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(report).toMatchObject({ read: 124, accepted: 120, invalid: 4, unreadable: 3, failed: 0, deadLetters: 4 });
    // In the order of their entries (an entry found unreadable before it reaches the client is dead-lettered first).
    const entryOrder = (id: string) => id.split('-').map(Number) as [number, number];
    const letters = (await deadLetters(redis)).sort((a, b) => {
      const [am, as] = entryOrder(a.entry);
      const [bm, bs] = entryOrder(b.entry);
      return am - bm || as - bs;
    });
    expect(letters.map((l) => [l.status, l.code])).toEqual([
      ['unreadable', 'unreadable'],
      ['unreadable', 'unreadable'],
      ['unreadable', 'unreadable'],
      ['invalid', 'invalid'],
    ]);
    expect(letters[0]!.reason).toMatch(/the "signal" field is not JSON/);
    expect(letters[0]!.raw).toBe('{"not json');
    expect(letters[1]!.reason).toBe('the entry has no "signal" field (its fields: "payload")');
    expect(letters[2]!.reason).toMatch(/not an object \(got an array\)/);
    expect(letters[3]!.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['signalContent.productId']));
    expect((letters[3]!.signal as { sessionId: string }).sessionId).toBe('S9000');
    // Every entry was acknowledged and removed: nothing unread, nothing pending.
    expect(await redis.xlen(keys.signals)).toBe(0);
    expect((await redis.xpending(keys.signals, 'connect-signals'))[0]).toBe(0);
  });

  it('dead-letters only the signal Connect rejects in a batch (bisected); the others are accepted once', async () => {
    const connect = await startFakeConnect((request) =>
      request.signals.some((s) => s.sessionId === 'S17')
        ? { status: 400, body: { errors: [{ message: 'Variable "$signals" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] } }
        : undefined,
    );
    try {
      await xaddSignals(redis, markedSignals(40).map((s) => JSON.stringify(s)));
      const report = await (await worker({}, { endpoint: connect.url, apiKey: 'k', batchSize: 40 })).done;
      expect(report).toMatchObject({ read: 40, accepted: 39, failed: 1, deadLetters: 1 });
      const imported = connect.imported.map((s) => s.sessionId);
      expect(new Set(imported).size).toBe(39);
      expect(imported).toHaveLength(39);
      const [letter] = await deadLetters(redis);
      expect(letter).toMatchObject({ status: 'failed', code: 'ERR_REJECTED', signal: { sessionId: 'S17' } });
      expect(connect.requests.length).toBeGreaterThan(2); // split
      expect(await redis.xlen(keys.signals)).toBe(0);
    } finally {
      await connect.close();
    }
  });

  it('Connect down longer than the retries: entries stay pending and are delivered on a later delivery once it is back', async () => {
    emulator.setFaults({ unavailableShare: 1 });
    await xaddSignals(redis, markedSignals(30).map((s) => JSON.stringify(s)));
    const w = await worker({ maxDeliveries: 50 }, { retry: { ...FAST_RETRY, attempts: 2 } });
    let failures = 0;
    w.on('failed', (e) => {
      expect(e.later).toBe(true);
      if (++failures === 30) emulator.setFaults({});
    });
    const report = await w.done;
    expect(report.failed).toBeGreaterThanOrEqual(30);
    expect(report.retriedLater).toBe(report.failed);
    expect(report.accepted).toBe(30);
    expect(report.claimed).toBeGreaterThanOrEqual(30);
    expect(report.deadLetters).toBe(0);
    expect(receivedMarkers(emulator).size).toBe(30);
    expect(await redis.xlen(keys.signals)).toBe(0);
  });

  it('Connect down for good: after maxDeliveries each entry is a dead letter max_deliveries with its signal; none is lost', async () => {
    emulator.setFaults({ unavailableShare: 1 });
    await xaddSignals(redis, markedSignals(30).map((s) => JSON.stringify(s)));
    const report = await (await worker({ maxDeliveries: 2 }, { retry: { ...FAST_RETRY, attempts: 2 } })).done;
    expect(report).toMatchObject({ accepted: 0, deadLetters: 30, retriedLater: 60, claimed: 60 });
    const letters = await deadLetters(redis);
    expect(letters).toHaveLength(30);
    expect(new Set(letters.map((l) => (l.signal as { sessionId: string }).sessionId)).size).toBe(30);
    expect(letters.every((l) => l.code === 'max_deliveries' && l.status === 'failed' && l.ambiguous === true)).toBe(true);
    expect(await redis.xlen(keys.signals)).toBe(0);
    expect((await redis.xpending(keys.signals, 'connect-signals'))[0]).toBe(0);
  });

  it('an entry delivered more than maxDeliveries times to consumers that died is a dead letter max_deliveries: with its signal, or its text when it is not one', async () => {
    const [signal] = markedSignals(1);
    const [notJson] = await xaddSignals(redis, ['{"not json']);
    const [valid] = await xaddSignals(redis, [JSON.stringify(signal)]);
    await redis.xgroup('CREATE', keys.signals, 'connect-signals', '0');
    await redis.xreadgroup('GROUP', 'connect-signals', 'died-1', 'COUNT', 10, 'STREAMS', keys.signals, '>');
    await redis.xclaim(keys.signals, 'connect-signals', 'died-2', 0, notJson!, valid!);
    await new Promise((r) => setTimeout(r, 350)); // idle longer than claimIdleMs (300)

    const report = await (await worker({ maxDeliveries: 2 })).done;

    expect(report).toMatchObject({ read: 2, claimed: 2, accepted: 0, deadLetters: 2 });
    const letters = await deadLetters(redis);
    expect(letters.map((l) => [l.entry, l.code])).toEqual([[notJson, 'max_deliveries'], [valid, 'max_deliveries']]);
    expect(letters[0]!.raw).toBe('{"not json');
    expect((letters[1]!.signal as { sessionId: string }).sessionId).toBe('S0');
    expect(emulator.signals()).toHaveLength(0);
  });

  it('on a quiet stream sends each entry at once: a partial batch does not wait for more (flushIntervalMs 0 by default)', async () => {
    const connect = await startFakeConnect();
    const w = await worker({ untilEmpty: false, blockMs: 50 }, { endpoint: connect.url });
    try {
      // Three entries 120 ms apart: with a partial batch held for 200 ms (the old default) the first two went as one request.
      for (const signal of markedSignals(3)) {
        await redis.xadd(keys.signals, '*', 'signal', JSON.stringify(signal));
        await new Promise((r) => setTimeout(r, 120));
      }
      await waitFor(() => connect.imported.length === 3, 'three signals');
      expect(connect.requests.map((r) => r.signals.length)).toEqual([1, 1, 1]);
    } finally {
      await w.stop();
      await connect.close();
    }
  });

  it('stop() stops reading, finishes what is in flight and acknowledges it', async () => {
    emulator.setFaults({ latencyMs: 150 });
    await xaddSignals(redis, markedSignals(400).map((s) => JSON.stringify(s)));
    const w = await worker({ untilEmpty: false }, { concurrency: 2 });
    await new Promise<void>((resolve) => w.on('accepted', () => resolve()));
    const report = await w.stop();
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.accepted).toBeLessThan(400);
    expect(report.failed).toBe(0);
    // What it read was delivered and acknowledged; the rest is still in the stream, unread.
    expect(report.read).toBe(report.accepted);
    expect(await redis.xlen(keys.signals)).toBe(400 - report.accepted);
    expect((await redis.xpending(keys.signals, 'connect-signals'))[0]).toBe(0);
  });

  it('/healthz answers 200 while the worker reads and 503 once it has stopped; /metrics counts what it did', async () => {
    await xaddSignals(redis, markedSignals(10).map((s) => JSON.stringify(s)));
    const w = await worker({ untilEmpty: false });
    const metrics = await serveMetrics(w, 0);
    try {
      await new Promise<void>((resolve) => {
        let n = 0;
        w.on('accepted', () => ++n === 10 && resolve());
      });
      expect((await fetch(`${metrics.url}/healthz`)).status).toBe(200);
      await w.stop();
      expect((await fetch(`${metrics.url}/healthz`)).status).toBe(503);
      const text = await (await fetch(`${metrics.url}/metrics`)).text();
      expect(text).toContain('connect_signals_worker_signals_total{outcome="accepted",type="addToCart"} 10');
      expect(text).toContain('connect_signals_worker_entries_read_total{claimed="false"} 10');
      expect(text).toContain('connect_signals_worker_reading 0');
      expect((await fetch(`${metrics.url}/nothing`)).status).toBe(404);
    } finally {
      await metrics.close();
    }
  });

  it('keeps the API key out of every Redis key and value, the shared rate limit included', async () => {
    await xaddSignals(redis, [...markedSignals(20).map((s) => JSON.stringify(s)), '{"bad']);
    emulator.setFaults({ unavailableShare: 0.5 });
    // 20 signals/s in windows of one batch (50): the first request's window lasts 2.5 s, so its key is still there.
    await (await worker({ rate: { signalsPerSecond: 20 }, maxDeliveries: 1 }, { retry: { ...FAST_RETRY, attempts: 1 } })).done;
    const dump = await dumpRedis(redis);
    expect(dump).toContain(':rate:'); // the limiter's key was there to be looked at
    expect(dump).toContain('"letter"');
    expect(dump).not.toContain(emulator.apiKey);
  });
});
