/**
 * The reference's 11 example mutations, sent verbatim over real HTTP to a
 * running emulator, each return exactly one signal id; the same signals sent
 * as variables are processed the same way.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { CreateSignalsDocument } from '../generated/graphql.js';
import { print } from 'graphql';
import { SIGNAL_TYPES, startEmulator, type EmulatorHandle } from '../src/index.js';
import { referenceExamples } from './fixtures/reference-examples.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const mutation = (type: string) => readFileSync(new URL(`./fixtures/reference-mutations/${type}.graphql`, import.meta.url), 'utf8');

let emulator: EmulatorHandle;
const post = async (path: string, body: unknown) => {
  const response = await fetch(emulator.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { data?: { createSignals: { signalIds: string[] } | null }; errors?: unknown[] } };
};

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.reset();
  // The reference's contact-key examples name AAUN-132417508: an existing contact.
  emulator.addContacts([{ contactKey: 'AAUN-132417508' }]);
});

describe('the reference mutations, sent verbatim', () => {
  it.each([...SIGNAL_TYPES])('%s returns exactly one signal id at / and the signal is accepted', async (type) => {
    const { status, json } = await post('/', { query: mutation(type) });
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    const ids = json.data!.createSignals!.signalIds;
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(UUID);
    const [stored] = emulator.signals();
    expect(stored).toMatchObject({ signalId: ids[0], status: 'accepted', signalType: type, test: false });
    expect(stored!.contactId).not.toBeNull();
    expect(stored!.signal).toEqual(referenceExamples[type]);
  });

  it('a .graphql file posted as it is (curl --data-binary @order.graphql -H "content-type: application/graphql")', async () => {
    const response = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', 'x-api-key': emulator.apiKey },
      body: mutation('order'),
    });
    const json = (await response.json()) as { data: { createSignals: { signalIds: string[] } } };
    expect(json.data.createSignals.signalIds).toHaveLength(1);
    expect(emulator.signals()[0]!.signal).toEqual(referenceExamples.order);
  });

  it('each is also served at /graphql', async () => {
    const { json } = await post('/graphql', { query: mutation('pageView') });
    expect(json.data!.createSignals!.signalIds).toHaveLength(1);
  });
});

describe('the same signals as variables', () => {
  it('all 11 in one mutation get 11 ids, in order, stored as sent', async () => {
    const signals = SIGNAL_TYPES.map((t) => referenceExamples[t]);
    const { json } = await post('/graphql', { query: print(CreateSignalsDocument), variables: { signals } });
    const ids = json.data!.createSignals!.signalIds;
    expect(ids).toHaveLength(11);
    expect(new Set(ids).size).toBe(11);
    const stored = emulator.signals();
    expect(stored.map((s) => s.signalId)).toEqual(ids);
    expect(stored.map((s) => s.signalType)).toEqual([...SIGNAL_TYPES]);
    expect(stored.map((s) => s.signal)).toEqual(signals);
  });

  it('inline literals and variables give the same stored results', async () => {
    for (const type of SIGNAL_TYPES) await post('/', { query: mutation(type) });
    const inline = emulator.signals().map(({ signal, status, signalType, contactId }) => ({ signal, status, signalType, contactId }));
    emulator.reset();
    emulator.addContacts([{ contactKey: 'AAUN-132417508' }]);
    for (const type of SIGNAL_TYPES) await post('/', { query: print(CreateSignalsDocument), variables: { signals: [referenceExamples[type]] } });
    const variables = emulator.signals().map(({ signal, status, signalType, contactId }) => ({ signal, status, signalType, contactId }));
    expect(variables).toEqual(inline);
  });
});
