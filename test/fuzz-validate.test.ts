/**
 * Fuzzing validateSignal with what test/validate-property.test.ts does not
 * generate: any JavaScript value (not only JSON: undefined, NaN, -0, BigInt,
 * Map, Date, null-prototype objects, sparse arrays…), and reference signals
 * with hostile values spliced in (deep nesting, __proto__/constructor/
 * prototype keys, strings of up to 1 MB, lone surrogates, 1e308, "NaN",
 * thousands of bad items).
 *
 * Invariants: never throws; an invalid result has at least one error, each
 * with a path (`''` for the signal itself) that its message names; a valid
 * result's signal validates again with nothing to repair; the input is not
 * changed; no built-in prototype gains a key. Size: FUZZ_RUNS (test/helpers/fuzz.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_TYPES } from '../generated/signal-meta.js';
import { validateSignal, type ValidateOptions, type ValidationResult } from '../src/validate/index.js';
import { fuzzParams, fuzzTimeout, polluted, prototypeSnapshot } from './helpers/fuzz.js';
import { orderExample, referenceExamples } from './fixtures/reference-examples.js';

const CODES = new Set(['required', 'type', 'integer', 'enum', 'format', 'max_length', 'min_length', 'identifiable_attributes',
  'unknown_signal_type', 'tier_not_allowed', 'not_an_object', 'unknown_field', 'invalid']);

let prototypesBefore: string;
beforeAll(() => {
  prototypesBefore = prototypeSnapshot();
});
afterAll(() => {
  expect(prototypeSnapshot()).toBe(prototypesBefore);
});

function checkResult(result: ValidationResult, options: ValidateOptions): void {
  const issues = [...(result.valid ? [] : result.errors), ...result.warnings];
  for (const issue of issues) {
    expect(typeof issue.path).toBe('string');
    expect(CODES.has(issue.code)).toBe(true);
    expect(issue.message.length).toBeGreaterThan(0);
    // Every problem names its field (the signal itself has the path '').
    if (issue.path !== '') expect(issue.message).toContain(issue.path);
  }
  expect(typeof result.signalType).toBe('string');
  if (!result.valid) {
    expect(result.errors.length).toBeGreaterThan(0);
    return;
  }
  // What would be sent is valid as it is: nothing more to remove.
  const again = validateSignal(result.signal, options);
  expect(again.valid).toBe(true);
  expect(again.warnings.filter((w) => w.code !== 'unknown_field')).toEqual([]);
  expect(again.valid && again.signal).toEqual(result.signal);
}

/** Whether `value` survives a JSON round trip unchanged (what a file of signals can hold). */
/**
 * Whether `value` survives a JSON round trip unchanged; undefined when that
 * cannot be told because the comparison itself ran out of stack (values nested
 * ~1,000 deep sit near the limit, which moves with how V8 compiled the caller).
 */
function jsonSafe(value: unknown): boolean | undefined {
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(value)), value);
  } catch (error) {
    return error instanceof RangeError ? undefined : false;
  }
}

function checkNoPollution(): void {
  expect(polluted()).toBe(false);
}

const options: fc.Arbitrary<ValidateOptions> = fc.record(
  { tier: fc.constantFrom(undefined, 'pro', 'premium', 'ultimate' as const), appKey: fc.constantFrom(undefined, 'app-key', '') },
  { requiredKeys: [] },
);

