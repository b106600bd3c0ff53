/**
 * Signals kept as the bytes of their requests (src/emulator/received-body.ts): read back as
 * sent, however many requests were parsed in between; and the text search (`?text=`,
 * `signals({ text })`), which skips a request's signals unparsed when its text cannot hold the
 * needle. Whatever JSON a client wrote (spacing, escapes, number forms), that shortcut must never
 * skip a signal whose JSON (as `JSON.stringify` writes it) holds the needle.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/index.js';
import { ReceivedBody } from '../src/emulator/received-body.js';
import { referenceExamples } from './fixtures/reference-examples.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How a client may write the same JSON: what JSON.parse reads alike and JSON.stringify writes one way. */
interface Style {
  readonly space: string;
  readonly strings: 'plain' | 'unicode escapes' | 'escaped slashes';
  readonly numbers: 'plain' | 'exponent' | 'trailing zeros' | 'all digits';
}

function writeString(text: string, style: Style): string {
  if (style.strings === 'escaped slashes') return JSON.stringify(text).replaceAll('/', '\\/');
  if (style.strings === 'unicode escapes') {
    return JSON.stringify(text).replace(/[^\x20-\x7e]|[aeiou]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return JSON.stringify(text);
}

function writeNumber(n: number, style: Style): string {
  const plain = JSON.stringify(n);
  if (style.numbers === 'exponent') return n.toExponential();
  if (style.numbers === 'trailing zeros' && !/e/i.test(plain)) return plain.includes('.') ? `${plain}00` : `${plain}.00`;
  if (style.numbers === 'all digits') {
    // Never an exponent: a tiny number as its decimals (JSON.stringify writes 1e-7), others with
    // all of the double's digits (more than JSON.stringify writes).
    if (n !== 0 && Math.abs(n) < 1e-6) {
      const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
      return `${n < 0 ? '-' : ''}0.${'0'.repeat(-Number(exponent) - 1)}${mantissa.replace(/[-.]/g, '')}`;
    }
    if (Math.abs(n) < 1e21) return n.toPrecision(21);
  }
  return plain;
}

function write(value: Json, style: Style): string {
  const s = style.space;
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return writeNumber(value, style);
  if (typeof value === 'string') return writeString(value, style);
  if (Array.isArray(value)) return `[${s}${value.map((v) => write(v, style)).join(`${s},${s}`)}${s}]`;
  return `{${s}${Object.entries(value).map(([k, v]) => `${writeString(k, style)}${s}:${s}${write(v, style)}`).join(`${s},${s}`)}${s}}`;
}

/** Numbers as clients send them, and those JSON.stringify writes otherwise: big, tiny, imprecise, -0. */
const number = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e-7, 0.000001, 123456789012345678, 1234567.123456789, 0.1 + 0.2, 1.9999999999999998, 1e21, 2.5, -0),
);
/** JSON values with strings of any code units (lone surrogates and control characters included). */
const { json } = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    number,
    fc.string({ unit: 'binary' }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('json'), { maxKeys: 4 }),
  ),
}));

const style = fc.record<Style>({
  space: fc.constantFrom('', ' ', '\n  '),
  strings: fc.constantFrom('plain', 'unicode escapes', 'escaped slashes'),
  numbers: fc.constantFrom('plain', 'exponent', 'trailing zeros', 'all digits'),
});

/** A request body holding `signal` as written in `style`, among other text. */
function bodyOf(signal: Json, s: Style): ReceivedBody {
  const text = `{"query":"mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }","variables":{"signals":[${write(signal, s)}]}}`;
  return new ReceivedBody(Buffer.from(text), 'signals');
}

describe('signals kept as bytes', () => {
  it('reads back as sent after more requests were parsed than stay parsed (32 MiB)', () => {
    // Eight requests of ~5 MB each: reading them all leaves the first ones unparsed again.
    const sent = Array.from({ length: 8 }, (_, i) => ({ n: i, padding: String(i).repeat(5_000_000) }));
    const bodies = sent.map((signal) => new ReceivedBody(Buffer.from(JSON.stringify({ variables: { signals: [signal] } })), 'signals'));
    expect(bodies.map((b) => (b.signal(0) as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(bodies[0]!.signal(0)).toEqual(sent[0]);
    expect(bodies[7]!.signal(0)).toEqual(sent[7]);
  });
});

describe('text search over signals kept as bytes', () => {
  it('never skips a signal whose JSON holds the needle, however the client wrote it', () => {
    fc.assert(
      fc.property(json, style, fc.nat(), fc.nat(40), (signal, s, start, length) => {
        const body = bodyOf(signal, s);
        const json = JSON.stringify(body.signal(0)).toLowerCase();
        const from = json.length === 0 ? 0 : start % json.length;
        const needle = json.slice(from, from + length + 1);
        expect(body.mayContain(needle)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never skips one for a needle of any text: the answer is the JSON\'s', () => {
    fc.assert(
      fc.property(json, style, fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), (signal, s, text) => {
        const body = bodyOf(signal, s);
        const needle = text.toLowerCase();
        if (JSON.stringify(body.signal(0)).toLowerCase().includes(needle)) expect(body.mayContain(needle)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['an escaped slash', '["a\\/b"]', 'a/b'],
    ['a unicode escape', '["caf\\u00e9"]', 'café'],
    ['an exponent', '[1.5e2]', '150'],
    ['more digits than a double keeps', '[9007199254740993]', '40992'],
    ['a number below 1e-6', '[0.0000001]', '1e-7'],
  ])('compares the signals one by one when the request has %s', (_, signals, needle) => {
    const body = new ReceivedBody(Buffer.from(`{"variables":{"signals":${signals}}}`), 'signals');
    expect(JSON.stringify(body.signal(0))).toContain(needle);
    expect(body.mayContain(needle)).toBe(true);
  });

  it('skips a request whose text, written as JSON.stringify writes it, does not hold the needle', () => {
    const order = referenceExamples.order as unknown as Json;
    const body = bodyOf(order, { space: '', strings: 'plain', numbers: 'plain' });
    expect(body.mayContain('no such text')).toBe(false);
    expect(body.mayContain('order')).toBe(true);
    // Written otherwise (an escape JSON.stringify would not write), its signals are compared one by one.
    expect(bodyOf(order, { space: '', strings: 'escaped slashes', numbers: 'plain' }).mayContain('no such text')).toBe(true);
  });

  describe('through the emulator', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(() => emulator.stop());

    it('finds a signal in a bulk request by a value that only its request holds, and nothing for text none holds', async () => {
      const signals = Object.values(referenceExamples).map((s, i) => ({ ...s, sessionId: `text-search-${i}` }));
      const res = await fetch(emulator.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
        body: JSON.stringify({ query: 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }', variables: { signals } }),
      });
      expect(res.status).toBe(200);
      expect(emulator.signals({ text: 'TEXT-SEARCH-3"' }).map((s) => s.signal)).toEqual([signals[3]]);
      expect(emulator.signals({ text: 'no such text anywhere' })).toEqual([]);
    });
  });
});
