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
/** A copy of the first example with a field the schema does not name (a misspelling) in signalContent. */
function misspelt() {
  const first = signals[0]!;
  return { ...first, signalContent: { ...first.signalContent, signalTimestampp: 'x' } };
}

describe('the bulk-mutation fast path', () => {
  it('recognises the mutation clients send, with every signal valid', async () => {
    const fast = new FastPath(buildLocalSchema(await readLocalSdl()));
    const body = Buffer.from(JSON.stringify({ query, variables: { signals } }));
    const checked = fast.signals(body, 'application/json');
    expect(checked?.signals).toHaveLength(signals.length);
    expect(checked?.known).toEqual(signals.map(() => true));
  });

  it('hands on which check each signal passed: one with a field the schema does not name passes only the looser one', async () => {
    const fast = new FastPath(buildLocalSchema(await readLocalSdl()));
    const checked = fast.signals(Buffer.from(JSON.stringify({ query, variables: { signals: [signals[0], misspelt()] } })), 'application/json');
    expect(checked?.known).toEqual([true, false]);
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

    it('warns of a misspelled field as the full path does, though the signal was checked once', async () => {
      emulator.reset();
      await post(query, { signals: [misspelt()] });
      const fastIssues = emulator.signals()[0]?.issues;
      emulator.reset();
      await post('mutation CreateSignals($signals: [SignalInput!]!) { createSignals(signals: $signals) { ... on CreateSignalsPayload { signalIds } } }', { signals: [misspelt()] });
      expect(fastIssues).toEqual(emulator.signals()[0]?.issues);
      expect(fastIssues?.map((i) => i.path)).toEqual(['signalContent.signalTimestampp']);
    });

    it('gives back every stored signal as sent, though it keeps them as the bytes of their requests', async () => {
      // Each read back from its request's bytes (test/emulator-received-body.test.ts: after more were parsed than stay parsed).
      emulator.reset();
      const sent: unknown[] = [];
      for (let r = 0; r < 12; r++) {
        const batch = signals.map((s, i) => ({ ...s, sessionId: `bytes-${r}-${i}` }));
        sent.push(...batch);
        await post(query, { signals: batch });
      }
      expect(emulator.signals().map((s) => s.signal)).toEqual(sent);
      expect(emulator.signals({ text: '"bytes-3-1"' }).map((s) => s.signal)).toEqual([sent[3 * signals.length + 1]]);
    });
  });
});
