/**
 * Fuzzing the line reader (readSignals) with arbitrary bytes: garbage, binary,
 * NUL, broken and overlong UTF-8, surrogates, CR/LF mixes, JSON arrays with
 * garbage, deep nesting, lines over the limit, and random chunk boundaries.
 *
 * Invariants: reading never rejects for a data problem; every non-blank line
 * yields exactly one record (checked against an independent line count);
 * every unreadable record carries its line number and an error with a code
 * and a message naming the line; the records do not depend on how the bytes
 * are chunked; an over-long line does not take memory. Size: FUZZ_RUNS (see
 * test/helpers/fuzz.ts).
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RAW_PREVIEW_BYTES, ReadError, readSignals, type ReadOptions, type ReadRecord } from '../src/read/index.js';
import { fuzzParams, fuzzTimeout, retainedBytes } from './helpers/fuzz.js';
import { referenceExamples } from './fixtures/reference-examples.js';

const CODES = new Set(['invalid_json', 'line_too_long', 'invalid_utf8', 'too_deep', 'not_an_object']);
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

async function readAll(chunks: readonly Buffer[], options?: ReadOptions): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  // highWaterMark 1: the stream itself buffers (almost) nothing ahead.
  for await (const record of readSignals(Readable.from(chunks, { highWaterMark: 1 }), options)) out.push(record);
  return out;
}

/** `bytes` cut at the given offsets (empty chunks included: a stream may yield them). */
function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let start = 0;
  for (const c of at) {
    out.push(bytes.subarray(start, c));
    start = c;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** The invariants of every record, whatever the input. */
function checkRecord(record: ReadRecord): void {
  expect(Number.isSafeInteger(record.line) && record.line >= 1).toBe(true);
  expect(typeof record.raw).toBe('string');
  if (record.ok) {
    expect(record.signal !== null && typeof record.signal === 'object' && !Array.isArray(record.signal)).toBe(true);
    expect(Object.getPrototypeOf(record.signal)).toBe(Object.prototype);
    return;
  }
  expect(record.error).toBeInstanceOf(ReadError);
  expect(CODES.has(record.error.code)).toBe(true);
  expect(record.error.line).toBe(record.line);
  expect(record.error.message).toMatch(new RegExp(`\\bline ${record.line}\\b`));
  expect(typeof record.truncated).toBe('boolean');
  if (record.truncated) expect(record.raw.length).toBeLessThanOrEqual(RAW_PREVIEW_BYTES);
}

/** What a record is, for comparing two readings of the same bytes. */
function shape(record: ReadRecord): unknown {
  return record.ok
    ? { ok: true, line: record.line, raw: record.raw, signal: record.signal }
    : { ok: false, line: record.line, raw: record.raw, truncated: record.truncated, code: record.error.code, message: record.error.message };
}

// ---------------------------------------------------------------------------
// Generators

const u = (...bytes: number[]) => Buffer.from(bytes);
/** Byte sequences that break decoders: NUL, lone continuation bytes, truncated, overlong, surrogate and out-of-range encodings, a BOM. */
const nastyBytes = fc.constantFrom(
  u(0x00), u(0xff), u(0xfe), u(0x80), u(0xbf), u(0xc3), u(0xc3, 0x28), u(0xe2, 0x82), u(0xf0, 0x9f, 0x98),
  u(0xc0, 0xaf), u(0xc1, 0xbf), u(0xe0, 0x80, 0xaf), u(0xf0, 0x80, 0x80, 0xaf), // overlong
  u(0xed, 0xa0, 0x80), u(0xed, 0xbf, 0xbf), u(0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9), // UTF-16 surrogates
  u(0xf4, 0x90, 0x80, 0x80), u(0xf8, 0x88, 0x80, 0x80, 0x80), // above U+10FFFF, 5-byte form
  u(...BOM), u(0x1b, 0x5b, 0x32, 0x4a), u(0x7f), u(0xc2, 0x85), u(0xe2, 0x80, 0xa8), // ESC, DEL, NEL, LINE SEPARATOR
);
const breaks = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\r\n', ' ', '\t', '  \t\r\n', '\n \n').map((s) => Buffer.from(s));
const signalTexts = Object.values(referenceExamples).flatMap((s) => [JSON.stringify(s), JSON.stringify({ signal: s })]);
const jsonish = fc.oneof(
  fc.constantFrom(...signalTexts, '{}', '[]', 'null', '"x"', '42', '{"signal":5}', '{"signal":{}}', '{"a":', '}', ']', '[', ',', '"', '\\', '{"__proto__":{"polluted":1}}'),
  fc.json({ depthSize: 'small' }),
  fc.string({ unit: 'binary', maxLength: 12 }),
).map((s) => Buffer.from(s));
const fragment = fc.oneof(
  { arbitrary: jsonish, weight: 4 },
  { arbitrary: breaks, weight: 4 },
  { arbitrary: nastyBytes, weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a)), weight: 1 },
);
const garbage = fc.array(fragment, { maxLength: 24 }).map((parts) => Buffer.concat(parts));
const maxLineBytes = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 4096 }), fc.constant(undefined));

