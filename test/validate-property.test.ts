/**
 * Property: for any JSON value, and for any mutation of a valid signal,
 * validateSignal never throws, and an invalid result always carries at least
 * one error with a path and a message. A valid result's signal validates again
 * without new changes (removing invalid optional fields is idempotent).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNAL_TYPES, validateSignal, type ValidationResult } from '../src/index.js';
import { referenceExamples } from './fixtures/reference-examples.js';

type Json = unknown;

function checkResult(result: ValidationResult): void {
  for (const issue of [...(result.valid ? [] : result.errors), ...result.warnings]) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.code).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
  }
  if (!result.valid) {
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
    return;
  }
  // What would be sent is itself valid and needs no further repair.
  const again = validateSignal(result.signal);
  expect(again.valid).toBe(true);
  expect(again.valid && again.signal).toEqual(result.signal);
}

/** Keys that matter: the schema's own, near misses, and ones that are dangerous as object keys. */
const key = fc.oneof(
  fc.constantFrom('appKey', 'identifiableAttributes', 'signalContent', 'sessionId', 'test', 'signalType', 'email', 'sms',
    'contactKey', 'productId', 'productID', 'unitPrice', 'itemQuantity', 'orderedItems', 'abandonedItems', 'effect', 'name',
    'signalTimestamp', 'currency', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  fc.string(),
);

const jsonValue = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(),
    fc.constantFrom(...SIGNAL_TYPES, 'USD', 'positive', 'neutral', '2025-11-01T08:29:30.001Z', 'jane.doe@example.com', '+14035549090', ''),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

type Path = (string | number)[];

/** Every path to a value inside `value`. */
function paths(value: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

type Mutation = { kind: 'delete' | 'set'; pick: number; value: Json; key: string };

function mutate(signal: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(signal);
  for (const m of mutations) {
    const all = paths(copy).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const path = all[m.pick % all.length]!;
    let parent = copy as Record<string | number, Json>;
    for (const s of path.slice(0, -1)) parent = parent[s] as Record<string | number, Json>;
    const last = path[path.length - 1]!;
    if (m.kind === 'set') parent[last] = m.value;
    else if (Array.isArray(parent)) continue; // deleting from or adding keys to an array: not a JSON change
    else if (m.kind === 'delete') delete parent[last];
    else Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'set', 'add'),
  pick: fc.nat(),
  value: jsonValue,
  key,
}) as fc.Arbitrary<Mutation>;

describe('validateSignal on open-ended input', () => {
  it('never throws on arbitrary JSON values, and explains every invalid one', () => {
    fc.assert(fc.property(jsonValue, fc.constantFrom(undefined, 'pro', 'premium', 'ultimate' as const), (value, tier) => {
      checkResult(validateSignal(value, { tier }));
    }), { numRuns: 500 });
  });

  it('never throws on arbitrary JSON text parsed as a signal (keys like __proto__ stay data)', () => {
    fc.assert(fc.property(fc.json({ depthSize: 'small' }), (text) => {
      checkResult(validateSignal(JSON.parse(text)));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('never throws on mutations of the reference examples, and explains every invalid one', () => {
    fc.assert(fc.property(fc.constantFrom(...SIGNAL_TYPES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (type, mutations) => {
      checkResult(validateSignal(mutate(referenceExamples[type], mutations)));
    }), { numRuns: 1000 });
  });

  it('a signal input whose prototype-looking keys are data is judged like any other', () => {
    const signal = JSON.parse('{"__proto__":{"appKey":"k"},"identifiableAttributes":{"contactKey":"c"},"signalContent":{"signalType":"pageView","url":"u","constructor":{"prototype":{"polluted":true}}}}');
    const result = validateSignal(signal);
    expect(result).toMatchObject({ valid: false, errors: [{ path: 'appKey', code: 'required' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(signal)).toBe(Object.prototype);
  });
});
