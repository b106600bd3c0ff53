/**
 * The mutation stage over real HTTP: in a mixed batch the invalid signals are
 * discarded without an id and the others get one UUID each, in order; more
 * than 500 signals are refused whole; the tier discards what it cannot
 * import; an invalid optional field is removed, not fatal. The request
 * path's shortcut for variables answers exactly as graphql-yoga does.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { print } from 'graphql';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { startEmulator, type EmulatorHandle } from '../src/index.js';
import { addToCartExample, identificationExample, orderExample, pageViewExample, referenceExamples } from './fixtures/reference-examples.js';

const QUERY = print(CreateSignalsDocument);
// The same operation written differently: yoga answers it (the shortcut only knows the bulk form by its parse).
const ALIASED = 'mutation Other($signals: [SignalInput!]!) { result: createSignals(signals: $signals) { signalIds } }';
let emulator: EmulatorHandle;

async function mutate(signals: unknown[], query = QUERY) {
  const variables = { signals };
  const response = await fetch(emulator.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, { signalIds: string[] } | null> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, json, ids: json.data?.createSignals?.signalIds ?? json.data?.result?.signalIds };
}

const email = (signal: object, address: string) => ({ ...signal, identifiableAttributes: { email: address } });
const bad = { ...pageViewExample, signalContent: { ...pageViewExample.signalContent, url: undefined } }; // required url missing

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'k' });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('mixed batches', () => {
  it('invalid signals get no id; the others get one UUID each, in order', async () => {
    const batch = [email(orderExample, 'a@example.com'), bad, email(addToCartExample, 'b@example.com'), { ...bad, test: true }, pageViewExample];
    const { status, ids, json } = await mutate(batch);
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    expect(ids).toHaveLength(3);
    const stored = emulator.signals();
    expect(stored.map((s) => s.status)).toEqual(['accepted', 'discarded', 'accepted', 'discarded', 'accepted']);
    expect(stored.filter((s) => s.signalId !== null).map((s) => s.signalId)).toEqual(ids);
    expect(stored.map((s) => s.signalType)).toEqual(['order', 'pageView', 'addToCart', 'pageView', 'pageView']);
    const discarded = stored[1]!;
    expect(discarded).toMatchObject({ signalId: null, reasonCode: 'invalid', contactId: null });
    expect(discarded.reason).toMatch(/signalContent\.url/);
    expect(discarded.issues[0]).toMatchObject({ path: 'signalContent.url', code: 'required' });
    expect(stored[3]!.test).toBe(true);
  });

  it('an invalid optional field is removed and the signal accepted without it', async () => {
    const signal = { ...pageViewExample, signalContent: { ...pageViewExample.signalContent, effect: 'sideways' } };
    const { ids } = await mutate([signal]);
    expect(ids).toHaveLength(1);
    const [stored] = emulator.signals();
    expect(stored!.status).toBe('accepted');
    expect(stored!.signal).toEqual({ ...pageViewExample, signalContent: { ...pageViewExample.signalContent, effect: undefined } });
    expect(Object.hasOwn((stored!.signal as { signalContent: object }).signalContent, 'effect')).toBe(false);
    expect(stored!.issues[0]).toMatchObject({ path: 'signalContent.effect', code: 'enum' });
  });

  it('a batch where every signal is invalid answers an empty list', async () => {
    const { ids } = await mutate([bad, bad]);
    expect(ids).toEqual([]);
    expect(emulator.stats()).toMatchObject({ accepted: 0, discardedAtMutation: 2 });
  });
});

describe('the 500-signal cap', () => {
  it('500 signals are accepted', async () => {
    const { ids } = await mutate(Array.from({ length: 500 }, (_, i) => email(pageViewExample, `u${i}@example.com`)));
    expect(ids).toHaveLength(500);
  });

  it('501 signals are refused whole with a GraphQL error, and nothing is stored', async () => {
    const { status, json } = await mutate(Array.from({ length: 501 }, () => pageViewExample));
    expect(status).toBe(200);
    expect(json.data?.createSignals).toBeNull();
    expect(json.errors![0]!.message).toMatch(/at most 500 signals .* has 501/);
    expect(json.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(emulator.signals()).toEqual([]);
    expect(emulator.contacts()).toEqual([]);
  });
});

describe('tier', () => {
  it('on pro, the types pro cannot import are discarded at the mutation; the rest are accepted', async () => {
    const pro = await startEmulator({ tier: 'pro', apiKey: 'k' });
    try {
      const signals = Object.values(referenceExamples).map((s) => email(s, 'pro@example.com'));
      const response = await fetch(pro.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: JSON.stringify({ query: QUERY, variables: { signals } }),
      });
      const ids = ((await response.json()) as { data: { createSignals: { signalIds: string[] } } }).data.createSignals.signalIds;
      expect(ids).toHaveLength(3);
      const stored = pro.signals();
      expect(stored.filter((s) => s.status === 'accepted').map((s) => s.signalType).sort()).toEqual(['addToCart', 'identification', 'order']);
      const refused = stored.filter((s) => s.status === 'discarded');
      expect(refused).toHaveLength(8);
      for (const s of refused) {
        expect(s).toMatchObject({ signalId: null, reasonCode: 'tier_not_allowed' });
        expect(s.reason).toMatch(/cannot be imported on the pro tier/);
      }
    } finally {
      await pro.stop();
    }
  });
});

describe('the shortcut for variables answers as graphql-yoga does', () => {
  const variant = fc.constantFrom<(s: Record<string, unknown>) => unknown>(
    (s) => s,
    (s) => ({ ...s, sessionId: 7 }), // not a string: GraphQL refuses the whole request
    (s) => ({ ...s, extra: true }), // not a SignalInput field: refused whole
    (s) => ({ ...s, signalContent: { ...(s.signalContent as object), signalType: 'nope' } }), // discarded
    (s) => ({ ...s, test: true }),
    (s) => ({ ...s, identifiableAttributes: { contactKey: 'UNKNOWN-1' } }), // id, then discarded at mapping
  );
  const batch = fc.array(fc.tuple(fc.constantFrom(...Object.values(referenceExamples)), variant), { minLength: 0, maxLength: 6 })
    .map((pairs) => pairs.map(([s, v]) => v(email(s, 'x@example.com') as Record<string, unknown>)));

  it('same status, errors and stored signals for any batch', async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (signals) => {
        emulator.reset();
        const a = await mutate(signals);
        const viaShortcut = emulator.signals().map(({ status, reasonCode, signal, signalType, test }) => ({ status, reasonCode, signal, signalType, test }));
        emulator.reset();
        const b = await mutate(signals, ALIASED);
        const viaYoga = emulator.signals().map(({ status, reasonCode, signal, signalType, test }) => ({ status, reasonCode, signal, signalType, test }));
        expect(a.status).toBe(b.status);
        expect(a.ids?.length).toBe(b.ids?.length);
        expect(a.json.errors?.map((e) => e.message)).toEqual(b.json.errors?.map((e) => e.message));
        expect(JSON.parse(JSON.stringify(viaShortcut))).toEqual(JSON.parse(JSON.stringify(viaYoga)));
      }),
      { numRuns: 40 },
    );
  });

  it('identification and order examples keep their order across the shortcut', async () => {
    const { ids } = await mutate([email(identificationExample, 'a@example.com'), email(orderExample, 'a@example.com')]);
    expect(emulator.signals().map((s) => s.signalId)).toEqual(ids);
  });
});