// ---------------------------------------------------------------------------
// An independent model of NDJSON reading

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === CR;
}

/** Whether the reader will treat `bytes` as NDJSON: the first non-blank byte (after a BOM) is not `[`. */
function isNdjson(bytes: Buffer): boolean {
  const start = bytes.subarray(0, 3).equals(u(...BOM)) ? 3 : 0;
  for (let i = start; i < bytes.length; i++) if (!isBlankByte(bytes[i]!) && bytes[i] !== LF) return bytes[i] !== 0x5b;
  return true;
}

interface ExpectedLine { line: number; bytes: Buffer; tooLong: boolean }

/** The records NDJSON reading must give: one per line that is not blank (a blank line is skipped, however long). */
function expectedLines(bytes: Buffer, limit: number): ExpectedLine[] {
  const body = bytes.subarray(0, 3).equals(u(...BOM)) ? bytes.subarray(3) : bytes;
  const out: ExpectedLine[] = [];
  let start = 0;
  for (let n = 1; start < body.length; n++) {
    let end = body.indexOf(LF, start);
    const next = end === -1 ? body.length : end + 1;
    if (end === -1) end = body.length;
    if (end > start && body[end - 1] === CR) end--;
    const line = body.subarray(start, end);
    if (!line.every(isBlankByte)) out.push({ line: n, bytes: line, tooLong: line.length > limit });
    start = next;
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The record one line must give, judged without the reader's code: UTF-8, then JSON, then the signal shape. */
function expectedKind(bytes: Buffer): { code: string } | { signal: unknown } {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { code: 'invalid_utf8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { code: 'invalid_json' };
  }
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(value)) return { code: 'not_an_object' };
  const o = value as Record<string, unknown>;
  if (Object.hasOwn(o, 'signal') && !Object.hasOwn(o, 'signalContent')) return isObject(o.signal) ? { signal: o.signal } : { code: 'not_an_object' };
  return { signal: value };
}

// ---------------------------------------------------------------------------

describe('fuzz: readSignals on arbitrary bytes', () => {
  it('every non-blank line gives exactly one record, with its line number and, if unreadable, a coded reason', async () => {
    await fc.assert(fc.asyncProperty(garbage, maxLineBytes, async (bytes, limit) => {
      const records = await readAll([bytes], { maxLineBytes: limit });
      records.forEach(checkRecord);
      if (!isNdjson(bytes)) return;
      const expected = expectedLines(bytes, limit ?? 1024 * 1024);
      expect(records.map((r) => r.line)).toEqual(expected.map((e) => e.line));
      records.forEach((record, i) => {
        const e = expected[i]!;
        if (e.tooLong) {
          expect(record.ok || record.error.code).toBe('line_too_long');
          expect(record.ok || record.truncated).toBe(true);
          return;
        }
        expect(record.raw).toBe(e.bytes.toString('utf8'));
        const kind = expectedKind(e.bytes);
        if ('code' in kind) expect(record.ok || record.error.code).toBe(kind.code);
        else expect(record.ok && record.signal).toEqual(kind.signal);
      });
    }), fuzzParams('read-bytes'));
  }, fuzzTimeout('read-bytes', 2));

  it('gives the same records however the bytes are split into chunks', async () => {
    const input = fc.oneof(garbage, garbage.map((g) => Buffer.concat([u(0x5b), g])), garbage.map((g) => Buffer.concat([u(...BOM), g])));
    await fc.assert(fc.asyncProperty(input, fc.array(fc.nat(), { maxLength: 12 }), maxLineBytes, async (bytes, cuts, limit) => {
      const whole = await readAll([bytes], { maxLineBytes: limit });
      const pieces = await readAll(chunked(bytes, cuts), { maxLineBytes: limit });
      pieces.forEach(checkRecord);
      expect(pieces.map(shape)).toEqual(whole.map(shape));
    }), fuzzParams('read-chunking'));
  }, fuzzTimeout('read-chunking', 3));
});

describe('fuzz: JSON array files', () => {
  const separator = fc.constantFrom('', ' ', '\n', '\r\n', '\n\n  ', '\t');

  it('a well-formed array gives one record per element, at the line where the element starts', async () => {
    const element = fc.oneof(fc.constantFrom(...signalTexts), fc.json({ depthSize: 'small' }));
    const parts = fc.array(fc.tuple(separator, element), { maxLength: 12 });
    await fc.assert(fc.asyncProperty(separator, parts, separator, fc.array(fc.nat(), { maxLength: 8 }), async (lead, elements, tail, cuts) => {
      let text = `${lead}[`;
      const lines: number[] = [];
      elements.forEach(([sep, json], i) => {
        text += (i === 0 ? '' : ',') + sep;
        lines.push(text.split('\n').length);
        text += json;
      });
      text += `${tail}]${tail}`;
      const records = await readAll(chunked(Buffer.from(text), cuts));
      records.forEach(checkRecord);
      expect(records.map((r) => r.line)).toEqual(lines);
      records.forEach((record, i) => {
        const kind = expectedKind(Buffer.from(elements[i]![1]));
        if ('code' in kind) expect(record.ok || record.error.code).toBe(kind.code);
        else expect(record.ok && record.signal).toEqual(kind.signal);
      });
    }), fuzzParams('read-json-array'));
  }, fuzzTimeout('read-json-array', 3));

  it('an array with garbage in it never rejects, and every problem names its line', async () => {
    const body = fc.array(fc.oneof(fragment, fc.constantFrom(',', ']', '[', '"', '\\"', '{', '}').map((s) => Buffer.from(s))), { maxLength: 30 });
    await fc.assert(fc.asyncProperty(body, maxLineBytes, fc.array(fc.nat(), { maxLength: 8 }), async (parts, limit, cuts) => {
      const bytes = Buffer.concat([Buffer.from('['), ...parts]);
      const whole = await readAll([bytes], { maxLineBytes: limit });
      whole.forEach(checkRecord);
      const lines = whole.map((r) => r.line);
      expect(lines).toEqual([...lines].sort((a, b) => a - b)); // file order
      expect((await readAll(chunked(bytes, cuts), { maxLineBytes: limit })).map(shape)).toEqual(whole.map(shape));
    }), fuzzParams('read-json-array'));
  }, fuzzTimeout('read-json-array', 3));
});

describe('fuzz: nesting depth', () => {
  it('a record nested deeper than maxDepth is too_deep, one within it is read, an unclosed one is invalid JSON', async () => {
    const opener = fc.constantFrom('[', '{"a":', '[{"b":');
    await fc.assert(fc.asyncProperty(opener, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 600 }), fc.boolean(), async (open, depth, maxDepth, closed) => {
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
      const levels = open === '[{"b":' ? 2 : 1;
      const nested = open.repeat(depth) + '0' + (closed ? close.repeat(depth) : '');
      const line = `{"appKey":"k","x":${nested}}`;
      const [record, ...rest] = await readAll([Buffer.from(`${line}\n{}\n`)], { maxDepth });
      expect(rest.map(shape)).toEqual([{ ok: true, line: 2, raw: '{}', signal: {} }]); // reading went on
      checkRecord(record!);
      // Levels: the line's object, then `levels` per repetition (a number is not a level).
      const total = 1 + depth * levels;
      if (!closed) expect(record!.ok || record!.error.code).toBe('invalid_json');
      else if (total > maxDepth) expect(record!.ok || record!.error.code).toBe('too_deep');
      else expect(record!.ok).toBe(true);
    }), fuzzParams('read-nesting'));
  }, fuzzTimeout('read-nesting', 5));

  it('a 1 MiB line of nothing but brackets is reported, not a stack overflow', async () => {
    const limit = 1024 * 1024;
    const records = await readAll([Buffer.from('['.repeat(limit / 2) + ']'.repeat(limit / 2) + '\n' + '{'.repeat(limit) + '\n')]);
    expect(records.map((r) => r.ok || r.error.code)).toEqual(['too_deep', 'invalid_json']);
  });
});

