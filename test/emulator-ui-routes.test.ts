/**
 * The inspector's server side, over plain HTTP (no browser): the page's
 * security headers, the same-origin rule of every `/_emulator/` route, the
 * live stream, and the filters and paging the page relies on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { INSPECTOR_CSP } from '../src/emulator/ui-routes.js';
import { pageViewExample } from './fixtures/reference-examples.js';

const QUERY = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
let emulator: EmulatorHandle;

const to = (email: string, extra: Record<string, unknown> = {}) => ({ ...pageViewExample, identifiableAttributes: { email }, ...extra });
/** Passes GraphQL's coercion, then is discarded by Connect's rules (type `unknown`). */
const unknownType = to('x@example.com', { signalContent: { signalType: 'nope' } });
const mutate = (signals: unknown[]) =>
  fetch(`${emulator.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey }, body: JSON.stringify({ query: QUERY, variables: { signals } }) });
const inspect = (path: string, init: RequestInit = {}) =>
  fetch(`${emulator.url}/_emulator/${path}`, { ...init, headers: { 'x-api-key': emulator.apiKey, ...(init.headers as Record<string, string> | undefined) } });

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'ui-routes-key' });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('the inspector page', () => {
  it('is served with a CSP that allows no inline script, no framing, nosniff and no referrer', async () => {
    const res = await fetch(`${emulator.url}/_emulator/ui`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toBe(INSPECTOR_CSP);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    // Every script is a file from the emulator: nothing inline.
    expect([...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => [m[0].includes('src="/_emulator/ui/'), m[1]])).toEqual([[true, '']]);
  });

  it('serves its bundled script and style, and nothing else under ui/', async () => {
    const js = await fetch(`${emulator.url}/_emulator/ui/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${emulator.url}/_emulator/ui/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${emulator.url}/_emulator/ui/../../package.json`)).status).not.toBe(200);
    expect((await fetch(`${emulator.url}/_emulator/ui/secrets.txt`)).status).toBe(404);
    expect((await fetch(`${emulator.url}/_emulator/ui`, { method: 'POST' })).status).toBe(405);
  });
});

describe('requests from another origin', () => {
  const foreign = { origin: 'https://evil.example' };

  it('are refused with 403 on every inspection route and the page, with no CORS headers', async () => {
    await mutate([to('a@example.com')]);
    const attempts: Array<[string, RequestInit]> = [
      ['signals', { headers: foreign }],
      ['contacts', { headers: foreign }],
      ['stats', { headers: foreign }],
      ['live', { headers: foreign }],
      ['reset', { method: 'POST', headers: foreign }],
      ['faults', { method: 'POST', headers: { ...foreign, 'content-type': 'application/json' }, body: '{"unavailableShare":1}' }],
      ['signals', { method: 'OPTIONS', headers: { ...foreign, 'access-control-request-method': 'GET' } }],
      ['ui', { headers: foreign }],
    ];
    for (const [path, init] of attempts) {
      const res = await inspect(path, init);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FOREIGN_ORIGIN');
    }
    // Nothing was reset, no fault was set.
    expect(emulator.signals()).toHaveLength(1);
    expect(emulator.faults()).toEqual({});
  });

  it('a DNS-rebound name pointing at the emulator is another origin; "null" too', async () => {
    const port = new URL(emulator.url).port;
    for (const origin of [`http://evil.example:${port}`, 'null', `http://127.0.0.1:${Number(port) + 1}`]) {
      expect((await inspect('signals', { headers: { origin } })).status, origin).toBe(403);
    }
  });

  it('the emulator\'s own origin (and localhost on loopback) is served', async () => {
    const port = new URL(emulator.url).port;
    for (const origin of [emulator.url, `http://localhost:${port}`]) {
      expect((await inspect('reset', { method: 'POST', headers: { origin } })).status, origin).toBe(200);
    }
  });
});

describe('the live stream (GET /_emulator/live)', () => {
  it('needs the key in the header: not in the query string', async () => {
    expect((await fetch(`${emulator.url}/_emulator/live`)).status).toBe(401);
    expect((await fetch(`${emulator.url}/_emulator/live?key=${emulator.apiKey}`)).status).toBe(401);
    expect((await fetch(`${emulator.url}/_emulator/live?x-api-key=${emulator.apiKey}`)).status).toBe(401);
  });

  it('sends the state at once, then a notice with counts soon after signals arrive', async () => {
    const stop = new AbortController();
    const res = await inspect('live', { signal: stop.signal });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    const nextEvent = async () => {
      for (;;) {
        const nl = buffered.indexOf('\n');
        if (nl !== -1) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim() !== '') return JSON.parse(line) as { event: string; total: number; counts: { accepted: number; discarded: number; types: Record<string, number> } };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += value;
      }
    };
    expect(await nextEvent()).toMatchObject({ event: 'state', total: 0, counts: { accepted: 0, discarded: 0, types: {} } });
    await mutate([to('a@example.com'), to('b@example.com'), unknownType]);
    await mutate([to('c@example.com')]);
    let event = await nextEvent();
    while (event.total < 4) event = await nextEvent(); // two mutations may come as one notice or two
    expect(event).toMatchObject({ total: 4, counts: { accepted: 3, discarded: 1, types: { pageView: 3, unknown: 1 } } });
    stop.abort();
  });
});

describe('the signals route\'s filters and paging (used by the page)', () => {
  it('filters by type, contact and text, newest first, and says how many match', async () => {
    await mutate([to('a@example.com'), to('b@example.com', { sessionId: 'FIND-ME' }), unknownType, to('a@example.com')]);
    const get = async (query: string) => (await (await inspect(`signals?${query}`)).json()) as { total: number; matched: number; count: number; signals: Array<{ contactId: string | null; status: string; mutation: number; signalType: string }> };
    const newest = await get('order=newest&limit=2');
    expect(newest).toMatchObject({ total: 4, matched: 4, count: 2 });
    expect(newest.signals.map((s) => s.contactId)).toEqual(['contact-1', null]);
    expect((await get('contact=contact-1')).signals).toHaveLength(2);
    expect((await get('type=unknown')).signals.map((s) => s.status)).toEqual(['discarded']);
    expect(await get('text=find-me')).toMatchObject({ matched: 1, signals: [{ contactId: 'contact-2' }] });
    expect(await get('text=find-me&status=discarded')).toMatchObject({ matched: 0, count: 0 });
    expect((await get('order=newest&offset=3&limit=10')).signals.map((s) => s.contactId)).toEqual(['contact-1']);
    expect(new Set((await get('')).signals.map((s) => s.mutation))).toEqual(new Set([1]));
    expect((await inspect('signals?order=sideways')).status).toBe(400);
  });

  it('keeps the signal as sent when an invalid optional field was dropped', async () => {
    const sent = to('a@example.com', { signalContent: { ...pageViewExample.signalContent, effect: 'sideways' } });
    await mutate([sent]);
    const [stored] = emulator.signals();
    expect(stored!.received).toEqual(sent);
    expect((stored!.signal as { signalContent: Record<string, unknown> }).signalContent.effect).toBeUndefined();
    await mutate([to('b@example.com')]);
    expect(emulator.signals()[1]).not.toHaveProperty('received');
  });

  it('pages contacts and says how many there are', async () => {
    await mutate([to('a@example.com'), to('b@example.com'), to('c@example.com')]);
    const page = (await (await inspect('contacts?offset=1&limit=1')).json()) as { total: number; contacts: Array<{ contactId: string }> };
    expect(page).toMatchObject({ total: 3, contacts: [{ contactId: 'contact-2' }] });
  });
});
