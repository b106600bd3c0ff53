/**
 * Contract tests: the client against the emulator, over real HTTP on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { SIGNAL_TYPES } from '../generated/signal-meta.js';
import { referenceExamples } from './fixtures/reference-examples.js';
import { expectAccounted, FAST_RETRY, markedSignals } from './helpers/accounting.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ contacts: [{ contactKey: 'AAUN-132417508', email: 'jane.doe@example.com' }] });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.reset();
  emulator.addContacts([{ contactKey: 'AAUN-132417508', email: 'jane.doe@example.com' }]);
});

const client = (options: Parameters<typeof createSignalsClient>[0] = {}) =>
  createSignalsClient({ endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, retry: FAST_RETRY, ...options });

describe('client against the emulator', () => {
  it('delivers one signal of every type, each with the id the emulator stored', async () => {
    const report = await client().send(Object.values(referenceExamples));
    expectAccounted(report, 11);
    expect(report.accepted).toBe(11);
    expect(Object.keys(report.byType).sort()).toEqual([...SIGNAL_TYPES].sort());
    const stored = new Set(emulator.signals({ status: 'accepted' }).map((s) => s.signalId));
    for (const o of report.outcomes) expect(o.status === 'accepted' && stored.has(o.id)).toBe(true);
  });

  it('sends 1,234 signals in exactly 3 requests (500, 500, 234)', async () => {
    const report = await client().send(markedSignals(1234));
    expectAccounted(report, 1234);
    expect(report).toMatchObject({ accepted: 1234, batches: 3, requests: 3 });
    expect(emulator.stats().mutations).toBe(3);
    expect(emulator.signals({ status: 'accepted', limit: 10_000 }).length).toBe(1234);
  });

  it('mixed valid and invalid: only valid ones are sent, invalid ones reported with the field', async () => {
    const signals = [
      ...markedSignals(5),
      { ...referenceExamples.addToCart, signalContent: { ...referenceExamples.addToCart.signalContent, currency: undefined } },
      { ...referenceExamples.order, identifiableAttributes: { email: 'a@example.com', sms: '+14035550000' } },
      'not a signal',
    ];
    const report = await client().send(signals);
    expectAccounted(report, 8);
    expect(report).toMatchObject({ accepted: 5, invalid: 3, failed: 0 });
    const invalid = report.outcomes.filter((o) => o.status === 'invalid');
    expect(invalid.map((o) => o.index)).toEqual([5, 6, 7]);
    expect(invalid[0]).toMatchObject({ errors: [{ path: 'signalContent.currency', code: 'required' }] });
    expect(emulator.signals({ limit: 10_000 }).length).toBe(5);
  });

  it('tier pro: types Pro cannot import are invalid before sending; the emulator gets only the others', async () => {
    const report = await client({ tier: 'pro' }).send(Object.values(referenceExamples));
    expectAccounted(report, 11);
    expect(report).toMatchObject({ accepted: 3, invalid: 8 });
    expect(emulator.signals().map((s) => s.signalType).sort()).toEqual(['addToCart', 'identification', 'order']);
  });

  it('a tier mismatch the client does not know of shows as fewer ids, reported, not guessed', async () => {
    const pro = await startEmulator({ tier: 'pro' });
    try {
      const c = createSignalsClient({ endpoint: pro.graphqlUrl, apiKey: pro.apiKey });
      const report = await c.send([referenceExamples.addToCart, referenceExamples.pageView]);
      expectAccounted(report, 2);
      expect(report).toMatchObject({ failed: 2, idMismatches: [{ batch: 1, sent: 2, received: 1 }] });
    } finally {
      await pro.stop();
    }
  });

  it('test: true signals are accepted and stored as test signals', async () => {
    const report = await client().send([{ ...referenceExamples.addToCart, test: true }]);
    expect(report.accepted).toBe(1);
    expect(emulator.signals()[0]).toMatchObject({ test: true, status: 'accepted' });
  });

  it('appKey fills in signals that lack one', async () => {
    const { appKey: _drop, ...noKey } = referenceExamples.addToCart;
    const report = await client({ appKey: 'my-app' }).send([noKey]);
    expect(report.accepted).toBe(1);
    expect((emulator.signals()[0]!.signal as { appKey: string }).appKey).toBe('my-app');
  });

  it('survives the emulator\'s faults (503s, 429s, dropped connections) without losing a signal', async () => {
    emulator.setFaults({ unavailableShare: 0.25, dropShare: 0.2, rateLimit: { requests: 3, windowMs: 50 } });
    // Generous attempts and time-out: on a loaded machine a batch can meet several faults in a row.
    const report = await client({ batchSize: 50, retry: { ...FAST_RETRY, attempts: 25 }, timeoutMs: 10_000 }).send(markedSignals(600));
    expectAccounted(report, 600);
    expect(report.accepted).toBe(600);
    // Dropped before processing: nothing is stored twice.
    const stored = emulator.signals({ limit: 10_000 }).map((s) => (s.signal as { sessionId: string }).sessionId);
    expect(new Set(stored).size).toBe(600);
    expect(report.retries).toBeGreaterThan(0);
  });

  it('a dropped answer after processing is retried as ambiguous, and the report counts it', async () => {
    emulator.setFaults({ dropShare: 1, dropAfterProcessing: true });
    const c = client({ retry: { ...FAST_RETRY, attempts: 2 }, timeoutMs: 2000 });
    const report = await c.send(markedSignals(3));
    expectAccounted(report, 3);
    expect(report).toMatchObject({ failed: 3, ambiguousRetries: 1, ambiguousFailures: 3 });
    // Processed twice, as the report warned.
    expect(emulator.signals().length).toBe(6);
  });
});
