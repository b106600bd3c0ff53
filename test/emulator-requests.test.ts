/**
 * Request rules over real HTTP: the x-api-key is required everywhere, bodies
 * above the limit are refused, malformed bodies and queries get a GraphQL
 * error (never a crash), and nothing is stored by a refused request.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { print } from 'graphql';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { startEmulator, type EmulatorHandle } from '../src/index.js';
import { pageViewExample } from './fixtures/reference-examples.js';

const QUERY = print(CreateSignalsDocument);
let emulator: EmulatorHandle;

async function send(path: string, init: { body?: string; headers?: Record<string, string>; method?: string; key?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  if (init.key !== null) headers['x-api-key'] = init.key ?? emulator.apiKey;
  const response = await fetch(emulator.url + path, { method: init.method ?? 'POST', headers, ...(init.body === undefined ? {} : { body: init.body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[]; error?: { code: string } } };
}

const mutationBody = JSON.stringify({ query: QUERY, variables: { signals: [pageViewExample] } });

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'test-key-123', maxBodyBytes: 64 * 1024 });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('authentication', () => {
  it('a mutation without x-api-key gets HTTP 401 with a GraphQL error, and nothing is stored', async () => {
    const r = await send('/graphql', { body: mutationBody, key: null });
    expect(r.status).toBe(401);
    expect(r.json.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(r.json.errors![0]!.message).toMatch(/x-api-key/);
    expect(emulator.signals()).toEqual([]);
  });

  it('a wrong key gets HTTP 401, and nothing is stored', async () => {
    const r = await send('/', { body: mutationBody, key: 'test-key-124' });
    expect(r.status).toBe(401);
    expect(r.json.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(emulator.signals()).toEqual([]);
    expect(emulator.stats().unauthorized).toBe(1);
  });

  it('the right key is accepted', async () => {
    const r = await send('/', { body: mutationBody });
    expect(r.status).toBe(200);
    expect(r.json.data.createSignals.signalIds).toHaveLength(1);
  });

  it('the inspection API requires the key too', async () => {
    expect((await send('/_emulator/signals', { method: 'GET', key: null })).status).toBe(401);
    expect((await send('/_emulator/reset', { key: 'nope' })).status).toBe(401);
    expect((await send('/_emulator/signals', { method: 'GET' })).status).toBe(200);
  });

  it('without an apiKey option a random key is generated and required', async () => {
    const other = await startEmulator();
    try {
      expect(other.apiKey).toMatch(/^emu_[A-Za-z0-9_-]{20,}$/);
      expect(other.apiKey).not.toBe(emulator.apiKey);
      const unauth = await fetch(other.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: mutationBody });
      expect(unauth.status).toBe(401);
      expect(other.signals()).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe('body size limit', () => {
  it('a body above maxBodyBytes gets HTTP 413 and nothing is stored', async () => {
    const signals = Array.from({ length: 200 }, () => pageViewExample);
    const body = JSON.stringify({ query: QUERY, variables: { signals } });
    expect(body.length).toBeGreaterThan(64 * 1024);
    const r = await send('/graphql', { body });
    expect(r.status).toBe(413);
    expect(r.json.errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    expect(emulator.signals()).toEqual([]);
  });

  it('a chunked body (no content-length) above the limit is refused too', async () => {
    const url = new URL(emulator.graphqlUrl);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"query":"' + ' '.repeat(40 * 1024));
      req.end(' '.repeat(40 * 1024) + '"}');
    });
    expect(status).toBe(413);
    expect(emulator.signals()).toEqual([]);
  });
});

describe('malformed requests get a GraphQL error, never a crash', () => {
  it.each([
    ['invalid JSON', '{"query": '],
    ['an empty body', ''],
    ['JSON that is not an object', '[1,2,3]'],
    ['no query', '{"variables":{}}'],
    ['a query that does not parse', '{"query":"mutation { createSignals(signals: [{ }"}'],
    ['an unknown field', '{"query":"{ nope }"}'],
    ['a signal missing a required input field', JSON.stringify({ query: QUERY, variables: { signals: [{ identifiableAttributes: { email: 'a@example.com' }, signalContent: {} }] } })],
    ['variables that are not a list', JSON.stringify({ query: QUERY, variables: { signals: 'x' } })],
    ['two identifiable attributes (@oneOf)', JSON.stringify({ query: QUERY, variables: { signals: [{ ...pageViewExample, identifiableAttributes: { email: 'a@example.com', sms: '+14035549090' } }] } })],
  ])('%s', async (_name, body) => {
    const r = await send('/graphql', { body });
    expect(r.status).toBeGreaterThanOrEqual(200);
    expect(r.status).toBeLessThan(500);
    expect(r.json.errors?.length).toBeGreaterThan(0);
    expect(r.json.errors![0]!.message).not.toBe('Unexpected error.');
    expect(emulator.signals()).toEqual([]);
    // The server is still there.
    expect((await send('/graphql', { body: mutationBody })).status).toBe(200);
  });

  it('a mutation over GET is refused', async () => {
    const r = await send(`/graphql?query=${encodeURIComponent(QUERY)}`, { method: 'GET' });
    expect(r.status).toBe(405);
    expect(emulator.signals()).toEqual([]);
  });

  it('an unknown path gets 404 with a pointer to the endpoint', async () => {
    const r = await send('/nope', { body: '{}' });
    expect(r.status).toBe(404);
    expect(r.json.errors![0]!.message).toMatch(/GraphQL endpoint is \//);
  });

  it('introspection is answered (with the key)', async () => {
    const r = await send('/', { body: JSON.stringify({ query: '{ __type(name: "SignalInput") { name inputFields { name } } }' }) });
    expect(r.json.data.__type.inputFields.map((f: { name: string }) => f.name)).toEqual(['appKey', 'identifiableAttributes', 'sessionId', 'signalContent', 'test']);
  });
});
