/**
 * Invalid signals of a file repeat the same few errors, so what an error
 * means is worked out once and reused (src/validate/judge.ts). These pin down
 * that reuse never leaks one signal's facts into another's issues: its value,
 * its type's rule for the same field, its keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSignal, type ValidationResult } from '../src/index.js';
import { describeValue } from '../src/validate/messages.js';
import type { SignalType } from '../generated/signal-meta.js';
import { referenceExamples } from './fixtures/reference-examples.js';

type Json = Record<string, unknown>;

function example(type: SignalType, edit: (content: Json, signal: Json) => void): Json {
  const signal = structuredClone(referenceExamples[type]) as unknown as Json;
  edit(signal.signalContent as Json, signal);
  return signal;
}

const issues = (r: ValidationResult) => [...(r.valid ? [] : r.errors), ...r.warnings];

describe('repeated errors', () => {
  it('each message shows its own signal’s value, however often the error was seen', () => {
    for (const price of ['1O.00', 'ten', 'x'.repeat(80)]) {
      const result = validateSignal(example('addToCart', (c) => (c.unitPrice = price)));
      expect(result.valid).toBe(false);
      expect(issues(result).find((i) => i.path === 'signalContent.unitPrice')!.message).toContain(describeValue(price));
    }
  });

  it('the same bad field is fatal for the type that requires it and dropped for the type where it is optional', () => {
    for (let round = 0; round < 3; round++) {
      const required = validateSignal(example('addToCart', (c) => (c.currency = 'XXQ')));
      expect(required).toMatchObject({ valid: false, errors: [{ path: 'signalContent.currency', code: 'format' }] });
      const optional = validateSignal(example('productView', (c) => (c.currency = 'XXQ')));
      expect(optional.valid).toBe(true);
      expect(optional.warnings).toMatchObject([{ path: 'signalContent.currency', code: 'format' }]);
      expect(optional.valid && optional.signal.signalContent).not.toHaveProperty('currency');
    }
  });

  it('a missing field’s hint names this signal’s look-alike key, and is not carried over to the next signal', () => {
    const renamed = validateSignal(example('addToCart', (c) => {
      c.productID = c.productId;
      delete c.productId;
    }));
    expect(renamed.valid || renamed.errors[0]!.message).toContain('(found "productID": a misspelling?)');
    // Same error, no look-alike key this time: no hint carried over from the signal before.
    const missing = validateSignal(example('addToCart', (c) => delete c.productId));
    expect(missing).toMatchObject({ valid: false, errors: [{ path: 'signalContent.productId', message: 'signalContent.productId is required' }] });
  });
});

describe('describeValue', () => {
  it('quotes a string exactly as JSON.stringify does', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      expect(describeValue(s)).toBe(JSON.stringify(s));
    }), { numRuns: 2000 });
  });
});
