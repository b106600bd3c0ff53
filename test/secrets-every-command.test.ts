/**
 * The API key appears in no byte any command produces: every command run with
 * a recognisable key, given by flag and by environment, in success and in
 * failure (wrong key, 503s, time-outs, dead letters, a checkpoint, a stop),
 * and stdout, stderr and every file written are searched for it.
 * (test/client-secrets.test.ts covers the client's events, reports and errors.)
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { writeMarkedInput } from './helpers/reliability.js';
import { runCli, type CliRun } from './helpers/run-cli.js';

const KEY = 'SECRET-KEY-5f3a9c2e7b1d4f60';
let emulator: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'cs-secrets-'));
});
afterAll(async () => {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every byte of the run's output and of every file in the temp folder. */
function everyByte(run: CliRun): string {
  const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'latin1'));
  return [run.stdout, run.stderr, ...files].join('\n');
}

function expectNoKey(run: CliRun): void {
  const text = everyByte(run);
  expect(text).not.toContain(KEY);
  // Nor a recognisable part of it.
  expect(text).not.toContain(KEY.slice(11));
}

const byFlag = (args: string[]) => runCli([...args, '--api-key', KEY], { env: {}, tty: true });
const byEnv = (args: string[]) => runCli(args, { env: { CONNECT_API_KEY: KEY }, tty: true });

describe('the API key is in no output and no file, whatever the command', () => {
  it('send: success, with --json, dead letters and a checkpoint', async () => {
    const input = writeMarkedInput(dir, 60, { name: 'in.ndjson' });
    for (const run of [byFlag, byEnv]) {
      for (const json of [[], ['--json']]) {
        const r = await run(['send', input.path, '--endpoint', emulator.graphqlUrl, '--dead-letter', join(dir, 'dead.ndjson'), '--checkpoint', join(dir, `cp-${run === byFlag}-${json.length}.json`), '--batch-size', '20', ...json]);
        expect(r.code).toBe(1);
        expectNoKey(r);
      }
    }
  });

  it('send: failures (503, time-out, wrong key) go to the dead-letter file without the key', async () => {
    const input = writeMarkedInput(dir, 30, { name: 'fail.ndjson' });
    const base = ['send', input.path, '--endpoint', emulator.graphqlUrl, '--dead-letter', join(dir, 'dead-fail.ndjson'), '--attempts', '2'];
    emulator.setFaults({ unavailableShare: 1 });
    for (const run of [byFlag, byEnv]) expectNoKey(await run(base));
    emulator.setFaults({ latencyMs: 200 });
    for (const run of [byFlag, byEnv]) expectNoKey(await run([...base, '--timeout', '50', '--json']));
    emulator.setFaults({});
    // A key that is wrong but recognisable: the emulator's 401 must not echo it either.
    const wrong = await runCli([...base, '--api-key', `${KEY}-WRONG`], { env: {} });
    expect(wrong.code).toBe(1);
    expect(everyByte(wrong)).not.toContain(KEY);
  });

  it('send: stopped by a signal, with a checkpoint', async () => {
    const input = writeMarkedInput(dir, 200, { name: 'stop.ndjson', clean: true });
    emulator.setFaults({ latencyMs: 50 });
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGTERM'), 120);
    const r = await runCli(['send', input.path, '--endpoint', emulator.graphqlUrl, '--checkpoint', join(dir, 'cp-stop.json'), '--batch-size', '10', '--dead-letter', join(dir, 'dead-stop.ndjson')], { env: { CONNECT_API_KEY: KEY }, signal: stop.signal, tty: true });
    emulator.setFaults({});
    expect(r.code).toBe(143);
    expectNoKey(r);
  });

  it('send: usage errors and an insecure endpoint do not echo the key', async () => {
    for (const args of [
      ['send', 'missing.ndjson', '--endpoint', emulator.graphqlUrl],
      ['send', 'x.ndjson', '--endpoint', 'http://example.com/'],
      ['send', 'x.ndjson', '--endpoint', emulator.graphqlUrl, '--batch-size', 'many'],
    ]) {
      expectNoKey(await byFlag(args));
      expectNoKey(await byEnv(args));
    }
  });

  it('validate and demo, with the key in the environment', async () => {
    const input = writeMarkedInput(dir, 5, { name: 'validate.ndjson' });
    expectNoKey(await byEnv(['validate', input.path]));
    expectNoKey(await byEnv(['validate', input.path, '--json']));
    const demo = await byEnv(['demo']);
    expect(demo.code).toBe(0);
    expectNoKey(demo);
  });

  it('schema check, by flag and by environment, against an endpoint that needs the key', async () => {
    for (const run of [byFlag, byEnv]) {
      const r = await run(['schema', 'check', '--endpoint', emulator.graphqlUrl]);
      expect(r.code).toBeLessThan(2);
      expectNoKey(r);
      expectNoKey(await run(['schema', 'check', '--endpoint', emulator.graphqlUrl, '--json']));
    }
    // Refused by a server (wrong path): the error names the endpoint, not the key.
    expectNoKey(await byFlag(['schema', 'check', '--endpoint', `${emulator.url}/nowhere`]));
  });

  it('emulator: given --api-key, it never prints it', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort('SIGINT'), 300);
    const r = await runCli(['emulator', '--port', '0', '--api-key', KEY], { env: { CONNECT_API_KEY: KEY }, signal: stop.signal });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('API key: the one given with --api-key');
    expectNoKey(r);
  });
});
