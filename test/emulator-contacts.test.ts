/**
 * After acceptance, over real HTTP: contact mapping, session registration,
 * test signals, the activity feed's rules, and seeding/reset through the
 * inspection API and a contacts file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { print } from 'graphql';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { isEmulatorError, readContactSeeds, startEmulator, type EmulatorContact, type EmulatorHandle, type StoredSignal } from '../src/index.js';
import { addToCartExample, identificationExample, pageViewExample } from './fixtures/reference-examples.js';

const QUERY = print(CreateSignalsDocument);
const DAY = 24 * 60 * 60 * 1000;
let clock = Date.UTC(2025, 6, 2, 17, 57, 17, 630); // 1751479037630, the reference's suffix
let emulator: EmulatorHandle;

async function call(pathname: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(emulator.url + pathname, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  return { status: response.status, json: (await response.json()) as any };
}
const mutate = async (signals: unknown[]) => (await call('/', { body: { query: QUERY, variables: { signals } } })).json.data.createSignals.signalIds as string[];
const signalsOverHttp = async (): Promise<StoredSignal[]> => (await call('/_emulator/signals', { method: 'GET' })).json.signals;
const contactsOverHttp = async (): Promise<EmulatorContact[]> => (await call('/_emulator/contacts', { method: 'GET' })).json.contacts;

type Attrs = Record<string, string>;
const to = (attrs: Attrs, signal: object = pageViewExample, extra: object = {}) => ({ ...signal, identifiableAttributes: attrs, ...extra });

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'k', now: () => clock });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('contact mapping', () => {
  it('starts with no contacts', async () => {
    expect(await contactsOverHttp()).toEqual([]);
  });

  it('an existing contact gets the signal (by contact key, e-mail in any case, sms, whatsapp)', async () => {
    await call('/_emulator/contacts', { body: [{ contactKey: 'AAUN-132417508', email: 'Jane.Doe@example.com', sms: '+37455190000', whatsapp: '+14035549090', firstName: 'Jane' }] });
    const ids = await mutate([
      to({ contactKey: 'AAUN-132417508' }), to({ email: 'jane.doe@EXAMPLE.com' }), to({ sms: '+37455190000' }), to({ whatsapp: '+14035549090' }),
    ]);
    expect(ids).toHaveLength(4);
    const contacts = await contactsOverHttp();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ contactId: 'contact-1', origin: 'seeded', signalCount: 4, attributes: { firstName: 'Jane' } });
    expect((await signalsOverHttp()).map((s) => [s.status, s.contactId])).toEqual(Array(4).fill(['accepted', 'contact-1']));
  });

  it('an unknown e-mail or phone number creates a contact', async () => {
    await mutate([to({ email: 'new@example.com' }), to({ sms: '+37455190001' }), to({ whatsapp: '+37455190002' }), to({ email: 'new@example.com' })]);
    const contacts = await contactsOverHttp();
    expect(contacts.map((c) => [c.origin, c.attributes, c.signalCount])).toEqual([
      ['created', { email: 'new@example.com' }, 2],
      ['created', { sms: '+37455190001' }, 1],
      ['created', { whatsapp: '+37455190002' }, 1],
    ]);
  });

  it('an unknown contact key alone: the signal got an id, then is discarded with that reason', async () => {
    const ids = await mutate([to({ contactKey: 'NOBODY-1' })]);
    expect(ids).toHaveLength(1);
    const [stored] = await signalsOverHttp();
    expect(stored).toMatchObject({ signalId: ids[0], status: 'discarded', reasonCode: 'unknown_contact_key', contactId: null });
    expect(stored!.reason).toMatch(/no contact has contactKey "NOBODY-1"/);
    expect(await contactsOverHttp()).toEqual([]);
    expect(emulator.stats()).toMatchObject({ accepted: 1, discardedAtMapping: 1 });
  });
});

describe('sessions', () => {
  it('a sessionId is registered with a timestamp appended, shared by later signals of the session', async () => {
    await mutate([to({ email: 'a@example.com' }, pageViewExample, { sessionId: 'SESS-1' })]);
    clock += 5000;
    await mutate([to({ email: 'a@example.com' }, pageViewExample, { sessionId: 'SESS-1' }), to({ email: 'a@example.com' }, pageViewExample, { sessionId: 'SESS-2' })]);
    const [first, second, third] = await signalsOverHttp();
    expect(first!.sessionId).toBe(`SESS-1.${clock - 5000}`);
    expect(second!.sessionId).toBe(first!.sessionId);
    expect(third!.sessionId).toBe(`SESS-2.${clock}`);
    expect((first!.signal as { sessionId: string }).sessionId).toBe('SESS-1'); // the signal itself is kept as sent
  });

  it('the reference example: SESS-789456123AB becomes SESS-789456123AB.<ms>', async () => {
    clock = 1751479037630;
    await mutate([to({ email: 'a@example.com' })]);
    expect((await signalsOverHttp())[0]!.sessionId).toBe('SESS-789456123AB.1751479037630');
  });

  it('without a sessionId the signal has none and still reaches the feed', async () => {
    const { sessionId: _omit, ...noSession } = pageViewExample;
    await mutate([to({ email: 'a@example.com' }, noSession)]);
    expect((await signalsOverHttp())[0]!.sessionId).toBeNull();
    expect((await contactsOverHttp())[0]!.feed).toHaveLength(1);
  });
});

describe('test signals', () => {
  it('test: true is validated and stored, but hidden from the activity feed', async () => {
    const ids = await mutate([to({ email: 't@example.com' }, pageViewExample, { test: true }), to({ email: 't@example.com' })]);
    expect(ids).toHaveLength(2);
    const stored = await signalsOverHttp();
    expect(stored.map((s) => [s.status, s.test])).toEqual([['accepted', true], ['accepted', false]]);
    const [contact] = await contactsOverHttp();
    expect(contact!.signalCount).toBe(2);
    expect(contact!.feed.map((e) => e.signalId)).toEqual([ids[1]]);
  });

  it('an invalid test signal is discarded like any other', async () => {
    const bad = { ...pageViewExample, signalContent: { signalType: 'pageView' }, test: true };
    expect(await mutate([to({ email: 't@example.com' }, bad)])).toEqual([]);
    expect((await signalsOverHttp())[0]).toMatchObject({ status: 'discarded', test: true, reasonCode: 'invalid' });
  });
});

describe('the activity feed', () => {
  const session = (id: string) => ({ sessionId: id });

  it('shows the 5 most recent signals per session, newest first', async () => {
    const ids = await mutate(Array.from({ length: 7 }, () => to({ email: 'f@example.com' }, pageViewExample, session('S1'))));
    const other = await mutate([to({ email: 'f@example.com' }, addToCartExample, session('S2'))]);
    const [contact] = await contactsOverHttp();
    expect(contact!.feed.map((e) => e.signalId)).toEqual([other[0], ...ids.slice(2).reverse()]);
    expect(contact!.feed[0]).toMatchObject({ signalType: 'addToCart', name: 'Add product to cart in online store', signalTimestamp: '2025-11-01T08:29:30.001Z' });
  });

  it('does not show identification signals (and they do not take a place among the 5)', async () => {
    const views = await mutate(Array.from({ length: 5 }, () => to({ email: 'f@example.com' }, pageViewExample, session('S1'))));
    await mutate([to({ email: 'f@example.com' }, identificationExample, session('S1'))]);
    const [contact] = await contactsOverHttp();
    expect(contact!.signalCount).toBe(6);
    expect(contact!.feed.map((e) => e.signalId)).toEqual([...views].reverse());
  });

  it('shows only signals of the last 30 days', async () => {
    const old = await mutate([to({ email: 'f@example.com' })]);
    clock += 30 * DAY - 1;
    expect((await contactsOverHttp())[0]!.feed.map((e) => e.signalId)).toEqual(old);
    clock += 2;
    const recent = await mutate([to({ email: 'f@example.com' })]);
    expect((await contactsOverHttp())[0]!.feed.map((e) => e.signalId)).toEqual(recent);
  });

  it('shows at most the last 1000 signals', async () => {
    const { sessionId: _omit, ...noSession } = pageViewExample;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(...(await mutate(Array.from({ length: 400 }, () => to({ email: 'f@example.com' }, noSession)))));
    const [contact] = await contactsOverHttp();
    expect(contact!.signalCount).toBe(1200);
    expect(contact!.feed).toHaveLength(1000);
    expect(contact!.feed[0]!.signalId).toBe(ids[1199]);
    expect(contact!.feed[999]!.signalId).toBe(ids[200]);
  });
});

describe('memory bound', () => {
  it('beyond retainSignals the oldest signals are forgotten; counters and contacts stay', async () => {
    const small = await startEmulator({ apiKey: 'k', retainSignals: 10 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await fetch(small.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
          body: JSON.stringify({ query: QUERY, variables: { signals: [to({ email: 'm@example.com' })] } }),
        });
        ids.push(((await r.json()) as any).data.createSignals.signalIds[0]);
      }
      expect(small.signals().map((s) => s.signalId)).toEqual(ids.slice(2));
      expect(small.stats()).toMatchObject({ accepted: 12, forgotten: 2 });
      const [contact] = small.contacts();
      expect(contact!.signalCount).toBe(12);
      expect(contact!.feed.map((e) => e.signalId)).toEqual(ids.slice(-5).reverse());
    } finally {
      await small.stop();
    }
  });
});

describe('seeding and reset', () => {
  it('POST /_emulator/contacts takes NDJSON too; a bad seed names the line and field, adds nothing', async () => {
    const ok = await call('/_emulator/contacts', { body: '{"email":"a@example.com"}\n{"contactKey":"K-1"}\n' });
    expect(ok.status).toBe(201);
    expect(ok.json.added).toBe(2);
    const bad = await call('/_emulator/contacts', { body: '{"email":"b@example.com"}\n{"sms":42}\n' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('body line 2: sms must be a non-empty string (got 42)');
    const dup = await call('/_emulator/contacts', { body: [{ email: 'c@example.com' }, { contactKey: 'K-1' }] });
    expect(dup.status).toBe(400);
    expect(dup.json.error.message).toMatch(/contactKey "K-1" already belongs to contact-2/);
    expect((await contactsOverHttp()).map((c) => c.attributes)).toEqual([{ email: 'a@example.com' }, { contactKey: 'K-1' }]);
  });

  it('a contacts file (JSON or NDJSON) seeds the emulator at start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'emulator-contacts-'));
    try {
      await writeFile(path.join(dir, 'c.json'), JSON.stringify({ contacts: [{ contactKey: 'AAUN-132417508' }] }));
      await writeFile(path.join(dir, 'c.ndjson'), '{"contactKey":"AAUN-1"}\n\n{"email":"x@example.com"}\n');
      await writeFile(path.join(dir, 'bad.ndjson'), '{"contactKey":"AAUN-1"}\n{oops\n');
      expect(await readContactSeeds(path.join(dir, 'c.json'))).toEqual([{ contactKey: 'AAUN-132417508' }]);
      const seeds = await readContactSeeds(path.join(dir, 'c.ndjson'));
      const seeded = await startEmulator({ contacts: seeds });
      expect(seeded.contacts().map((c) => c.attributes)).toEqual([{ contactKey: 'AAUN-1' }, { email: 'x@example.com' }]);
      await seeded.stop();
      const error = await readContactSeeds(path.join(dir, 'bad.ndjson')).catch((e: unknown) => e);
      expect(isEmulatorError(error) && error.code).toBe('ERR_CONTACT_SEED');
      expect((error as Error).message).toMatch(/bad\.ndjson line 2: not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('POST /_emulator/reset clears signals, contacts and sessions', async () => {
    await call('/_emulator/contacts', { body: [{ contactKey: 'K' }] });
    await mutate([to({ email: 'a@example.com' })]);
    expect((await call('/_emulator/reset')).json).toEqual({ reset: true });
    expect(await signalsOverHttp()).toEqual([]);
    expect(await contactsOverHttp()).toEqual([]);
  });

  it('GET /_emulator/signals filters by status and pages', async () => {
    await mutate([to({ contactKey: 'NOBODY' }), to({ email: 'a@example.com' }), to({ email: 'b@example.com' })]);
    const discarded = (await call('/_emulator/signals?status=discarded', { method: 'GET' })).json;
    expect(discarded.signals.map((s: StoredSignal) => s.reasonCode)).toEqual(['unknown_contact_key']);
    const page = (await call('/_emulator/signals?offset=1&limit=1', { method: 'GET' })).json;
    expect(page).toMatchObject({ total: 3, count: 1 });
    expect((await call('/_emulator/signals?limit=x', { method: 'GET' })).status).toBe(400);
  });
});