describe('fuzz: validateSignal on any value', () => {
  it('never throws on any JavaScript value, explains every rejection, and changes nothing', () => {
    const value = fc.anything({
      maxDepth: 4,
      maxKeys: 6,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'appKey', 'signalContent', 'identifiableAttributes', 'signalType')),
    });
    // Values in the shape of a signal, so that the deeper checks are reached too.
    const signalShaped = fc.record({
      appKey: value,
      identifiableAttributes: fc.oneof(value, fc.record({ email: value }), fc.record({ contactKey: value })),
      signalContent: fc.oneof(value, fc.record({ signalType: fc.oneof(fc.constantFrom(...SIGNAL_TYPES), value) }, { requiredKeys: ['signalType'] }).chain((c) => fc.dictionary(fc.string(), value).map((d) => ({ ...d, ...c })))),
      sessionId: value,
      test: value,
    }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(value, signalShaped), options, (input, opts) => {
      let before: unknown;
      try {
        before = structuredClone(input);
      } catch {
        before = undefined; // not cloneable (a value no JSON file can hold): only "never throws" is checked
      }
      const result = validateSignal(input, opts);
      checkResult(result, opts);
      if (before !== undefined) expect(input).toEqual(before);
      checkNoPollution();
    }), fuzzParams('validate-anything'));
  }, fuzzTimeout('validate-anything', 2));
});

// ---------------------------------------------------------------------------
// Hostile values spliced into the reference signals

