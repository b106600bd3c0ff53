/**
 * createConnectMock: MSW 2 handlers that answer createSignals with the
 * emulator's own rules, in-process. The same answers as the emulator (ids
 * equal to the stored ones, the 500 limit, tiers, contact mapping, test
 * signals, 401), at Connect's region endpoints and any /graphql, and through
 * the project's own client. Plus connectTo's errors, and msw's confinement to
 * src/testing/.
 */
import '../src/testing/vitest.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupServer, type SetupServer } from 'msw/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/index.js';
import { connectTo, createConnectMock, isTestkitError, startEmulator, type ConnectMockOptions } from '../src/testing/index.js';
import { orderExample, pageViewExample } from './fixtures/reference-examples.js';

const MUTATION = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const CONTACT = { contactKey: 'AAUN-132417508' };
let server: SetupServer | undefined;

function mocked(options: ConnectMockOptions = {}) {
  const mock = createConnectMock(options);
  const started = setupServer(...mock.handlers);
  started.listen({ onUnhandledRequest: 'error' });
  server = started;
  return mock;
}

afterEach(() => {
  server?.close();
  server = undefined;
});

async function post(url: string, signals: unknown[], key: string | undefined = 'k') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'x-api-key': key }) },
    body: JSON.stringify({ query: MUTATION, variables: { signals } }),
  });
  return { status: response.status, body: (await response.json()) as { data?: { createSignals: { signalIds: string[] } | null }; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

describe('createConnectMock', () => {
  it('answers with the ids of the signals it stores, in order; an invalid one gets none; an unknown contact key is discarded at mapping', async () => {
    const mock = mocked({ contacts: [CONTACT] });
    const invalid = { ...orderExample, signalContent: { ...orderExample.signalContent, orderId: undefined } };
    const unknown = { ...pageViewExample, identifiableAttributes: { contactKey: 'NOPE' } };
    const { status, body } = await post('https://connect-gql-eu-1.goacoustic.com', [orderExample, invalid, unknown, pageViewExample]);
    expect(status).toBe(200);
    const ids = body.data!.createSignals!.signalIds;
    expect(ids).toHaveLength(3);
    expect(mock.signals({ status: 'accepted' }).map((s) => s.signalId)).toEqual([ids[0], ids[2]]);
    expect(mock.signals({ status: 'discarded' }).map((s) => [s.signalId, s.reasonCode])).toEqual([[null, 'invalid'], [ids[1], 'unknown_contact_key']]);
  });

  it('answers at every Connect region and at any /graphql, and nowhere else by default', async () => {
    const mock = mocked({ contacts: [CONTACT] });
    for (const url of ['https://connect-gql-us-1.goacoustic.com', 'https://connect-gql-ap-3.goacoustic.com/', 'http://localhost:4000/graphql', 'https://api.example.com/graphql']) {
      expect((await post(url, [orderExample])).status, url).toBe(200);
    }
    expect(mock.signals()).toHaveLength(4);
    await expect(post('https://example.com/other', [orderExample])).rejects.toThrow(); // unhandled: msw refuses it ('error')
  });

  it('answers only at options.endpoint when given', async () => {
    const mock = mocked({ endpoint: 'https://connect.test/gql', contacts: [CONTACT] });
    expect((await post('https://connect.test/gql', [orderExample])).status).toBe(200);
    await expect(post('https://connect-gql-us-1.goacoustic.com', [orderExample])).rejects.toThrow();
    expect(mock.signals()).toHaveLength(1);
  });

  it('answers 401 for a missing or wrong key when apiKey is set, storing nothing', async () => {
    const mock = mocked({ apiKey: 'right', contacts: [CONTACT] });
    const missing = await post('https://connect-gql-us-1.goacoustic.com', [orderExample], undefined);
    const wrong = await post('https://connect-gql-us-1.goacoustic.com', [orderExample], 'wrong');
    expect([missing.status, missing.body.errors![0]!.extensions!.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(wrong.body.errors![0]!.message).toContain('Authentication failed');
    expect(mock.signals()).toHaveLength(0);
    expect((await post('https://connect-gql-us-1.goacoustic.com', [orderExample], 'right')).status).toBe(200);
  });

  it('refuses a mutation of more than 500 signals whole, as the emulator does', async () => {
    const mock = mocked({ contacts: [CONTACT] });
    const { body } = await post('https://connect-gql-us-1.goacoustic.com', Array.from({ length: 501 }, () => pageViewExample));
    expect(body.errors![0]!.message).toContain('at most 500 signals per mutation; this one has 501');
    expect(mock.signals()).toHaveLength(0);
  });

  it('discards the types a tier cannot import, keeps test signals as tests, creates a contact for an unknown e-mail', async () => {
    const mock = mocked({ tier: 'pro', contacts: [CONTACT] });
    const byEmail = { ...orderExample, test: true, identifiableAttributes: { email: 'new@example.com' } };
    await post('https://connect-gql-us-1.goacoustic.com', [pageViewExample, byEmail]);
    expect(mock.signals({ status: 'discarded' })[0]!.reasonCode).toBe('tier_not_allowed');
    const [accepted] = mock.signals({ status: 'accepted' });
    expect(accepted!.test).toBe(true);
    expect(mock.contacts().map((c) => [c.origin, c.attributes])).toEqual([['seeded', CONTACT], ['created', { email: 'new@example.com' }]]);
  });

  it('reset() forgets signals and created contacts and seeds options.contacts again', async () => {
    const mock = mocked({ contacts: [CONTACT] });
    await post('https://connect-gql-us-1.goacoustic.com', [{ ...orderExample, identifiableAttributes: { email: 'x@example.com' } }]);
    mock.reset();
    expect(mock.signals()).toEqual([]);
    expect(mock.contacts().map((c) => c.attributes)).toEqual([CONTACT]);
  });

  it('serves the project\'s own client (created after the server listens), with the report the emulator would give', async () => {
    const mock = mocked({ apiKey: 'k', contacts: [CONTACT] });
    const client = createSignalsClient({ region: 'us-1', apiKey: 'k' });
    const report = await client.send([orderExample, pageViewExample]);
    await client.close();
    expect([report.accepted, report.failed]).toEqual([2, 0]);
    const outcomeIds = report.outcomes.flatMap((o) => (o.status === 'accepted' ? [o.id] : []));
    expect(mock.signals().map((s) => s.signalId).sort()).toEqual(outcomeIds.sort());
    await expect(mock).toHaveReceivedSignals(2);
  });

  it('refuses bad options with a TestkitError', () => {
    expect(() => createConnectMock({ tier: 'gold' as never })).toThrow(/tier must be one of/);
    expect(() => createConnectMock({ contacts: [{ firstName: 'x' }] })).toThrow(expect.objectContaining({ code: 'ERR_MOCK_OPTIONS' }));
  });
});

describe('connectTo', () => {
  it('rejects with ERR_CONNECT_TO_REQUEST for a wrong key, without the key in the message', async () => {
    const emulator = await startEmulator({ apiKey: 'the-real-key' });
    try {
      const remote = connectTo(emulator.url, { apiKey: 'a-wrong-key' });
      const error = await remote.signals().catch((e: unknown) => e);
      expect(isTestkitError(error) && error.code).toBe('ERR_CONNECT_TO_REQUEST');
      expect((error as Error).message).toMatch(/GET \/_emulator\/signals answered HTTP 401: Authentication failed/);
      expect((error as Error).message).not.toContain('key-');
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a bad URL or a missing key at once', () => {
    expect(() => connectTo('not a url', { apiKey: 'k' })).toThrow(expect.objectContaining({ code: 'ERR_CONNECT_TO_OPTIONS' }));
    expect(() => connectTo('http://127.0.0.1:4000', { apiKey: '' })).toThrow(/apiKey/);
  });

  it('reads what the emulator shows in-process: signals with filters, contacts, stats', async () => {
    const emulator = await startEmulator({ apiKey: 'k', contacts: [CONTACT] });
    try {
      await post(emulator.graphqlUrl, [orderExample, pageViewExample]);
      const remote = connectTo(`${emulator.url}/`, { apiKey: 'k' });
      expect(await remote.signals({ type: 'order' })).toEqual(emulator.signals({ type: 'order' }));
      expect(await remote.contacts()).toEqual(emulator.contacts());
      expect(await remote.stats()).toEqual(emulator.stats());
      expect(await remote.inFlight()).toBe(0);
    } finally {
      await emulator.stop();
    }
  });
});

describe('where msw is loaded', () => {
  it('no module outside src/testing/ imports msw', () => {
    const root = fileURLToPath(new URL('../src', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) {
          if (file !== path.join(root, 'testing')) walk(file);
        } else if (/\.tsx?$/.test(name) && /from ['"]msw|import\(['"]msw|require\(['"]msw/.test(readFileSync(file, 'utf8'))) offenders.push(file);
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
