/**
 * Fuzzing the emulator's HTTP endpoint (127.0.0.1, port 0) with random
 * methods, paths, headers, content types, keys and bodies (bytes, JSON,
 * GraphQL-ish text), and random bytes on raw TCP connections; and the whole
 * path reader → validator → emulator with `__proto__`/`constructor` keys.
 *
 * Invariants: the server never crashes (a valid mutation still succeeds
 * afterwards); every answer is an HTTP response whose body is JSON (empty only
 * for HEAD and bodiless statuses); no 5xx without a configured fault; a request
 * without the right key stores nothing; no prototype is ever polluted.
 * Size: FUZZ_RUNS (test/helpers/fuzz.ts).
 */
import { Agent, METHODS, request } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { print } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { SIGNAL_TYPES } from '../generated/signal-meta.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { readSignals } from '../src/read/index.js';
import { validateSignal } from '../src/validate/index.js';
import { fuzzParams, fuzzTimeout, polluted, prototypeSnapshot } from './helpers/fuzz.js';
import { referenceExamples } from './fixtures/reference-examples.js';

const QUERY = print(CreateSignalsDocument);
const API_KEY = 'fuzz-key-0123456789';
const MAX_BODY = 64 * 1024;

let emulator: EmulatorHandle;
let agent: Agent;
let prototypesBefore: string;

beforeAll(async () => {
  prototypesBefore = prototypeSnapshot();
  // A small retention keeps memory flat however many signals the fuzzing stores.
  emulator = await startEmulator({ apiKey: API_KEY, maxBodyBytes: MAX_BODY, retainSignals: 200 });
  agent = new Agent({ keepAlive: true, maxSockets: 4 });
});
afterAll(async () => {
  agent.destroy();
  await emulator.stop();
  expect(prototypeSnapshot()).toBe(prototypesBefore);
  expect(polluted()).toBe(false);
});
beforeEach(() => emulator.reset());

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

interface Sent { method: string; path: string; headers: Record<string, string | string[]>; body: Buffer }

function send({ method, path, headers, body }: Sent): Promise<Answer> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'content-length': String(body.length) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A valid mutation of one signal still gets its id: the server is alive and well. */
async function expectAlive(): Promise<void> {
  const r = await send({
    method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: Buffer.from(JSON.stringify({ query: QUERY, variables: { signals: [referenceExamples.pageView] } })),
  });
  expect(r.status).toBe(200);
  expect((JSON.parse(r.body.toString()) as { data: { createSignals: { signalIds: string[] } } }).data.createSignals.signalIds).toHaveLength(1);
}

/** What a request could have stored: counters and lists that only grow. */
function footprint() {
  const s = emulator.stats();
  return { accepted: s.accepted, discarded: s.discardedAtMutation + s.discardedAtMapping, mutations: s.mutations, contacts: emulator.contacts().length };
}

// ---------------------------------------------------------------------------
// Generators

const methods = METHODS.filter((m) => m !== 'CONNECT'); // CONNECT is a tunnel, not a request Node's server answers
const method = fc.oneof({ arbitrary: fc.constantFrom('POST', 'GET', 'HEAD', 'OPTIONS'), weight: 3 }, { arbitrary: fc.constantFrom(...methods), weight: 1 });
const path = fc.oneof(
  fc.constantFrom('/', '/graphql', '/graphql?', '/?query=%7B__typename%7D', '/graphql?query=%ZZ', '/graphql?operationName=x&extensions=%7B',
    '/_emulator/signals', '/_emulator/signals?status=nope&limit=-1', '/_emulator/contacts', '/_emulator/faults', '/_emulator/stats',
    '/_emulator/reset', '/_emulator/', '/_emulator/x/../stats', '/nope', '//', '/%00', '/graphql/', '/GRAPHQL',
    '/_emulator/ui', '/_emulator/ui/app.js', '/_emulator/ui/../stats', '/_emulator/ui/%2e%2e/signals'),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  // GET-style GraphQL parameters, JSON or not.
  fc.record({
    query: fc.constantFrom('{ __typename }', '{ _service }', QUERY, '{', 'mutation { createSignals(signals: []) { signalIds } }'),
    variables: fc.oneof(fc.json({ depthSize: 'small' }), fc.string({ maxLength: 10 })),
    extensions: fc.oneof(fc.json({ depthSize: 'small' }), fc.string({ maxLength: 10 })),
    operationName: fc.string({ maxLength: 6 }),
  }, { requiredKeys: [] }).map((params) => `/graphql?${new URLSearchParams(params as Record<string, string>).toString()}`),
);
const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'application/graphql', 'application/graphql+json',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/octet-stream', '*/*', ';;', 'application/jsonx');
const accept = fc.constantFrom(undefined, 'application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed', 'text/html', '*/*', 'nope');
type KeyChoice = 'right' | 'missing' | 'wrong' | 'twice' | 'padded' | 'empty' | 'prefix';
const keyChoice = fc.constantFrom<KeyChoice>('right', 'right', 'missing', 'wrong', 'twice', 'padded', 'empty', 'prefix');
const keyHeader: Record<KeyChoice, string | string[] | undefined> = {
  right: API_KEY, missing: undefined, wrong: 'fuzz-key-0123456788', twice: [API_KEY, API_KEY], padded: `${API_KEY}x`, empty: '', prefix: API_KEY.slice(0, -1),
};
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/).filter((n) => !['host', 'content-length', 'transfer-encoding', 'connection', 'x-api-key', 'upgrade', 'expect', 'content-type', 'keep-alive'].includes(n));
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const extraHeaders = fc.dictionary(fc.oneof(headerName, fc.constantFrom('content-encoding', 'accept-encoding', 'origin', 'x-forwarded-for', 'cookie')), headerValue, { maxKeys: 3 });

