/**
 * The matchers wait with real time, so a suite's fake timers (vi.useFakeTimers)
 * do not stop them: a signal that arrives 300 ms after the assertion started
 * still passes it, and one that never arrives fails after the real timeout.
 */
import '../src/testing/vitest.js';
import { setTimeout as realDelay } from 'node:timers/promises';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectMock } from '../src/testing/index.js';
import { pageViewExample } from './fixtures/reference-examples.js';

const MUTATION = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const mock = createConnectMock({ contacts: [{ contactKey: 'AAUN-132417508' }] });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const send = () => fetch('https://connect-gql-us-1.goacoustic.com', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: MUTATION, variables: { signals: [pageViewExample] } }),
});

describe('matchers under fake timers', () => {
  it('wait for a signal that arrives 300 ms (real time) after the assertion started', async () => {
    const late = realDelay(300).then(send);
    await expect(mock).toHaveReceivedSignal('pageView', { url: pageViewExample.signalContent.url });
    await late;
  });

  it('fail after the timeout, in real time, when nothing arrives', async () => {
    await expect(expect(mock).toHaveReceivedSignal('pageView', {}, { timeout: 100 })).rejects.toThrow(/No "pageView" signal was accepted/);
  });
});
