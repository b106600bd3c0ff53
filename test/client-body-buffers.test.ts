/**
 * Request bodies are written into reused buffers. A buffer goes back for
 * reuse only when its batch settled after 2xx answers: a server that answers
 * an error early (before reading the whole body) may leave the runtime still
 * writing from it, and the next body must not overwrite those bytes.
 */
import { describe, expect, it } from 'vitest';
import { itemText, keepBuffer, makeBatch, releaseBatch, splitBatch, type BatchItem } from '../src/client/batch.js';
import type { SignalInput } from '../generated/graphql.js';
import { pageViewExample } from './fixtures/reference-examples.js';

function items(n: number): BatchItem[] {
  const json = JSON.stringify(pageViewExample);
  return Array.from({ length: n }, (_, index) => ({ index, signalType: 'pageView', input: pageViewExample, signal: pageViewExample as unknown as SignalInput, warnings: [], json }));
}

describe('body buffers', () => {
  it('a settled batch’s buffer is reused for the next body', () => {
    const first = makeBatch(1, items(3));
    releaseBatch(first);
    const second = makeBatch(2, items(3));
    expect(second.buffer).toBe(first.buffer);
    releaseBatch(second);
  });

  it('the buffer of a batch with an attempt answered by an error is never reused', () => {
    const first = makeBatch(1, items(3));
    keepBuffer(first);
    releaseBatch(first);
    const second = makeBatch(2, items(3));
    expect(second.buffer).not.toBe(first.buffer);
    // …and the kept buffer still holds the first body, byte for byte.
    expect(Buffer.from(first.body as Uint8Array).toString('utf8')).toContain(JSON.stringify(pageViewExample));
    releaseBatch(second);
  });

  it('itemText reads each item’s text back out of the body (what a failed outcome gives back as json), halves included', () => {
    const texts = ['{"a":1}', '{"b":"é ü ✓"}', '{"c":[1,2,3]}', '{}', '{"e":"\\u0000"}'];
    const batch = makeBatch(1, texts.map((json, index) => ({ index, signalType: 'x', input: json, signal: undefined, warnings: [], json })));
    expect(texts.map((_, i) => itemText(batch, i))).toEqual(texts);
    const [left, right] = splitBatch(batch);
    expect([0, 1, 2].map((i) => itemText(left, i))).toEqual(texts.slice(0, 3));
    expect([0, 1].map((i) => itemText(right, i))).toEqual(texts.slice(3));
    for (const b of [batch, left, right]) releaseBatch(b);
  });
});