const MB_STRING = 'x'.repeat(1_000_000);
/** A deeply nested value, made when spliced in (so that a counterexample prints short). */
class Deep {
  constructor(readonly depth: number, readonly open: string, readonly close: string) {}
  value(): unknown {
    return JSON.parse(`${this.open.repeat(this.depth)}0${this.close.repeat(this.depth)}`);
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.depth} × ${this.open})`;
  }
}
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  // Keys that are object behaviour, as JSON.parse makes them: own data properties.
  fc.constantFrom(
    '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"prototype":{"polluted":1}}',
    '[{"__proto__":{"polluted":1}}]', '{"__proto__":null}', '{"__proto__":[]}', '{"toString":1,"valueOf":"x","hasOwnProperty":null}',
  ).map((text) => JSON.parse(text) as unknown),
  // Deep nesting (the reader allows up to 512 levels by default).
  fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([d, [o, c]]) => new Deep(d, o!, c!)),
  // Numbers at the edges, and strings that look like numbers.
  fc.constantFrom(-0, 1e308, -1e308, 5e-324, 2 ** 53 + 2, Number.MAX_VALUE, 0.1 + 0.2, NaN, Infinity, -Infinity,
    'NaN', 'Infinity', '-Infinity', '1e309', '0x10', ' 1', '1 ', '١٢٣', '-0', '1e-400', ''),
  // Strings: long, huge, broken.
  fc.constantFrom(MB_STRING, 'y'.repeat(255), 'y'.repeat(256), 'y'.repeat(257), '\uD800', '\uDFFF\uD800', '\u0000', '\u202E', '🎨'.repeat(300), 'a\u0301'.repeat(200)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // Many bad items, the all-errors path's slicing included.
  fc.integer({ min: 0, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? { productId: i } : i % 3 === 1 ? null : { unitPrice: 'x' }))),
  // Values that are not JSON at all.
  fc.constantFrom(undefined, () => 1, Symbol('s'), 10n, new Date(NaN), new Map([['a', 1]]), Object.create(null) as unknown, [, 1] as unknown),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'then',
    'signalType', 'productId', 'orderedItems', 'email', 'appKey', 'signalContent', '', ' ', 'a.b', '[0]', '~1/', MB_STRING.slice(0, 70_000)),
  fc.string({ maxLength: 10 }),
);

type Path = (string | number)[];

/** Every path to an object or array inside `value` (where a key can be set), down to a few levels. */
function containers(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || at.length > 5) return [];
  const out: Path[] = [at];
  for (const [k, v] of Object.entries(value)) out.push(...containers(v, [...at, k]));
  return out;
}

interface Splice { pick: number; key: string | undefined; value: unknown }

/** A copy of a generated value (fast-check may hand the same instance to two edits), or the value if it cannot be copied. */
function cloned(value: unknown): unknown {
  if (value instanceof Deep) return value.value();
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function splice(signal: unknown, edits: readonly Splice[]): unknown {
  const copy = structuredClone(signal) as Record<string, unknown>;
  for (const edit of edits) {
    const all = containers(copy);
    const path = all[edit.pick % all.length]!;
    let target = copy as Record<string | number, unknown>;
    for (const s of path) target = target[s] as Record<string | number, unknown>;
    const keys = Object.keys(target);
    // Set an existing field (or item), or add a new key; defineProperty keeps `__proto__` a plain own key.
    const key = edit.key ?? (keys.length > 0 ? keys[edit.pick % keys.length]! : 'x');
    // An array's `length` cannot be redefined (and no JSON text can give it another value): no edit.
    if (Object.getOwnPropertyDescriptor(target, key)?.configurable === false) continue;
    Object.defineProperty(target, key, { value: cloned(edit.value), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

describe('fuzz: validateSignal on reference signals with hostile values', () => {
  it('never throws, explains every rejection, keeps prototype-looking keys as data', () => {
    const edit: fc.Arbitrary<Splice> = fc.record({ pick: fc.nat(), key: fc.option(hostileKey, { nil: undefined }), value: hostile });
    fc.assert(fc.property(fc.constantFrom(...SIGNAL_TYPES), fc.array(edit, { minLength: 1, maxLength: 3 }), options, (type, edits, opts) => {
      const input = splice(referenceExamples[type], edits);
      const result = validateSignal(input, opts);
      checkResult(result, opts);
      checkNoPollution();
      if (!result.valid) return;
      expect(Object.getPrototypeOf(result.signal)).toBe(Object.prototype);
      // A signal read from a file is sent exactly as validated. (Values no file can hold, such as
      // BigInt or NaN in an unknown content field, are the calling program's to avoid.)
      if (jsonSafe(input) === true) expect(jsonSafe(result.signal)).not.toBe(false);
    }), fuzzParams('validate-hostile'));
  }, fuzzTimeout('validate-hostile', 3));

  it('a signal with __proto__ and constructor keys in every object is judged as data, and pollutes nothing', () => {
    const evil = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"';
    const order = JSON.stringify(referenceExamples.order);
    // In identifiableAttributes they are two attributes too many: the signal is discarded, naming them.
    const everywhere = validateSignal(JSON.parse(order.replace(/\{"/g, evil)));
    checkResult(everywhere, {});
    expect(everywhere).toMatchObject({ valid: false, errors: [{ path: 'identifiableAttributes', code: 'identifiable_attributes' }] });
    expect(everywhere.valid || everywhere.errors[0]!.message).toContain('(got 3: __proto__, constructor, contactKey)');
    // Elsewhere: removed from the envelope (not fields of a signal input), kept in the content (unknown content fields are sent).
    const signal = JSON.parse(order.replace(/\{"(?!contactKey)/g, evil)) as Record<string, unknown>;
    const result = validateSignal(signal);
    checkResult(result, {});
    expect(result.valid).toBe(true);
    expect(result.valid && Object.hasOwn(result.signal, '__proto__')).toBe(false);
    expect(result.valid && Object.hasOwn(result.signal.signalContent, '__proto__')).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(signal, '__proto__')).toBe(true); // the input is unchanged
    checkNoPollution();
  });
});

describe('regressions found by fuzzing the validator', () => {
  it('an item array with its own `constructor` key (which Array#slice would call) gets a result, not a TypeError', () => {
    for (const count of [2, 300]) {
      const items: unknown[] = Array.from({ length: count }, (_, i) => ({ ...orderExample.signalContent.orderedItems[0], itemQuantity: i % 2 === 0 ? 1 : 'x' }));
      Object.defineProperty(items, 'constructor', { value: -0, enumerable: true, writable: true, configurable: true });
      const signal = { ...referenceExamples.order, signalContent: { ...referenceExamples.order.signalContent, orderedItems: items } };
      const result = validateSignal(signal);
      checkResult(result, {});
      // The bad optional itemQuantity values are removed; the items stay.
      expect(result.valid && result.signal.signalContent).toMatchObject({ orderedItems: { length: count } });
      expect(result.warnings.find((w) => w.path === 'signalContent.orderedItems[1].itemQuantity')).toBeDefined();
    }
  });
});
