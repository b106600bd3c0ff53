/**
 * App mode: enqueue, automatic flushes (size and interval), flush(), close()
 * with a deadline, and typed events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import { ClientClosedError } from '../src/client/errors.js';
import type { SignalOutcome } from '../src/client/report.js';
import { startFakeConnect, type FakeConnect } from './helpers/fake-connect.js';
import { expectAccounted, FAST_RETRY, markedSignals } from './helpers/accounting.js';

let fake: FakeConnect | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('app mode', () => {
  it('sends a batch as soon as batchSize signals are queued, the rest on flush()', async () => {
    fake = await startFakeConnect();
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k', batchSize: 10, flushIntervalMs: 60_000 });
    const drained: number[] = [];
    client.on('drained', ({ report }) => drained.push(report.accepted));
    for (const s of markedSignals(25)) client.enqueue(s);
    const report = await client.flush();
    expectAccounted(report, 25);
    expect(report).toMatchObject({ accepted: 25, batches: 3 });
    expect(fake.requests.map((r) => r.signals.length).sort()).toEqual([10, 10, 5]);
    expect(drained).toEqual([25]);
    await client.close();
  });

  it('sends a partial batch after flushIntervalMs', async () => {
    fake = await startFakeConnect();
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k', flushIntervalMs: 20 });
    const accepted = new Promise<SignalOutcome>((resolve) => client.on('outcome', resolve));
    client.enqueue(markedSignals(1)[0]);
    expect((await accepted).status).toBe('accepted');
    expect(fake.requests).toHaveLength(1);
    await client.close();
  });

  it('an invalid signal settles at once as invalid; enqueue never throws for it', async () => {
    fake = await startFakeConnect();
    const outcomes: SignalOutcome[] = [];
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k', on: { outcome: (o) => outcomes.push(o) } });
    client.enqueue({ nope: true });
    expect(outcomes).toMatchObject([{ status: 'invalid', index: 0 }]);
    const report = await client.close();
    expect(report).toMatchObject({ total: 1, invalid: 1, accepted: 0 });
  });

  it('close() sends what is queued, then refuses more signals', async () => {
    fake = await startFakeConnect();
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k', flushIntervalMs: 60_000 });
    for (const s of markedSignals(3)) client.enqueue(s);
    const report = await client.close({ timeoutMs: 5000 });
    expect(report).toMatchObject({ accepted: 3, aborted: false });
    expect(() => client.enqueue(markedSignals(1)[0])).toThrow(ClientClosedError);
  });

  it('close() at its deadline aborts what is in flight and reports it failed (ambiguous), nothing lost', async () => {
    fake = await startFakeConnect(() => 'hang');
    const failures: string[] = [];
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k', retry: FAST_RETRY, on: { failure: (e) => failures.push(e.reason.code) } });
    for (const s of markedSignals(4)) client.enqueue(s);
    const report = await client.close({ timeoutMs: 100 });
    expectAccounted(report, 4);
    expect(report).toMatchObject({ failed: 4, aborted: true, ambiguousFailures: 4 });
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', reason: { code: 'ERR_ABORTED' }, ambiguous: true });
    expect(failures).toEqual(['ERR_ABORTED']);
  });

  it('close() also aborts a running send() at the deadline', async () => {
    fake = await startFakeConnect(() => 'hang');
    const client = createSignalsClient({ endpoint: fake.url, apiKey: 'k' });
    const sending = client.send(markedSignals(2));
    await new Promise((r) => setTimeout(r, 20));
    await client.close({ timeoutMs: 50 });
    const report = await sending;
    expectAccounted(report, 2);
    expect(report).toMatchObject({ failed: 2, aborted: true });
  });

  it('emits batch, retry and failure events with typed payloads', async () => {
    fake = await startFakeConnect((r) => (r.n === 1 ? { status: 503 } : r.n === 2 ? undefined : { status: 401 }));
    const events: string[] = [];
    const client = createSignalsClient({
      endpoint: fake.url,
      apiKey: 'k',
      batchSize: 2,
      concurrency: 1,
      retry: FAST_RETRY,
      on: {
        batch: (e) => events.push(`batch ${e.batch} size ${e.size} attempts ${e.attempts}`),
        retry: (e) => events.push(`retry ${e.batch} after attempt ${e.attempt}: ${e.reason.code}`),
        failure: (e) => events.push(`failure ${e.batch}: ${e.reason.message}`),
      },
    });
    const report = await client.send(markedSignals(4));
    expectAccounted(report, 4);
    expect(events).toEqual(['retry 1 after attempt 1: ERR_HTTP', 'batch 1 size 2 attempts 2', 'failure 2: HTTP 401: Unauthorized']);
  });
});
