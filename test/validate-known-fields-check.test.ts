/**
 * validateSignal decides a valid signal with one compiled check that also
 * rejects unknown fields (knownCheck, generated/validators.js): a signal that
 * passes it skips the misspelled-field scan. Property: for the reference
 * examples with any extra keys (misspellings of known fields, or not) put in
 * signalContent or in an item, the result is what the plain path gives, the
 * lenient check followed by the scan, and the shortcut is taken only when
 * there is no unknown key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNAL_META } from '../generated/signal-meta.js';
import { fastCheck, knownCheck } from '../src/validate/compiled.js';
import { misspellings } from '../src/validate/misspellings.js';
import { validateSignal } from '../src/validate/index.js';
import { referenceExamples } from './fixtures/reference-examples.js';

type Json = Record<string, unknown>;
const examples = Object.values(referenceExamples).map((s) => JSON.stringify(s));
const EXTRA = ['prodcutId', 'productNmae', 'unitprice', 'currncy', 'orderID', 'loyaltyTier', 'posTerminal', 'x', 'signalTimestmp'];

/** An example with `keys` added to signalContent (item < 0) or to one of its items. */
const mutated = fc
  .tuple(fc.nat(examples.length - 1), fc.uniqueArray(fc.constantFrom(...EXTRA), { maxLength: 3 }), fc.integer({ min: -1, max: 3 }))
  .map(([e, keys, item]) => {
    const signal = JSON.parse(examples[e]!) as Json;
    const content = signal.signalContent as Json;
    const arrays = Object.keys(SIGNAL_META[content.signalType as keyof typeof SIGNAL_META].itemArrays).filter((a) => Array.isArray(content[a]));
    const items = arrays.length > 0 ? (content[arrays[0]!] as Json[]) : [];
    const target = item >= 0 && items.length > 0 ? items[item % items.length]! : content;
    for (const key of keys) target[key] = 'value';
    return { signal: JSON.parse(JSON.stringify(signal)) as Json, unknown: keys.length };
  });

describe('the known-fields check of valid signals', () => {
  it('gives the same result as the lenient check and the misspelling scan, and passes only signals without unknown keys', () => {
    fc.assert(
      fc.property(mutated, ({ signal, unknown }) => {
        expect(fastCheck(signal)).toBe(true);
        expect(knownCheck(signal)).toBe(unknown === 0);
        const content = signal.signalContent as Json;
        const result = validateSignal(signal);
        expect(result.valid).toBe(true);
        expect(result.warnings).toEqual(misspellings(content, content.signalType as string));
      }),
      { numRuns: 300 },
    );
  });

  it('finds a misspelled item field (the check is strict inside item arrays too)', () => {
    const order = JSON.parse(JSON.stringify(referenceExamples.order)) as Json;
    ((order.signalContent as Json).orderedItems as Json[])[0]!.prodcutId = 'P1';
    expect(knownCheck(order)).toBe(false);
    expect(validateSignal(order).warnings.map((w) => w.path)).toEqual(['signalContent.orderedItems[0].prodcutId']);
  });
});