const jsonValue = fc.jsonValue({ depthSize: 'small' });
const signals = fc.array(fc.oneof(fc.constantFrom(...SIGNAL_TYPES).map((t) => referenceExamples[t] as unknown), jsonValue), { maxLength: 4 });
const queryText = fc.oneof(
  fc.constant(QUERY),
  fc.constantFrom('{ __typename }', 'query { _service }', '{ __schema { types { name } } }', 'subscription { x }', 'mutation { createSignals }',
    'mutation { createSignals(signals: [{}]) { signalIds } }', 'mutation($s: [SignalInput!]!) { a: createSignals(signals: $s) { signalIds } b: createSignals(signals: $s) { signalIds } }',
    '{', '', '#', 'query q { __type(name: "SignalInput") { name } } query q { __typename }'),
  fc.string({ maxLength: 60 }),
  fc.tuple(fc.constant(QUERY), fc.string({ maxLength: 20 })).map(([q, junk]) => q + junk),
  fc.array(fc.constantFrom(...SIGNAL_TYPES), { maxLength: 3 }).map((types) =>
    `mutation { createSignals(signals: [${types.map((t) => toLiteral(referenceExamples[t])).join(', ')}]) { signalIds } }`),
);
const graphqlBody = fc.record({
  query: fc.oneof(queryText, jsonValue),
  variables: fc.oneof(fc.record({ signals }), jsonValue, fc.constant(undefined)),
  operationName: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 8 }), jsonValue),
  extensions: fc.oneof(fc.constant(undefined), jsonValue),
}, { requiredKeys: ['query'] }).map((b) => JSON.stringify(b));
const body = fc.oneof(
  { arbitrary: graphqlBody.map((s) => Buffer.from(s)), weight: 5 },
  { arbitrary: fc.json({ depthSize: 'small' }).map((s) => Buffer.from(s)), weight: 2 },
  { arbitrary: queryText.map((s) => Buffer.from(s)), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)), weight: 2 },
  { arbitrary: fc.constantFrom(Buffer.alloc(0), Buffer.from('{"query":"'), Buffer.alloc(MAX_BODY + 1, 0x20), Buffer.from([0x1f, 0x8b, 0x08, 0, 0])), weight: 1 },
);

