/**
 * Where a relay's claims start (src/outbox/claim-start.ts): after the last id
 * claimed while claims are full, from the head after a partial claim and at
 * least every HEAD_CLAIM_MS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaimStart, HEAD, laterId } from '../src/outbox/claim-start.js';

describe('ClaimStart', () => {
  it('the first claim starts at the head; full claims move the start to the last id claimed, in any order', () => {
    let now = 0;
    const start = new ClaimStart(1000, () => now);
    expect(start.next()).toBe(HEAD);
    start.claimed(['12', '9', '10'], true);
    now = 10;
    expect(start.next()).toBe('12');
    start.claimed(['13', '100', '99'], true);
    expect(start.next()).toBe('100');
  });

  it('a partial claim sends the next one to the head', () => {
    let now = 0;
    const start = new ClaimStart(1000, () => now);
    start.next();
    start.claimed(['5', '6'], true);
    now = 1;
    expect(start.next()).toBe('6');
    start.claimed(['7'], false);
    expect(start.next()).toBe(HEAD);
    start.claimed([], false);
    expect(start.next()).toBe(HEAD);
  });

  it('while claims are full, one starts at the head once the interval has passed since the last such claim, then after the last id again', () => {
    let now = 0;
    const start = new ClaimStart(1000, () => now);
    expect(start.next()).toBe(HEAD);
    start.claimed(['50'], true);
    now = 999;
    expect(start.next()).toBe('50');
    now = 1000;
    expect(start.next()).toBe(HEAD);
    start.claimed(['3'], true); // a row behind the start, found by the claim from the head
    now = 1001;
    expect(start.next()).toBe('50');
  });

  it('laterId orders bigint ids written as decimal text as numbers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), (a, b) => {
        expect(laterId(String(a), String(b))).toBe(String(a > b ? a : b));
      }),
    );
  });
});