describe('input limits: an over-long line does not take memory', () => {
  const MiB = 1024 * 1024;
  const CHUNK = 256 * 1024;
  /** 50 MB of one line (or one array element) in fresh chunks, measuring retained memory as it goes. */
  async function measure(head: string, fill: number, tail: string): Promise<{ records: ReadRecord[]; growth: number }> {
    const before = retainedBytes();
    let peak = 0;
    function* chunks() {
      yield Buffer.from(head);
      for (let i = 0; i < (50 * MiB) / CHUNK; i++) {
        if (i % 16 === 8) peak = Math.max(peak, retainedBytes() - before);
        yield Buffer.alloc(CHUNK, fill); // a fresh chunk each time, as from a file: kept chunks would add up
      }
      yield Buffer.from(tail);
    }
    const records: ReadRecord[] = [];
    for await (const r of readSignals(Readable.from(chunks(), { highWaterMark: 1 }), { maxLineBytes: MiB })) records.push(r);
    return { records, growth: peak };
  }

  it('a 50 MB NDJSON line with a 1 MiB limit: reported with its line number; memory grows by a few MB at most', async () => {
    const ok = JSON.stringify(referenceExamples.pageView);
    const { records, growth } = await measure(`${ok}\n{"pad":"`, 0x61, `"}\n${ok}\n`);
    expect(records.map((r) => r.ok || r.error.code)).toEqual([true, 'line_too_long', true]);
    const bad = records[1]!;
    expect(bad.line).toBe(2);
    expect(bad.ok || bad.error.message).toMatch(/^line 2 is 52428810 bytes long, over the limit of 1048576 bytes/);
    // The reader may hold up to the limit (1 MiB) before giving up on the line; the stream a chunk or two.
    expect(growth).toBeLessThan(6 * MiB);
  });

  it('50 MB of blank lines and spaces before the first signal are skipped without being held', async () => {
    const ok = JSON.stringify(referenceExamples.pageView);
    const { records, growth } = await measure('\r\n', 0x20, `\n \t\n${ok}\n`);
    expect(growth, 'retained while reading blank lines').toBeLessThan(6 * MiB);
    expect(records.map((r) => [r.line, r.ok])).toEqual([[4, true]]);
    const spaced = await measure('\n\n', 0x0a, `  [${ok}]`);
    expect(spaced.growth, 'retained while reading blank lines').toBeLessThan(6 * MiB);
    expect(spaced.records.map((r) => [r.line, r.ok])).toEqual([[50 * MiB + 3, true]]);
  });

  it('a 50 MB JSON array element with a 1 MiB limit: reported with its line; memory grows by a few MB at most', async () => {
    const { records, growth } = await measure('[{"a":1},\n{"pad":"', 0x62, '"},\n{"b":2}]');
    expect(records.map((r) => r.ok || r.error.code)).toEqual([true, 'line_too_long', true]);
    expect(records[1]!.line).toBe(2);
    expect(growth).toBeLessThan(6 * MiB);
  });
});

