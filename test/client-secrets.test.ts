/**
 * The API key never appears in errors, events, reports, CLI output or
 * dead-letter files, even when the server echoes it back.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import { runCli } from './helpers/run-cli.js';
import { startFakeConnect, type FakeConnect } from './helpers/fake-connect.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { tempDir } from './helpers/temp-dir.js';

const KEY = 'sk_live_TOP-SECRET-0123456789';
let fake: FakeConnect | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A server that puts the key it received in every error it answers. */
const echoKey = (status: number) => (r: { headers: Record<string, unknown> }) => ({
  status,
  body: { errors: [{ message: `bad request from key ${String(r.headers['x-api-key'])}` }] },
});

describe('the API key stays secret', () => {
  it('is sent in x-api-key, and is in no event, report or error, even when echoed by the server', async () => {
    fake = await startFakeConnect(echoKey(503));
    const seen: unknown[] = [];
    const client = createSignalsClient({
      endpoint: fake.url,
      apiKey: KEY,
      retry: { ...FAST_RETRY, attempts: 1 },
      on: { outcome: (e) => seen.push(e), retry: (e) => seen.push(e), failure: (e) => seen.push(e), batch: (e) => seen.push(e), split: (e) => seen.push(e), drained: (e) => seen.push(e) },
    });
    const report = await client.send(markedSignals(2));
    expect(fake.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(report.failed).toBe(2);
    const text = JSON.stringify({ report, seen }) + report.outcomes.map((o) => (o.status === 'failed' ? `${o.reason.message} ${o.reason.stack}` : '')).join();
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(KEY);
  });

  it('is in no CLI output nor dead-letter file', async () => {
    fake = await startFakeConnect(echoKey(400));
    const dir = tempDir('cs-secret-');
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, markedSignals(3).map((s) => JSON.stringify(s)).join('\n'));
    const dead = join(dir, 'dead.ndjson');
    for (const args of [
      ['send', input, '--endpoint', fake.url, '--dead-letter', dead],
      ['send', input, '--endpoint', fake.url, '--dead-letter', dead, '--json'],
    ]) {
      const run = await runCli(args, { env: { CONNECT_API_KEY: KEY }, tty: true });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr + readFileSync(dead, 'utf8')).not.toContain(KEY);
    }
  });

  it('is not echoed when given on the command line with a bad option', async () => {
    const run = await runCli(['send', 'x.ndjson', '--endpoint', 'http://example.com/', '--api-key', KEY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('plain http://');
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('does not follow a redirect: the key never reaches the server a 3xx points to', async () => {
    const listen = (server: Server) => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
    const keysSeen: unknown[] = [];
    const elsewhere = createServer((req, res) => {
      keysSeen.push(req.headers['x-api-key']);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"createSignals":{"signalIds":["x"]}}}');
    });
    const target = await listen(elsewhere);
    const redirector = createServer((req, res) => req.resume().on('end', () => res.writeHead(307, { location: target }).end()));
    const endpoint = await listen(redirector);
    try {
      for (const status of [301, 307, 308]) {
        redirector.removeAllListeners('request').on('request', (req, res) => req.resume().on('end', () => res.writeHead(status, { location: target }).end()));
        const report = await createSignalsClient({ endpoint, apiKey: KEY, retry: FAST_RETRY }).send(markedSignals(2));
        expect(report).toMatchObject({ accepted: 0, failed: 2, requests: 1 });
        expect(report.outcomes.every((o) => o.status === 'failed' && o.reason.code === 'ERR_HTTP')).toBe(true);
      }
      expect(keysSeen).toEqual([]);
    } finally {
      elsewhere.close();
      redirector.close();
    }
  });
});
