/**
 * The retry table: one labelled case per branch of the retry policy, against a
 * real HTTP server on 127.0.0.1. Every case also checks the accounting
 * (accepted + invalid + failed = input) and that nothing was imported twice
 * except after a counted ambiguous retry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { createSignalsClient } from '../src/client/client.js';
import type { SignalsClientEvents } from '../src/client/events.js';
import type { FailedOutcome, SendReport } from '../src/client/report.js';
import { idsFor, startFakeConnect, type FakeConnect, type Script } from './helpers/fake-connect.js';
import { expectAccounted, expectNoUncountedDuplicates, FAST_RETRY, markedSignals } from './helpers/accounting.js';

let fake: FakeConnect | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface Run {
  report: SendReport;
  fake: FakeConnect;
  retries: Array<SignalsClientEvents['retry']>;
  failed: FailedOutcome[];
}

/** Sends `count` signals in batches of `batchSize` to a server answering by `script`. */
async function run(script: Script, count = 3, options: { batchSize?: number; timeoutMs?: number; attempts?: number } = {}): Promise<Run> {
  fake = await startFakeConnect(script);
  const retries: Run['retries'] = [];
  const client = createSignalsClient({
    endpoint: fake.url,
    apiKey: 'test-key',
    batchSize: options.batchSize ?? 500,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { ...FAST_RETRY, ...(options.attempts === undefined ? {} : { attempts: options.attempts }) },
    on: { retry: (e) => retries.push(e) },
  });
  const report = await client.send(markedSignals(count));
  expectAccounted(report, count);
  expectNoUncountedDuplicates(report, fake);
  const failed = report.outcomes.filter((o): o is FailedOutcome => o.status === 'failed');
  return { report, fake, retries, failed };
}

/** Fails the first `n` requests with `answer`, then answers normally. */
function firstFail(n: number, answer: ReturnType<Script>): Script {
  return (request) => (request.n <= n ? answer : undefined);
}