/** A GraphQL input literal for a JSON value (what the reference's mutations write inline). */
function toLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${toLiteral(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

const requestArb = fc.record({ method, path, contentType, accept, key: keyChoice, extra: extraHeaders, body });

// ---------------------------------------------------------------------------

describe('fuzz: the emulator over HTTP', () => {
  it('answers every request with JSON (or nothing, where HTTP says so), never a 5xx or a crash, and stores nothing without the key', async () => {
    let count = 0;
    await fc.assert(fc.asyncProperty(requestArb, async (r) => {
      const headers: Record<string, string | string[]> = { ...r.extra };
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      if (r.accept !== undefined) headers.accept = r.accept;
      const key = keyHeader[r.key];
      if (key !== undefined) headers['x-api-key'] = key;
      const before = footprint();
      const answer = await send({ method: r.method, path: r.path, headers, body: r.body });

      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.status).toBeLessThan(500); // no fault is configured: a 5xx would be a bug
      const endpoint = r.path.split('?')[0]!;
      // The inspector page and its assets hold no data and need no key (the page asks for it).
      const publicPage = endpoint === '/_emulator/ui' || endpoint.startsWith('/_emulator/ui/');
      const bodiless = r.method === 'HEAD' || answer.status === 204 || answer.status === 304;
      if (bodiless) expect(answer.body.length).toBe(0);
      else if (publicPage && answer.status === 200) expect(String(answer.headers['content-type'])).toMatch(/^text\/(html|javascript|css)/);
      else if (/event-stream|multipart/.test(String(answer.headers['content-type']))) {
        expect(r.accept).toMatch(/event-stream|multipart/); // only when the client asked for a streamed answer
      } else {
        expect(String(answer.headers['content-type'])).toMatch(/json/);
        expect(() => JSON.parse(answer.body.toString('utf8'))).not.toThrow();
      }
      const served = endpoint === '/' || endpoint === '/graphql' || endpoint.startsWith('/_emulator/');
      if (r.key !== 'right' && served && !publicPage) {
        // 403: an Origin that is not the emulator's own is refused before the key is read.
        const origin = Object.keys(r.extra).some((name) => name.toLowerCase() === 'origin') && endpoint.startsWith('/_emulator/');
        expect(origin ? [401, 403, 413] : [401, 413]).toContain(answer.status);
        expect(footprint()).toEqual(before); // nothing stored, no contact created
      }
      // A refused GraphQL request stores nothing: a client that treats it as failed and sends again makes no duplicate.
      if (answer.status >= 400 && (endpoint === '/' || endpoint === '/graphql')) expect(footprint()).toEqual(before);
      // The inspection API (with the key) may have set faults or reset: later requests start clean.
      if (Object.keys(emulator.faults()).length > 0) emulator.setFaults({});
      if (++count % 50 === 0) await expectAlive();
    }), fuzzParams('emulator-http'));
    await expectAlive();
  }, fuzzTimeout('emulator-http', 20));

  it('survives random bytes on raw TCP connections (garbage, cut-off requests, bad framing)', async () => {
    const url = new URL(emulator.url);
    const prefix = fc.constantFrom('', 'POST / HTTP/1.1\r\n', `POST /graphql HTTP/1.1\r\nHost: x\r\nx-api-key: ${API_KEY}\r\ncontent-type: application/json\r\n`,
      'GET /_emulator/stats HTTP/1.1\r\nHost: x\r\n\r\n', 'POST / HTTP/1.1\r\ncontent-length: 100\r\n\r\n{"query":', 'POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n',
      'GET / HTTP/9.9\r\n\r\n', 'POST / HTTP/1.1\r\ncontent-length: -1\r\n\r\n', 'POST / HTTP/1.1\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n');
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 100 }).map((s) => Buffer.from(s)));
    await fc.assert(fc.asyncProperty(prefix, bytes, fc.boolean(), async (head, tail, halfClose) => {
      const before = footprint();
      await new Promise<void>((resolve) => {
        const socket = connect(Number(url.port), url.hostname);
        // Bounded: the socket is destroyed after a short while if the server keeps it open.
        const timer = setTimeout(() => socket.destroy(), 200);
        socket.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        socket.write(Buffer.concat([Buffer.from(head), Buffer.from(tail)]), () => (halfClose ? socket.end() : socket.destroy()));
      });
      expect(footprint()).toEqual(before);
      await expectAlive();
    }), fuzzParams('emulator-raw'));
  }, fuzzTimeout('emulator-raw', 250));
});

