/**
 * The client's `limiter` option: a rate limit kept outside the client (the
 * queue's workers share one through Redis), waited for before every request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import { ClientOptionsError } from '../src/client/errors.js';
import type { RequestLimiter } from '../src/client/options.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { startFakeConnect, type FakeConnect } from './helpers/fake-connect.js';

describe('the client limiter hook', () => {
  let connect: FakeConnect;
  beforeAll(async () => {
    connect = await startFakeConnect();
  });
  afterAll(() => connect.close());
  beforeEach(() => {
    connect.requests.length = 0;
    connect.script = () => undefined;
  });

  it('is awaited before every request, retries included, with the request\'s signal count', async () => {
    const calls: number[] = [];
    let requestsWhenCalled: number[] = [];
    const limiter: RequestLimiter = {
      async acquire(signals) {
        calls.push(signals);
        requestsWhenCalled.push(connect.requests.length);
        await new Promise((r) => setTimeout(r, 5));
      },
    };
    connect.script = (request) => (request.n === 1 ? { status: 503, body: {} } : undefined);
    requestsWhenCalled = [];
    const client = createSignalsClient({ endpoint: connect.url, apiKey: 'k', batchSize: 100, concurrency: 1, retry: FAST_RETRY, limiter });
    const report = await client.send(markedSignals(250));
    expect(report.accepted).toBe(250);
    // 3 batches (100, 100, 50) and one retry of the first.
    expect(calls).toEqual([100, 100, 100, 50]);
    expect(requestsWhenCalled).toEqual([0, 1, 2, 3]);
  });

  it('a limiter that fails does not fail the request (a warning says why)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const client = createSignalsClient({ endpoint: connect.url, apiKey: 'k', limiter: { acquire: () => Promise.reject(new Error('store down')) } });
      const report = await client.send(markedSignals(3));
      expect(report.accepted).toBe(3);
      await new Promise((r) => setImmediate(r));
      expect(warnings.some((w) => w.includes('store down'))).toBe(true);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses a limiter without acquire()', () => {
    expect(() => createSignalsClient({ endpoint: connect.url, apiKey: 'k', limiter: {} as RequestLimiter })).toThrow(ClientOptionsError);
  });
});