describe('retry table', () => {
  it('503: retried with backoff, then accepted', async () => {
    const { report, retries } = await run(firstFail(1, { status: 503, body: 'Service Unavailable' }));
    expect(report).toMatchObject({ accepted: 3, failed: 0, requests: 2, retries: 1, ambiguousRetries: 0 });
    expect(retries[0]).toMatchObject({ attempt: 1, ambiguous: false, reason: { code: 'ERR_HTTP', status: 503 } });
  });

  it('429 with Retry-After: waits what the server says, capped by maxRetryAfterMs', async () => {
    const { report, retries } = await run(firstFail(1, { status: 429, headers: { 'retry-after': '7' }, body: { errors: [{ message: 'slow down' }] } }));
    expect(report).toMatchObject({ accepted: 3, requests: 2, retries: 1, ambiguousRetries: 0 });
    // 7 s asked, capped to the 20 ms of FAST_RETRY.maxRetryAfterMs.
    expect(retries[0]).toMatchObject({ delayMs: 20, reason: { status: 429, retryAfterMs: 7000 } });
  });

  it('429 with Retry-After of 0: retried at once', async () => {
    const { retries, report } = await run(firstFail(1, { status: 429, headers: { 'retry-after': '0' } }));
    expect(retries[0]?.delayMs).toBe(0);
    expect(report.accepted).toBe(3);
  });

  it('429 without Retry-After: exponential backoff', async () => {
    const { report, retries } = await run(firstFail(2, { status: 429 }));
    expect(report).toMatchObject({ accepted: 3, requests: 3, retries: 2 });
    expect(retries.map((r) => r.reason.code)).toEqual(['ERR_HTTP', 'ERR_HTTP']);
    for (const r of retries) expect(r.delayMs).toBeLessThanOrEqual(FAST_RETRY.maxDelayMs);
  });

  it('connection reset after the request was sent: retried, counted ambiguous', async () => {
    const { report, retries } = await run(firstFail(1, 'reset'));
    expect(report).toMatchObject({ accepted: 3, requests: 2, retries: 1, ambiguousRetries: 1 });
    expect(retries[0]).toMatchObject({ ambiguous: true, reason: { code: 'ERR_NETWORK' } });
  });

  it('time-out: retried, counted ambiguous', async () => {
    const { report, retries } = await run(firstFail(1, 'hang'), 3, { timeoutMs: 150 });
    expect(report).toMatchObject({ accepted: 3, requests: 2, retries: 1, ambiguousRetries: 1 });
    expect(retries[0]).toMatchObject({ ambiguous: true, reason: { code: 'ERR_TIMEOUT' } });
  });

  it('connection refused: retried, not ambiguous (nothing reached the server), failed when attempts run out', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const client = createSignalsClient({ endpoint: `http://127.0.0.1:${port}/`, apiKey: 'k', retry: { ...FAST_RETRY, attempts: 2 } });
    const report = await client.send(markedSignals(2));
    expectAccounted(report, 2);
    expect(report).toMatchObject({ failed: 2, requests: 2, retries: 1, ambiguousRetries: 0, ambiguousFailures: 0 });
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', attempts: 2, ambiguous: false, reason: { code: 'ERR_NETWORK', errno: 'ECONNREFUSED' } });
  });

  it('400 on a single signal: never retried, the signal is failed as rejected with the server\'s message', async () => {
    const { report, failed } = await run(() => ({ status: 400, body: { errors: [{ message: 'appKey is unknown' }] } }), 1);
    expect(report).toMatchObject({ failed: 1, requests: 1, retries: 0, splits: 0 });
    expect(failed[0]).toMatchObject({ attempts: 1, ambiguous: false, reason: { code: 'ERR_REJECTED' } });
    expect(failed[0]!.reason.message).toBe('Connect rejected this signal: HTTP 400: appKey is unknown');
  });

  it('401: never retried nor split, every signal failed with the status', async () => {
    const { report, failed } = await run(() => ({ status: 401, body: { errors: [{ message: 'invalid api key' }] } }), 3);
    expect(report).toMatchObject({ failed: 3, requests: 1, retries: 0, splits: 0 });
    expect(failed.map((f) => f.reason.code)).toEqual(['ERR_HTTP', 'ERR_HTTP', 'ERR_HTTP']);
  });

  it('401/403: the key is refused, so later batches fail at once without a request (attempts 0)', async () => {
    for (const status of [401, 403]) {
      // 10 batches, at most 4 in flight (the default concurrency) before the first refusal comes back.
      const { report, failed } = await run(() => ({ status, body: { errors: [{ message: 'invalid api key' }] } }), 20, { batchSize: 2 });
      expect(report).toMatchObject({ total: 20, failed: 20, batches: 10, retries: 0 });
      expect(report.requests).toBeLessThanOrEqual(4);
      expect(failed.every((f) => f.reason.code === 'ERR_HTTP' && (f.reason as { status?: number }).status === status)).toBe(true);
      expect(failed.filter((f) => f.attempts === 0)).toHaveLength(20 - 2 * report.requests);
    }
  });

  it('501: never retried', async () => {
    const { report } = await run(() => ({ status: 501 }), 2);
    expect(report).toMatchObject({ failed: 2, requests: 1, retries: 0 });
  });

  it('GraphQL error with HTTP 200: an unknown error, never retried nor split', async () => {
    const { report, failed } = await run(() => ({ body: { data: { createSignals: null }, errors: [{ message: 'Internal failure' }] } }), 3);
    expect(report).toMatchObject({ failed: 3, requests: 1, retries: 0, splits: 0 });
    expect(failed[0]!.reason).toMatchObject({ code: 'ERR_GRAPHQL', message: 'GraphQL error: Internal failure' });
  });

  it('whole-batch rejection: split in halves until the bad signals stand alone; the others get through once', async () => {
    const bad = new Set(['S2', 'S5']);
    const script: Script = (request) =>
      request.signals.some((s) => bad.has(s.sessionId as string))
        ? { status: 400, body: { errors: [{ message: 'Variable "$signals" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] } }
        : idsFor(request);
    const { report, failed, fake: server } = await run(script, 8);
    expect(report).toMatchObject({ accepted: 6, failed: 2, retries: 0 });
    expect(report.splits).toBeGreaterThan(0);
    expect(failed.map((f) => (f.input as { sessionId: string }).sessionId).sort()).toEqual(['S2', 'S5']);
    expect(failed[0]!.reason.code).toBe('ERR_REJECTED');
    expect(server.imported.map((s) => s.sessionId).sort()).toEqual(['S0', 'S1', 'S3', 'S4', 'S6', 'S7']);
  });

  it('GraphQL validation error with HTTP 200 (BAD_USER_INPUT): split like a 400', async () => {
    const script: Script = (request) =>
      request.signals.some((s) => s.sessionId === 'S1')
        ? { body: { data: null, errors: [{ message: 'bad signal', extensions: { code: 'BAD_USER_INPUT' } }] } }
        : idsFor(request);
    const { report, failed } = await run(script, 4);
    expect(report).toMatchObject({ accepted: 3, failed: 1 });
    expect((failed[0]!.input as { sessionId: string }).sessionId).toBe('S1');
  });

  it('fewer ids than signals: the batch is failed and flagged, not retried, not guessed', async () => {
    const { report, failed } = await run((request) => idsFor(request, request.signals.length - 1), 4);
    expect(report).toMatchObject({ accepted: 0, failed: 4, requests: 1, retries: 0, ambiguousFailures: 4 });
    expect(report.idMismatches).toEqual([{ batch: 1, sent: 4, received: 3 }]);
    expect(failed[0]).toMatchObject({ ambiguous: true, reason: { code: 'ERR_MISSING_IDS', sent: 4, received: 3 } });
  });

  it('retries exhausted: failed with the last reason and the number of attempts', async () => {
    const { report, failed } = await run(() => ({ status: 503 }), 2, { attempts: 3 });
    expect(report).toMatchObject({ failed: 2, requests: 3, retries: 2 });
    expect(failed[0]).toMatchObject({ attempts: 3, ambiguous: false, reason: { code: 'ERR_HTTP', status: 503 } });
  });

  it('502 is retried but counted ambiguous (a gateway may have forwarded the request)', async () => {
    const { report } = await run(firstFail(1, { status: 502 }));
    expect(report).toMatchObject({ accepted: 3, retries: 1, ambiguousRetries: 1 });
  });

  it('a 2xx that is not a GraphQL answer: never retried', async () => {
    const { report, failed } = await run(() => ({ body: 'ok' }), 2);
    expect(report).toMatchObject({ failed: 2, requests: 1, retries: 0 });
    expect(failed[0]!.reason.code).toBe('ERR_BAD_RESPONSE');
  });
});
