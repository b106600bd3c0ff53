/**
 * The matchers of `connect-signals/testing` against each receiver: the
 * emulator in-process (startEmulator), an emulator started as a separate
 * process by the CLI and read with connectTo, and the MSW mock. Each matcher,
 * its `.not`, a signal that arrives 300 ms after the assertion started, and
 * the failure messages.
 */
import '../src/testing/vitest.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTo, createConnectMock, startEmulator, type ContactSeed } from '../src/testing/index.js';
import { orderExample, pageViewExample } from './fixtures/reference-examples.js';

const KEY = 'testkit-key';
const CONTACTS: ContactSeed[] = [{ contactKey: 'AAUN-132417508', email: 'jane.doe@example.com' }];
const root = fileURLToPath(new URL('..', import.meta.url));
const MUTATION = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';

/** One receiver under test: where to send, what to give expect(), how to start clean. */
interface Rig {
  readonly receiver: unknown;
  readonly endpoint: string;
  reset(): Promise<void>;
  /** Adds latency to every GraphQL answer (for the in-flight tests), where the receiver has faults. */
  setLatency?(ms: number): Promise<void>;
  stop(): Promise<void>;
}

async function inProcess(): Promise<Rig> {
  const emulator = await startEmulator({ apiKey: KEY, contacts: CONTACTS });
  return {
    receiver: emulator,
    endpoint: emulator.url,
    reset: async () => {
      emulator.reset();
      emulator.addContacts(CONTACTS);
    },
    setLatency: async (ms) => emulator.setFaults({ latencyMs: ms }),
    stop: () => emulator.stop(),
  };
}

async function separateProcess(): Promise<Rig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'testkit-'));
  const contacts = path.join(dir, 'contacts.json');
  writeFileSync(contacts, JSON.stringify(CONTACTS));
  const child: ChildProcess = spawn(process.execPath, ['bin/connect-signals.js', 'emulator', '--port', '0', '--api-key', KEY, '--contacts', contacts], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  while (!/listening on http:\/\/\S+/.test(out)) await once(child.stdout!, 'data');
  const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  const remote = connectTo(url, { apiKey: KEY });
  return {
    receiver: remote,
    endpoint: url,
    reset: async () => {
      await remote.reset();
      await remote.addContacts(CONTACTS);
    },
    setLatency: async (ms) => {
      const r = await fetch(`${url}/_emulator/faults`, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify({ latencyMs: ms }) });
      expect(r.status).toBe(200);
    },
    stop: async () => {
      child.kill('SIGINT');
      if (child.exitCode === null) await once(child, 'exit');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function mswMock(): Promise<Rig> {
  const mock = createConnectMock({ apiKey: KEY, contacts: CONTACTS });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    receiver: mock,
    endpoint: 'https://connect-gql-us-1.goacoustic.com',
    reset: async () => mock.reset(),
    stop: async () => server.close(),
  };
}

async function send(endpoint: string, signals: unknown[]): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY },
    body: JSON.stringify({ query: MUTATION, variables: { signals } }),
  });
}

const order = (content: Record<string, unknown> = {}, attrs: Record<string, unknown> = { contactKey: 'AAUN-132417508' }) => ({
  ...orderExample,
  identifiableAttributes: attrs,
  signalContent: { ...orderExample.signalContent, ...content },
});

/** The message of the assertion `run` makes fail. */
async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return stripAnsi((error as Error).message);
  }
  throw new Error('the assertion passed');
}

const rigs: Array<[string, () => Promise<Rig>]> = [
  ['the emulator in-process (startEmulator)', inProcess],
  ['an emulator in a separate process (CLI), through connectTo', separateProcess],
  ['the MSW mock (createConnectMock)', mswMock],
];