describe('regressions found by fuzzing the reader', () => {
  const ok = JSON.stringify(referenceExamples.pageView);

  it('a byte order mark split across the first chunks is still skipped (and an input of just EF is a broken line)', async () => {
    const bytes = Buffer.from(`\uFEFF${ok}\n`);
    for (const cuts of [[1], [2], [1, 2], [0, 1, 2, 3]]) {
      expect((await readAll(chunked(bytes, cuts))).map(shape)).toEqual([{ ok: true, line: 1, raw: ok, signal: referenceExamples.pageView }]);
    }
    expect((await readAll([u(0xef)])).map((r) => r.ok || r.error.code)).toEqual(['invalid_utf8']);
  });

  it('the raw text of a too-long line never runs into the next lines, and does not depend on chunking', async () => {
    const bytes = Buffer.from('0123456789ABCDEF\r\n{"a":1}\n');
    const whole = await readAll([bytes], { maxLineBytes: 8 });
    expect(whole[0]).toMatchObject({ ok: false, line: 1, raw: '0123456789ABCDEF', truncated: true });
    expect(whole[0]!.ok || whole[0]!.error.message).toContain('line 1 is 16 bytes long');
    expect(whole[1]).toMatchObject({ ok: true, line: 2, signal: { a: 1 } });
    for (const cuts of [[3], [9, 17], [16], [17]]) expect((await readAll(chunked(bytes, cuts), { maxLineBytes: 8 })).map(shape)).toEqual(whole.map(shape));
  });

  it('a blank line is skipped however long, anywhere in the file', async () => {
    const records = await readAll([Buffer.from(`${' '.repeat(100)}\n${ok}\n\t${' '.repeat(100)}\r\n${ok}\n`)], { maxLineBytes: 10 });
    expect(records.map((r) => [r.line, r.ok || r.error.code])).toEqual([[2, 'line_too_long'], [4, 'line_too_long']]);
  });

  it('a broken JSON array is reported once, with the same preview however chunked, saying the rest was not read', async () => {
    const bytes = Buffer.from(`[${ok},,${ok}]`);
    const whole = await readAll([bytes]);
    expect(whole.map((r) => r.ok || r.error.code)).toEqual([true, 'invalid_json']);
    expect(whole[1]).toMatchObject({ raw: `,${ok}]`, truncated: true });
    expect(whole[1]!.ok || whole[1]!.error.message).toBe('line 1: the JSON array has an empty element (a stray comma); nothing after it was read');
    for (const cuts of [[ok.length + 2], [ok.length + 3], [ok.length + 10, ok.length + 20]]) expect((await readAll(chunked(bytes, cuts))).map(shape)).toEqual(whole.map(shape));
  });
});
