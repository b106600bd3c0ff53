/**
 * The misspelled-field scan remembers the last key order it met per kind of
 * object (src/validate/known-fields.ts), so that a file's objects, which
 * repeat one order, cost a comparison per key. Property: whatever the
 * sequence of objects (orders that repeat, drift, lose or gain keys, known or
 * not), each one's unknown keys are exactly what a plain scan finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KnownFields } from '../src/validate/known-fields.js';

const KNOWN = ['productId', 'productName', 'unitPrice', 'itemQuantity', 'currency', 'discount', 'productUrls'];
const OTHER = ['prodcutId', 'posTerminal', 'loyaltyTier', 'unitprice', 'x'];

/** An object with these keys, in this order (values do not matter). */
const objectOf = (keys: readonly string[]) => Object.fromEntries(keys.map((k, i) => [k, i]));
const plain = (object: object) => Object.keys(object).filter((k) => !KNOWN.includes(k));

/** Sequences of key lists: mostly variations of a few base orders, as in a file. */
const keyList = fc.uniqueArray(fc.constantFrom(...KNOWN, ...OTHER), { maxLength: 12 });
const sequence = fc.array(keyList, { minLength: 1, maxLength: 6 }).chain((bases) =>
  fc.array(
    fc.tuple(fc.nat(bases.length - 1), fc.nat(), fc.boolean()).map(([b, drop, dropOne]) => {
      const base = bases[b]!;
      // The base order as it is, or without one of its keys (an item with an optional field fewer).
      return dropOne && base.length > 0 ? base.filter((_, i) => i !== drop % base.length) : base;
    }),
    { minLength: 1, maxLength: 40 },
  ),
);

describe('unknown keys, with the remembered key order', () => {
  it('are exactly the keys a plain scan finds unknown, for any sequence of objects', () => {
    fc.assert(fc.property(sequence, (lists) => {
      const fields = new KnownFields(KNOWN);
      for (const keys of lists) {
        const object = objectOf(keys);
        const expected = plain(object);
        expect([...(fields.unknownKeys(object) ?? [])]).toEqual(expected);
      }
    }), { numRuns: 500 });
  });

  it('the list handed back for a repeated order is the same each time, and nothing is allocated for all-known objects', () => {
    const fields = new KnownFields(KNOWN);
    const keys = ['productId', 'posTerminal', 'unitPrice', 'loyaltyTier'];
    const first = fields.unknownKeys(objectOf(keys));
    expect(first).toEqual(['posTerminal', 'loyaltyTier']);
    expect(fields.unknownKeys(objectOf(keys))).toBe(first);
    expect(fields.unknownKeys(objectOf(['productId', 'unitPrice']))).toBeUndefined();
  });

  it('suggestions are remembered and still right', () => {
    const fields = new KnownFields(KNOWN);
    for (let i = 0; i < 3; i++) {
      expect(fields.suggestion('prodcutId')).toBe('productId');
      expect(fields.suggestion('posTerminal')).toBeUndefined();
    }
  });
});
