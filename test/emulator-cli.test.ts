/**
 * `connect-signals emulator`: prints its URL and (only) a generated key (also
 * in the inspector page's address, after `#key=`),
 * applies its flags (tier, contacts, faults), refuses bad flags with exit 2,
 * and stops cleanly on SIGINT as a real process.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../src/cli/main.js';
import { runCli, spawnCli } from './helpers/run-cli.js';
import { pageViewExample } from './fixtures/reference-examples.js';

const QUERY = 'mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';

/** Runs the emulator command in-process until `stop()`; resolves its URL from the first line. */
async function runEmulator(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const controller = new AbortController();
  const exit = main(['emulator', ...args], { stdout, stderr, env: {}, signal: controller.signal });
  while (!out.includes('Press Ctrl+C') && !err.includes('connect-signals')) await new Promise((r) => setTimeout(r, 10));
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  return {
    url,
    out: () => out,
    err: () => err,
    exit,
    stop: async () => {
      controller.abort();
      return exit;
    },
  };
}

const post = (url: string, key: string, signals: unknown[]) =>
  fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query: QUERY, variables: { signals } }) });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emulator-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('connect-signals emulator', () => {
  it('prints the URL and the generated key, which requests must carry', async () => {
    const run = await runEmulator(['--port', '0']);
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const key = /API key \(generated; send it as the x-api-key header\): (\S+)/.exec(run.out())?.[1];
    expect(key).toBeDefined();
    expect(run.out()).toContain(`Inspector:  ${run.url}/_emulator/ui#key=${key}`);
    expect((await post(run.url!, 'wrong', [pageViewExample])).status).toBe(401);
    expect((await post(run.url!, key!, [pageViewExample])).status).toBe(200);
    expect(await run.stop()).toBe(0);
    expect(run.err()).toMatch(/stopped after 2 requests \(1 signals accepted, 0 discarded\)/);
  });

  it('never prints a key given with --api-key', async () => {
    const run = await runEmulator(['--port', '0', '--api-key', 'secret-key-xyz']);
    expect(run.out()).not.toContain('secret-key-xyz');
    expect(run.out()).toContain('the one given with --api-key');
    expect(run.out()).toContain(`Inspector:  ${run.url}/_emulator/ui (it asks for the key given with --api-key, which is never printed)`);
    expect((await post(run.url!, 'secret-key-xyz', [pageViewExample])).status).toBe(200);
    await run.stop();
    expect(run.err()).not.toContain('secret-key-xyz');
  });

  it('applies --tier, --contacts and fault flags', async () => {
    const contacts = path.join(dir, 'contacts.ndjson');
    await writeFile(contacts, '{"contactKey":"AAUN-132417508"}\n');
    const run = await runEmulator(['--port', '0', '--api-key', 'k', '--tier', 'pro', '--contacts', contacts, '--unavailable', '0.5', '--rate-limit', '100/60000']);
    expect(run.out()).toContain('contacts seeded: 1');
    const first = await post(run.url!, 'k', [pageViewExample, { ...pageViewExample, signalContent: { signalType: 'identification', identifierName: 'email', identifierValue: 'a@example.com' } }]);
    expect(((await first.json()) as any).data.createSignals.signalIds).toHaveLength(1); // pageView is not a pro type
    expect((await post(run.url!, 'k', [pageViewExample])).status).toBe(503);
    const state = await fetch(`${run.url}/_emulator/contacts`, { headers: { 'x-api-key': 'k' } });
    expect(((await state.json()) as any).contacts[0].attributes).toEqual({ contactKey: 'AAUN-132417508' });
    const faults = await fetch(`${run.url}/_emulator/faults`, { headers: { 'x-api-key': 'k' } });
    expect(((await faults.json()) as any).faults).toEqual({ unavailableShare: 0.5, rateLimit: { requests: 100, windowMs: 60000 } });
    await run.stop();
  });

  it.each([
    [['--port', 'x'], /--port must be a whole number from 0 to 65535 \(got "x"\)/],
    [['--tier', 'gold'], /--tier must be one of pro, premium, ultimate/],
    [['--unavailable', '1.5'], /--unavailable must be a share from 0 to 1/],
    [['--rate-limit', 'fast'], /--rate-limit must be N or N\/MS/],
    [['--nope'], /Unknown option '--nope'/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await runCli(['emulator', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a contacts file that cannot be read or parsed: exit 2 naming the file and line', async () => {
    const bad = path.join(dir, 'bad.ndjson');
    await writeFile(bad, '{"email":"a@example.com"}\n{"firstName":"Jane"}\n');
    const run = await runCli(['emulator', '--port', '0', '--contacts', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad} line 2: a contact needs at least one of contactKey, email, sms, whatsapp`);
    expect((await runCli(['emulator', '--contacts', path.join(dir, 'missing.json')])).stderr).toMatch(/missing\.json: cannot be read \(ENOENT\)/);
  });

  it('a port in use: exit 2 with a clear message', async () => {
    const first = await runEmulator(['--port', '0', '--api-key', 'k']);
    const port = new URL(first.url!).port;
    const second = await runCli(['emulator', '--port', port]);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    await first.stop();
  });

  it('as a real process: serves until SIGINT, then exits 0', async () => {
    const child = spawnCli(['emulator', '--port', '0', '--api-key', 'k']);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    while (!out.includes('Press Ctrl+C')) await once(child.stdout!, 'data');
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
    expect((await post(url, 'k', [pageViewExample])).status).toBe(200);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
