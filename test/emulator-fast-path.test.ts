/**
 * The emulator's shortcut for bulk createSignals requests (src/emulator/fast-path.ts)
 * must take the requests clients send, and give the same answers and stored
 * signals as the full GraphQL path it bypasses.
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { buildLocalSchema, readLocalSdl, startEmulator, type EmulatorHandle } from '../src/index.js';
import { FastPath } from '../src/emulator/fast-path.js';
import { referenceExamples } from './fixtures/reference-examples.js';

const query = print(CreateSignalsDocument);
const signals = Object.values(referenceExamples);

describe('the bulk-mutation fast path', () => {
  it('recognises the mutation clients send, with every signal valid', async () => {
    const fast = new FastPath(buildLocalSchema(await readLocalSdl()));
    const body = Buffer.from(JSON.stringify({ query, variables: { signals } }));
    expect(fast.signals(body, 'application/json')).toHaveLength(signals.length);
  });

  it('leaves anything else to GraphQL: an invalid signal, another query, another content type', async () => {
    const fast = new FastPath(buildLocalSchema(await readLocalSdl()));
    const bad = [...signals, { ...signals[0], appKey: 42 }];
    expect(fast.signals(Buffer.from(JSON.stringify({ query, variables: { signals: bad } })), 'application/json')).toBeNull();
    expect(fast.signals(Buffer.from(JSON.stringify({ query: '{ _service }' })), 'application/json')).toBeNull();
    expect(fast.signals(Buffer.from(JSON.stringify({ query, variables: { signals } })), 'text/plain')).toBeNull();
  });

  describe('answers like the full path', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.stop());

    const post = async (q: string, vars: unknown) => {
      const res = await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
        body: JSON.stringify({ query: q, variables: vars }),
      });
      return (await res.json()) as { data: { createSignals: { signalIds: string[] } } };
    };

    it('stores the same signals and answers one id each, by either path', async () => {
      // The client's query takes the fast path; the same operation spelled with an alias-free
      // inline fragment does not, and goes through graphql-yoga.
      const slow = 'mutation CreateSignals($signals: [SignalInput!]!) { createSignals(signals: $signals) { ... on CreateSignalsPayload { signalIds } } }';
      const a = await post(query, { signals });
      const stored = emulator.signals().map((s) => ({ status: s.status, signal: s.signal }));
      emulator.reset();
      const b = await post(slow, { signals });
      expect(a.data.createSignals.signalIds).toHaveLength(signals.length);
      expect(b.data.createSignals.signalIds).toHaveLength(signals.length);
      expect(emulator.signals().map((s) => ({ status: s.status, signal: s.signal }))).toEqual(stored);
    });
  });
});