describe.each(rigs)('matchers against %s', (_name, start) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await start();
  });
  afterAll(() => rig.stop());
  beforeEach(() => rig.reset());

  describe('toHaveReceivedSignal', () => {
    it('passes for an accepted signal whose content contains the partial, with contact, session and asymmetric matchers', async () => {
      expect((await send(rig.endpoint, [order({ orderId: 'A-1', orderValue: 42 })])).status).toBe(200);
      await expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'A-1', orderValue: expect.any(Number) });
      await expect(rig.receiver).toHaveReceivedSignal('order', { orderId: expect.stringContaining('A-'), orderedItems: [expect.objectContaining({ productId: 'AC-PNT-WHT-SM' }), expect.anything()] }, {
        contact: { contactKey: 'AAUN-132417508' },
        sessionId: 'SESS-789456123AB',
        test: false,
      });
      await expect(rig.receiver).toHaveReceivedSignal('order');
    });

    it('waits for a signal that arrives 300 ms after the assertion started', async () => {
      const late = new Promise((resolve) => setTimeout(resolve, 300)).then(() => send(rig.endpoint, [order({ orderId: 'LATE' })]));
      await expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'LATE' });
      await late;
    });

    it('fails after its timeout when the signal comes later than that', async () => {
      const late = new Promise((resolve) => setTimeout(resolve, 300)).then(() => send(rig.endpoint, [order({ orderId: 'LATE' })]));
      const message = await failure(() => expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'LATE' }, { timeout: 50 }));
      expect(message).toContain('No "order" signal was accepted');
      await late;
    });

    it('fails with the closest signals of the type, closest first, each naming the differing field and value with a diff', async () => {
      await send(rig.endpoint, [order({ orderId: 'A-1', orderValue: 42, currency: 'EUR' }), order({ orderId: 'A-2', orderValue: 42 }), pageViewExample]);
      const message = await failure(() => expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'A-2', orderValue: 99 }, { timeout: 50 }));
      expect(message).toContain('Expected: an accepted "order" signal within 50 ms, matching');
      expect(message).toContain('The closest of the 2 accepted "order" signals (up to 3, closest first):');
      const first = message.indexOf('differs at signalContent.orderValue: expected 99, received 42\n');
      const second = message.indexOf('differs at signalContent.orderId: expected "A-2", received "A-1"; signalContent.orderValue: expected 99, received 42');
      expect(first).toBeGreaterThan(0);
      expect(second).toBeGreaterThan(first);
      expect(message).toMatch(/-\s+"orderValue": 99,/);
      expect(message).toMatch(/\+\s+"orderValue": 42,/);
      expect(message).not.toContain('"currency"'); // the diff shows only the fields asked for
    });

    it('when no signal of the type arrived, fails with the counts of the types that did', async () => {
      await send(rig.endpoint, [pageViewExample, pageViewExample]);
      const message = await failure(() => expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'A-1' }, { timeout: 50 }));
      expect(message).toContain('No "order" signal was accepted.\nAccepted signals by type: pageView 2.');
    });

    it('names a discarded signal of the type when none was accepted', async () => {
      await send(rig.endpoint, [order({ orderId: undefined })]);
      const message = await failure(() => expect(rig.receiver).toHaveReceivedSignal('order', {}, { timeout: 50 }));
      expect(message).toMatch(/1 "order" signal\(s\) were discarded; the first: invalid \(.*orderId/);
    });

    it('does not count a discarded signal, nor one to another contact', async () => {
      await send(rig.endpoint, [order({ orderId: 'A-1' }, { contactKey: 'UNKNOWN' }), order({ orderId: 'A-2' }, { email: 'someone@example.com' })]);
      await expect(rig.receiver).not.toHaveReceivedSignal('order', { orderId: 'A-1' });
      await expect(rig.receiver).not.toHaveReceivedSignal('order', { orderId: 'A-2' }, { contact: { contactKey: 'AAUN-132417508' } });
      await expect(rig.receiver).toHaveReceivedSignal('order', { orderId: 'A-2' }, { contact: { email: 'someone@example.com' } });
    });
  });

  describe('.not', () => {
    it('passes at once when nothing matching arrived, without waiting out the timeout', async () => {
      await send(rig.endpoint, [order({ orderId: 'A-1' })]);
      // Each timeout is longer than the test's own (30 s, vitest.config.ts): waiting one out would fail the test.
      await expect(rig.receiver).not.toHaveReceivedSignal('order', { orderId: 'B-2' }, { timeout: 60_000 });
      await expect(rig.receiver).not.toHaveDiscardedSignal('order', {}, { timeout: 60_000 });
      await expect(rig.receiver).not.toHaveReceivedSignals(2, { timeout: 60_000 });
    });

    it('fails naming the signal that matched', async () => {
      await send(rig.endpoint, [order({ orderId: 'A-1' })]);
      const message = await failure(() => expect(rig.receiver).not.toHaveReceivedSignal('order', { orderId: 'A-1' }));
      expect(message).toContain('Expected: no accepted "order" signal matching');
      expect(message).toMatch(/Received one: signalId [0-9a-f-]{36}, contact contact-1, mutation 1/);
    });

    it('judges after the requests the receiver already has are answered', async (context) => {
      if (rig.setLatency === undefined) return context.skip(); // the mock answers within the request
      await rig.setLatency(300);
      const sent = send(rig.endpoint, [order({ orderId: 'SLOW' })]);
      // Wait until the receiver has the request (it is then in flight for 300 ms).
      const inFlight = () => (rig.receiver as { inFlight(): number | Promise<number> }).inFlight();
      while ((await inFlight()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const message = await failure(() => expect(rig.receiver).not.toHaveReceivedSignal('order', { orderId: 'SLOW' }));
      expect(message).toContain('Received one:');
      await sent;
    });
  });

  describe('toHaveDiscardedSignal', () => {
    it('passes for a signal discarded at the mutation (invalid) or at contact mapping, with the reason code', async () => {
      await send(rig.endpoint, [order({ orderId: undefined, name: 'no id' }), order({ orderId: 'A-9' }, { contactKey: 'UNKNOWN' })]);
      await expect(rig.receiver).toHaveDiscardedSignal('order', { name: 'no id' }, { reason: 'invalid' });
      await expect(rig.receiver).toHaveDiscardedSignal('order', { orderId: 'A-9' }, { reason: 'unknown_contact_key', contact: { contactKey: 'UNKNOWN' } });
      await expect(rig.receiver).not.toHaveDiscardedSignal('order', { orderId: 'A-9' }, { reason: 'invalid' });
    });

    it('fails naming the reason that differs', async () => {
      await send(rig.endpoint, [order({ orderId: 'A-9' }, { contactKey: 'UNKNOWN' })]);
      const message = await failure(() => expect(rig.receiver).toHaveDiscardedSignal('order', { orderId: 'A-9' }, { reason: 'invalid', timeout: 50 }));
      expect(message).toContain('differs at reasonCode: expected "invalid", received "unknown_contact_key"');
    });

    it('waits for a discard that happens 300 ms after the assertion started', async () => {
      const late = new Promise((resolve) => setTimeout(resolve, 300)).then(() => send(rig.endpoint, [order({ orderId: 'LATE' }, { contactKey: 'UNKNOWN' })]));
      await expect(rig.receiver).toHaveDiscardedSignal('order', { orderId: 'LATE' }, { reason: 'unknown_contact_key' });
      await late;
    });
  });

  describe('toHaveReceivedSignals', () => {
    it('passes for exactly the count accepted, of a type when given', async () => {
      await send(rig.endpoint, [order(), pageViewExample, pageViewExample, order({}, { contactKey: 'UNKNOWN' })]);
      await expect(rig.receiver).toHaveReceivedSignals(3);
      await expect(rig.receiver).toHaveReceivedSignals(2, { type: 'pageView' });
      await expect(rig.receiver).toHaveReceivedSignals(1, { type: 'order' });
      await expect(rig.receiver).not.toHaveReceivedSignals(2, { type: 'order' });
    });

    it('waits for signals that arrive 300 ms after the assertion started', async () => {
      const late = new Promise((resolve) => setTimeout(resolve, 300)).then(() => send(rig.endpoint, [pageViewExample, pageViewExample]));
      await expect(rig.receiver).toHaveReceivedSignals(2, { type: 'pageView' });
      await late;
    });

    it('fails for more or fewer, with the counts by type', async () => {
      await send(rig.endpoint, [order(), pageViewExample, pageViewExample]);
      const more = await failure(() => expect(rig.receiver).toHaveReceivedSignals(1, { type: 'pageView', timeout: 50 }));
      expect(more).toContain('Expected: exactly 1 accepted "pageView" signals within 50 ms\nReceived: 2');
      expect(more).toContain('Accepted signals by type: pageView 2, order 1.');
      const fewer = await failure(() => expect(rig.receiver).toHaveReceivedSignals(4, { timeout: 50 }));
      expect(fewer).toContain('Received: 3');
    });
  });
});

describe('matcher arguments', () => {
  it('refuses something that is not a receiver, naming the three kinds', async () => {
    const message = await failure(() => expect({}).toHaveReceivedSignal('order'));
    expect(message).toContain('must be given a receiver (from startEmulator, connectTo or createConnectMock)');
  });
});