describe('fuzz: reader → validator → emulator with prototype-looking keys', () => {
  /** A reference signal as NDJSON, with `"__proto__": {...}`-like members inserted after some `{`. */
  const poisonedLine = fc.tuple(
    fc.constantFrom(...SIGNAL_TYPES),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty')), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('{"polluted":1}', '{"prototype":{"polluted":1}}', 'null', '[{"polluted":1}]', '"polluted"'),
    fc.boolean(),
  ).map(([type, inserts, value, wrapped]) => {
    let text = JSON.stringify(wrapped ? { signal: referenceExamples[type] } : referenceExamples[type]);
    for (const [pick, key] of inserts) {
      const braces = [...text.matchAll(/\{(?=")/g)].map((m) => m.index);
      const at = braces[pick % braces.length]! + 1;
      text = `${text.slice(0, at)}${JSON.stringify(key)}:${value},${text.slice(at)}`;
    }
    return text;
  });

  it('keys like __proto__ stay data all the way: client and emulator agree, nothing is polluted', async () => {
    await fc.assert(fc.asyncProperty(fc.array(poisonedLine, { minLength: 1, maxLength: 4 }), async (lines) => {
      emulator.reset(); // only this run's signals are inspected below
      const valid: unknown[] = [];
      const raw: unknown[] = [];
      for await (const record of readSignals(Readable.from([Buffer.from(lines.join('\n'))]))) {
        expect(record.ok).toBe(true);
        if (!record.ok) continue;
        expect(Object.getPrototypeOf(record.signal)).toBe(Object.prototype);
        raw.push(record.signal);
        const result = validateSignal(record.signal);
        if (result.valid) valid.push(result.signal);
        else expect(result.errors.length).toBeGreaterThan(0);
      }
      expect(polluted()).toBe(false);
      const headers = { 'content-type': 'application/json', 'x-api-key': API_KEY };
      // The validated signals, as the client sends them: the emulator accepts exactly those.
      const answer = await send({ method: 'POST', path: '/graphql', headers, body: Buffer.from(JSON.stringify({ query: QUERY, variables: { signals: valid } })) });
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.body.toString()) as { data: { createSignals: { signalIds: string[] } } }).data.createSignals.signalIds).toHaveLength(valid.length);
      // The records as read, unrepaired: refused or accepted, never a crash or a 5xx.
      const rawAnswer = await send({ method: 'POST', path: '/', headers, body: Buffer.from(JSON.stringify({ query: QUERY, variables: { signals: raw } })) });
      expect(rawAnswer.status).toBeLessThan(500);
      for (const stored of emulator.signals()) expect(Object.getPrototypeOf(stored.signal)).toBe(Object.prototype);
      expect(polluted()).toBe(false);
      expect(prototypeSnapshot()).toBe(prototypesBefore);
    }), fuzzParams('pipeline-pollution'));
  }, fuzzTimeout('pipeline-pollution', 20));

  it('the line {"__proto__": {"polluted": 1}, ...} read, validated, sent and stored pollutes nothing', async () => {
    const line = `{"__proto__":{"polluted":1},${JSON.stringify(referenceExamples.addToCart).slice(1)}`;
    const records = [];
    for await (const r of readSignals(Readable.from([Buffer.from(`${line}\n`)]))) records.push(r);
    const record = records[0]!;
    expect(record.ok && Object.hasOwn(record.signal as object, '__proto__')).toBe(true);
    const result = validateSignal(record.ok ? record.signal : null);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.code])).toEqual([['__proto__', 'unknown_field']]);
    const answer = await send({
      method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: Buffer.from(`{"query":${JSON.stringify(QUERY)},"variables":{"signals":[${line}]}}`),
    });
    // Sent as read, the unknown envelope key is refused by GraphQL coercion, naming it; as validated, it is accepted.
    expect(answer.status).toBeLessThan(500);
    expect(answer.body.toString()).toContain('__proto__');
    expect(polluted()).toBe(false);
    expect(Object.getPrototypeOf(emulator.signals()[0]?.signal ?? {})).toBe(Object.prototype);
  });
});

describe('regressions found by fuzzing the emulator', () => {
  const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };

  it('an Accept header it cannot serve gets 406 with a JSON error body, and nothing is stored (yoga stored the signals, then answered 406 with an empty body)', async () => {
    const r = await send({ method: 'POST', path: '/graphql', headers: { ...headers, accept: 'text/html' }, body: Buffer.from(JSON.stringify({ query: QUERY, variables: { signals: [referenceExamples.pageView] } })) });
    expect(r.status).toBe(406);
    expect(JSON.parse(r.body.toString())).toEqual({ errors: [{ message: expect.stringMatching(/^Not acceptable: the Accept header \(text\/html\)/), extensions: { code: 'NOT_ACCEPTABLE' } }] });
    expect(emulator.stats().accepted).toBe(0);
  });

  it('a GET whose variables or extensions parameter is not JSON gets 400 naming it, not 500 "Unexpected error."', async () => {
    for (const name of ['variables', 'extensions']) {
      const r = await send({ method: 'GET', path: `/graphql?query=%7B__typename%7D&${name}=%7B`, headers, body: Buffer.alloc(0) });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body.toString()).errors[0]).toEqual({ message: `The ${name} parameter of the URL is not valid JSON. Nothing was stored.`, extensions: { code: 'BAD_REQUEST' } });
    }
    const fine = await send({ method: 'GET', path: '/graphql?query=%7B__typename%7D&variables=%7B%7D', headers, body: Buffer.alloc(0) });
    expect(fine.status).toBe(200);
  });
});
