/**
 * readSignals: NDJSON and JSON array files, line numbers, and every way a
 * record can be unreadable, from real temp files and streams.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_DEFAULTS, ReadError, ReadOptionsError, SignalFileError, readSignalBatches, readSignals, type ReadRecord } from '../src/index.js';
import { youngGenerationFlags } from '../src/cli/commands/send-heap.js';
import { addToCartExample, orderExample, pageViewExample } from './fixtures/reference-examples.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'read-signals-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function file(content: string | Buffer): Promise<string> {
  const p = path.join(dir, `f${n++}`);
  await writeFile(p, content);
  return p;
}

async function all(source: string | NodeJS.ReadableStream, options?: Parameters<typeof readSignals>[1]): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const r of readSignals(source, options)) out.push(r);
  return out;
}

const summary = (records: ReadRecord[]) => records.map((r) => (r.ok ? { line: r.line, ok: true } : { line: r.line, code: r.error.code }));
const a = JSON.stringify(addToCartExample);
const o = JSON.stringify(orderExample);
const p = JSON.stringify(pageViewExample);

describe('NDJSON', () => {
  it('reads one signal per line with its line number and raw text, skipping blank lines', async () => {
    const records = await all(await file(`${a}\n\n   \n${o}\n\t\n${p}\n`));
    expect(summary(records)).toEqual([{ line: 1, ok: true }, { line: 4, ok: true }, { line: 6, ok: true }]);
    expect(records[1]).toEqual({ ok: true, line: 4, signal: orderExample, raw: o });
  });

  it('accepts CRLF line breaks and a last line without a line break', async () => {
    const records = await all(await file(`${a}\r\n\r\n${p}`));
    expect(records).toEqual([
      { ok: true, line: 1, signal: addToCartExample, raw: a },
      { ok: true, line: 3, signal: pageViewExample, raw: p },
    ]);
  });

  it('unwraps the file-import form {"signal": {...}}, mixed with bare signals', async () => {
    const records = await all(await file(`{"signal":${a}}\n${p}\n`));
    expect(records.map((r) => r.ok && r.signal)).toEqual([addToCartExample, pageViewExample]);
    expect(records[0]!.raw).toBe(`{"signal":${a}}`);
  });

  it('reports a line that is not JSON with its line number, and goes on', async () => {
    const records = await all(await file(`${a}\n{"appKey": oops}\n${p}\nnull\n[1]\n{"signal": 5}\n`));
    expect(summary(records)).toEqual([
      { line: 1, ok: true },
      { line: 2, code: 'invalid_json' },
      { line: 3, ok: true },
      { line: 4, code: 'not_an_object' },
      { line: 5, code: 'not_an_object' },
      { line: 6, code: 'not_an_object' },
    ]);
    const bad = records[1]!;
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toBeInstanceOf(ReadError);
    expect(bad.error.line).toBe(2);
    expect(bad.error.message).toMatch(/^line 2 is not valid JSON/);
    expect(bad.raw).toBe('{"appKey": oops}');
    expect(bad.truncated).toBe(false);
  });

  it('reports invalid UTF-8 and binary garbage as unreadable lines, not crashes', async () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x80, 0x81, 0x0d, 0x1b]);
    const controls = Buffer.from([0x00, 0x01, 0x7b, 0x1b, 0x5b, 0x07]);
    const content = Buffer.concat([Buffer.from(`${a}\n{"x":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n'), garbage, Buffer.from('\n'), controls, Buffer.from(`\n${p}\n`)]);
    const records = await all(await file(content));
    expect(summary(records)).toEqual([
      { line: 1, ok: true },
      { line: 2, code: 'invalid_utf8' },
      { line: 3, code: 'invalid_utf8' },
      { line: 4, code: 'invalid_json' },
      { line: 5, ok: true },
    ]);
    expect(records[1]!.raw).toBe('{"x":"\uFFFD("}');
  });

  it('accepts multi-byte UTF-8 split across chunks', async () => {
    const signal = { ...pageViewExample, signalContent: { ...pageViewExample.signalContent, name: 'Überraschung 🎨 ünïcödé' } };
    const bytes = Buffer.from(`${JSON.stringify(signal)}\n`);
    const stream = Readable.from((function* () {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    })());
    expect((await all(stream)).map((r) => r.ok && r.signal)).toEqual([signal]);
  });

  it('skips a leading byte order mark', async () => {
    expect(summary(await all(await file(`\uFEFF${a}\n`)))).toEqual([{ line: 1, ok: true }]);
  });

  it('keeps __proto__ and constructor keys as data: no prototype pollution', async () => {
    const text = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"signal":{"__proto__":{"polluted":2}}}';
    const records = await all(await file(`${text}\n{"appKey":"k","__proto__":{"polluted":3}}\n`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [wrapped, bare] = records;
    expect(wrapped!.ok && Object.getPrototypeOf(wrapped!.signal)).toBe(Object.prototype);
    expect(wrapped!.ok && Object.keys(wrapped!.signal as object)).toEqual(['__proto__']);
    expect(bare!.ok && Object.hasOwn(bare!.signal as object, '__proto__')).toBe(true);
    expect(bare!.ok && (bare!.signal as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports nesting deeper than maxDepth (which JSON.stringify could not send)', async () => {
    const deep = `{"appKey":"k","x":${'['.repeat(20000)}${']'.repeat(20000)}}`;
    const records = await all(await file(`${deep}\n${a}\n`));
    expect(summary(records)).toEqual([{ line: 1, code: 'too_deep' }, { line: 2, ok: true }]);
    expect(summary(await all(await file(`{"x":${'['.repeat(10)}${']'.repeat(10)}}\n`), { maxDepth: 5 }))).toEqual([{ line: 1, code: 'too_deep' }]);
    expect(summary(await all(await file(`{"x":${'['.repeat(10)}${']'.repeat(10)}}\n`), { maxDepth: 11 }))).toEqual([{ line: 1, ok: true }]);
  });
});

describe('line length limit', () => {
  it('rejects a line over maxLineBytes with its line number and a truncated raw, and goes on', async () => {
    const long = JSON.stringify({ ...addToCartExample, pad: 'x'.repeat(5000) });
    const records = await all(await file(`${a}\n${long}\n${p}\n`), { maxLineBytes: 4096 });
    expect(summary(records)).toEqual([{ line: 1, ok: true }, { line: 2, code: 'line_too_long' }, { line: 3, ok: true }]);
    const bad = records[1]!;
    if (bad.ok) throw new Error('expected an unreadable record');
    expect(bad.truncated).toBe(true);
    expect(bad.raw.length).toBeLessThanOrEqual(1024);
    expect(long.startsWith(bad.raw)).toBe(true);
    expect(bad.error.message).toContain(`line 2 is ${long.length} bytes long, over the limit of 4096 bytes`);
  });

  it('accepts a line of exactly maxLineBytes, CR not counted', async () => {
    const line = JSON.stringify({ ...pageViewExample, pad: '' });
    const exact = line.replace('"pad":""', `"pad":"${'y'.repeat(100)}"`);
    const records = await all(await file(`${exact}\r\n`), { maxLineBytes: Buffer.byteLength(exact) });
    expect(summary(records)).toEqual([{ line: 1, ok: true }]);
    expect(summary(await all(await file(`${exact}\n`), { maxLineBytes: Buffer.byteLength(exact) - 1 }))).toEqual([{ line: 1, code: 'line_too_long' }]);
  });

  it('defaults to 1 MiB', () => {
    expect(READ_DEFAULTS.maxLineBytes).toBe(1024 * 1024);
  });

  it('skips a 256 MiB line without holding it in memory', async () => {
    // Dropped Buffers are freed by V8's next scavenge, which Node 24's V8 defers until 128 MiB of them
    // (and past that while a full GC marks): the triggers of Node 20's, which `send` and `worker` get
    // too, make the bound measure what the reader holds rather than V8's slack. (Nothing on Node 20.)
    for (const flag of youngGenerationFlags()) setFlagsFromString(flag);
    const chunks = 256;
    let peak = 0;
    const stream = Readable.from((function* () {
      yield Buffer.from(`${a}\n{"pad":"`);
      for (let i = 0; i < chunks; i++) {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
        yield Buffer.alloc(1024 * 1024, 0x61); // a fresh MiB each time: kept chunks would add up
      }
      yield Buffer.from(`"}\n${p}\n`);
    })());
    const before = process.memoryUsage().arrayBuffers;
    const records = await all(stream);
    expect(summary(records)).toEqual([{ line: 1, ok: true }, { line: 2, code: 'line_too_long' }, { line: 3, ok: true }]);
    expect(records[1]!.ok || records[1]!.error.message).toContain(`${chunks * 1024 * 1024 + 10} bytes long`);
    // Kept chunks would take 256 MiB; streaming holds a few at a time.
    expect(peak - before).toBeLessThan(128 * 1024 * 1024);
  });
});

describe('JSON array files', () => {
  it('reads each element with the line where it starts', async () => {
    const records = await all(await file(`  [\n  ${a},\n  {"signal": ${o}},\n\n  ${p}\n]\n`));
    expect(summary(records)).toEqual([{ line: 2, ok: true }, { line: 3, ok: true }, { line: 5, ok: true }]);
    expect(records.map((r) => r.ok && r.signal)).toEqual([addToCartExample, orderExample, pageViewExample]);
  });

  it('reads elements split across chunks, with brackets and escaped quotes inside strings', async () => {
    const tricky = { ...pageViewExample, signalContent: { ...pageViewExample.signalContent, name: 'a ] b, c } "d" \\ [e' } };
    const bytes = Buffer.from(`[${JSON.stringify(tricky)},\n${a}]`);
    const stream = Readable.from((function* () {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    })());
    const records = await all(stream);
    expect(records.map((r) => r.ok && r.signal)).toEqual([tricky, addToCartExample]);
    expect(summary(records)).toEqual([{ line: 1, ok: true }, { line: 2, ok: true }]);
  });

  it('reports a bad element with its line and goes on to the next', async () => {
    const records = await all(await file(`[\n${a},\n{"appKey": nope},\n42,\n${p}\n]`));
    expect(summary(records)).toEqual([{ line: 2, ok: true }, { line: 3, code: 'invalid_json' }, { line: 4, code: 'not_an_object' }, { line: 5, ok: true }]);
  });

  it('reads an empty array as no records', async () => {
    expect(await all(await file('[ ]\n'))).toEqual([]);
  });

  it('reports a stray comma, text after the array and an array that is never closed', async () => {
    expect(summary(await all(await file(`[${a},,${p}]`)))).toEqual([{ line: 1, ok: true }, { line: 1, code: 'invalid_json' }]);
    expect(summary(await all(await file(`[${a}]\n${p}\n`)))).toEqual([{ line: 1, ok: true }, { line: 2, code: 'invalid_json' }]);
    const unclosed = await all(await file(`[\n${a},\n${p}\n`));
    expect(summary(unclosed)).toEqual([{ line: 2, ok: true }, { line: 3, ok: true }, { line: 4, code: 'invalid_json' }]);
    expect(unclosed[2]!.ok || unclosed[2]!.error.message).toContain('before the JSON array is closed');
  });

  it('skips an element over maxLineBytes without keeping it', async () => {
    const big = JSON.stringify({ ...addToCartExample, pad: 'z'.repeat(10000) });
    expect(summary(await all(await file(`[${a},\n${big},\n${p}]`), { maxLineBytes: 2048 }))).toEqual([
      { line: 1, ok: true }, { line: 2, code: 'line_too_long' }, { line: 3, ok: true },
    ]);
  });
});

describe('sources and options', () => {
  it('rejects with SignalFileError (file_not_found) for a missing file', async () => {
    const missing = path.join(dir, 'nope.ndjson');
    await expect(all(missing)).rejects.toMatchObject({ name: 'SignalFileError', code: 'file_not_found', path: missing });
    await expect(all(missing)).rejects.toBeInstanceOf(SignalFileError);
  });

  it('rejects with SignalFileError (file_unreadable) for a directory', async () => {
    await expect(all(dir)).rejects.toMatchObject({ code: 'file_unreadable' });
  });

  it('reads a stream of strings as well as bytes', async () => {
    expect(summary(await all(Readable.from([`${a}\n${p.slice(0, 10)}`, `${p.slice(10)}\n`])))).toEqual([{ line: 1, ok: true }, { line: 2, ok: true }]);
  });

  it('returns records in batches in file order', async () => {
    const lines = Array.from({ length: 5000 }, () => p).join('\n');
    let count = 0;
    let last = 0;
    for await (const batch of readSignalBatches(await file(lines))) {
      for (const r of batch) {
        expect(r.line).toBe(last + 1);
        last = r.line;
        count++;
      }
    }
    expect(count).toBe(5000);
  });

  it('stops with the abort reason when the signal is aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const records: ReadRecord[] = [];
    const stream = Readable.from((function* () {
      yield `${a}\n`;
      controller.abort(reason);
      yield `${p}\n`;
    })());
    await expect((async () => {
      for await (const r of readSignals(stream, { signal: controller.signal })) records.push(r);
    })()).rejects.toBe(reason);
    expect(records.length).toBeLessThanOrEqual(1);
  });

  it('throws ReadOptionsError for a bad option', () => {
    expect(() => readSignals('x', { maxLineBytes: 0 })).toThrow(ReadOptionsError);
    expect(() => readSignals('x', { maxDepth: 1.5 })).toThrow(/maxDepth must be a positive integer/);
  });
});
