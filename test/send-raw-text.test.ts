/**
 * Sending a file without serializing its signals again: a bare signal line
 * that validation leaves unchanged goes into the request body as the file
 * wrote it; a signal unwrapped from `{"signal": {...}}`, given an appKey, or
 * repaired by validation is serialized as sent. A real HTTP server on
 * 127.0.0.1 records each body's exact text.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignalsClient, readSignals, signalText, type SignalRecord } from '../src/index.js';
import { addToCartExample, pageViewExample } from './fixtures/reference-examples.js';

let dir: string;
let server: Server;
let url: string;
const bodies: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'send-raw-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      bodies.push(text);
      const n = (JSON.parse(text) as { variables: { signals: unknown[] } }).variables.signals.length;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { createSignals: { signalIds: Array.from({ length: n }, (_, i) => `id-${i}`) } } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

async function sendFile(lines: string[], appKey?: string): Promise<{ body: string; accepted: number }> {
  const file = path.join(dir, `f${bodies.length}.ndjson`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const records: SignalRecord[] = [];
  for await (const r of readSignals(file)) if (r.ok) records.push(r);
  const client = createSignalsClient({ endpoint: url, apiKey: 'k', ...(appKey === undefined ? {} : { appKey }) });
  const before = bodies.length;
  const report = await client.send(records, { signalOf: (r) => r.signal, jsonOf: signalText });
  expect(bodies.length).toBe(before + 1);
  return { body: bodies.at(-1)!, accepted: report.accepted };
}

describe('request bodies made from the lines read', () => {
  it('joins a bare, valid line in exactly as the file wrote it (spacing included)', async () => {
    const spaced = JSON.stringify(addToCartExample, null, 1).replace(/\n/g, ' ');
    const { body, accepted } = await sendFile([spaced, JSON.stringify(pageViewExample)]);
    expect(accepted).toBe(2);
    expect(body).toContain(`[${spaced},${JSON.stringify(pageViewExample)}]`);
    expect((JSON.parse(body) as { variables: { signals: unknown[] } }).variables.signals).toEqual([addToCartExample, pageViewExample]);
  });

  it('serializes a signal unwrapped from {"signal": {...}}: the wrapper is never sent', async () => {
    const { body, accepted } = await sendFile([JSON.stringify({ signal: addToCartExample })]);
    expect(accepted).toBe(1);
    expect(body).not.toContain('"signal":');
    expect((JSON.parse(body) as { variables: { signals: unknown[] } }).variables.signals).toEqual([addToCartExample]);
  });

  it('serializes a signal validation changed: the appKey filled in is sent', async () => {
    const { appKey: _, ...withoutAppKey } = addToCartExample as Record<string, unknown>;
    const { body, accepted } = await sendFile([JSON.stringify(withoutAppKey)], 'filled-app-key');
    expect(accepted).toBe(1);
    expect((JSON.parse(body) as { variables: { signals: Array<{ appKey: string }> } }).variables.signals[0]!.appKey).toBe('filled-app-key');
  });

  it('signalText gives the raw text of a bare record only', async () => {
    const file = path.join(dir, 'text.ndjson');
    const bare = JSON.stringify(pageViewExample);
    await writeFile(file, `${bare}\n${JSON.stringify({ signal: pageViewExample })}\n`);
    const texts: (string | undefined)[] = [];
    for await (const r of readSignals(file)) if (r.ok) texts.push(signalText(r));
    expect(texts).toEqual([bare, undefined]);
  });

  it('joins a text given as UTF-8 bytes (jsonOf) into the body exactly as given', async () => {
    const texts = [addToCartExample, pageViewExample, { ...pageViewExample, signalContent: { ...(pageViewExample.signalContent as object), pageCategory: 'Crème brûlée' } }].map((s) => Buffer.from(` ${JSON.stringify(s)} `));
    const client = createSignalsClient({ endpoint: url, apiKey: 'k' });
    const before = bodies.length;
    const report = await client.send(texts, { signalOf: (b) => JSON.parse(b.toString()) as unknown, jsonOf: (b) => b });
    expect(report.accepted).toBe(3);
    expect(bodies.length).toBe(before + 1);
    expect(bodies.at(-1)).toContain(`[${texts.map((b) => b.toString()).join(',')}]`);
  });
});
