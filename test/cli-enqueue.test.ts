/**
 * `connect-signals enqueue` on real files against a real redis-server: every
 * line accounted for, what the stream holds, the --json summary, the
 * dead-letter file and its round trip (fixed, then enqueued), exit statuses,
 * an unreachable Redis (a clear message, fast), and no Redis password in any
 * output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { addToCartExample, browseAbandonmentExample, orderExample } from './fixtures/reference-examples.js';
import { markedSignals } from './helpers/accounting.js';
import { freePort, startRedis, type RedisServer } from './helpers/redis-server.js';
import { runCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';
import { tempDir } from './helpers/temp-dir.js';

const STREAM = '{connect-signals}:signals';
const PASSWORD = 'pw-7c1e9a04b2d6';
let server: RedisServer;
let locked: RedisServer;
let redis: Redis;
let dir: string;

const json = (v: unknown) => JSON.stringify(v);
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** 4 valid (one in the file-import form), 1 invalid (order without orderId, with an e-mail in it), 1 unreadable. */
function mixedFile(): { path: string; valid: unknown[] } {
  const [a, b, c, d] = markedSignals(4);
  const invalid = { ...orderExample, identifiableAttributes: { email: 'jane.doe@example.com' }, signalContent: { ...orderExample.signalContent, orderId: undefined } };
  const path = file('mixed.ndjson', [json(a), json(invalid), json(b), '{not json', json({ signal: c }), json(d)]);
  return { path, valid: [a, b, c, d] };
}

async function stored(): Promise<unknown[]> {
  const entries = (await redis.xrange(STREAM, '-', '+')) as [string, string[]][];
  return entries.map(([, f]) => {
    expect(f[0]).toBe('signal');
    return JSON.parse(f[1]!);
  });
}

describeWith('redis-server', 'redis-server')('connect-signals enqueue', () => {
  beforeAll(async () => {
    [server, locked] = await Promise.all([startRedis(), startRedis({ requirepass: PASSWORD })]);
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await Promise.all([server.stop({ removeDir: true }), locked.stop({ removeDir: true })]);
  });
  beforeEach(async () => {
    await redis.flushall();
    dir = tempDir('cs-enqueue-');
  });

  it('accounts for every line: --json summary, only valid signals stored, dead letters, exit 1', async () => {
    const { path, valid } = mixedFile();
    const dead = join(dir, 'dead.ndjson');
    const run = await runCli(['enqueue', path, '--redis', server.url, '--dead-letter', dead, '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ total: 6, valid: 4, invalid: 2, unreadable: 1, enqueued: 4, failed: 0, deadLetters: 2, deadLetterFile: dead, queue: 'connect-signals', stream: STREAM, stoppedAtLine: null });
    expect(summary.byType).toEqual({ addToCart: { total: 4, valid: 4, invalid: 0, enqueued: 4 }, order: { total: 1, valid: 0, invalid: 1, enqueued: 0 }, '(unreadable)': { total: 1, valid: 0, invalid: 1, enqueued: 0 } });
    const entries = (await redis.xrange(STREAM, '-', '+')) as [string, string[]][];
    expect([summary.firstEntry, summary.lastEntry]).toEqual([entries[0]![0], entries[3]![0]]);
    // The file-import form is stored as the signal itself.
    expect(await stored()).toEqual(valid);
    // In the order they settled (an unreadable line at once, an invalid signal with its chunk): sorted by line here.
    const letters = readFileSync(dead, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.line - b.line);
    expect(letters).toMatchObject([
      { line: 2, status: 'invalid', code: 'invalid', reason: 'signalContent.orderId is required', signal: { signalContent: { signalType: 'order' } } },
      { line: 4, status: 'unreadable', code: 'invalid_json', raw: '{not json' },
    ]);
    expect(run.stderr).toContain('line 2: invalid: signalContent.orderId is required');
    expect(run.stderr).toContain('line 4: unreadable:');
  });

  it('exit 0 when every signal is enqueued: 2,500 lines over several chunks, stored in file order; a summary for people', async () => {
    const signals = markedSignals(2500);
    const run = await runCli(['enqueue', file('many.ndjson', signals.map(json)), '--redis', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Enqueued 2,500 of 2,500 signals to ${STREAM} at ${server.url}`);
    expect(run.stderr).toBe('');
    expect(await stored()).toEqual(signals);
  });

  it('the dead-letter file round trip: fixed, it is enqueued like any file, and every signal is then stored', async () => {
    const { path, valid } = mixedFile();
    const dead = join(dir, 'dead.ndjson');
    expect((await runCli(['enqueue', path, '--redis', server.url, '--dead-letter', dead])).code).toBe(1);
    // The user's fix: the missing orderId added; the broken line replaced by its signal.
    const fixed = readFileSync(dead, 'utf8').trim().split('\n').map((l) => {
      const letter = JSON.parse(l);
      if (letter.status === 'invalid') letter.signal.signalContent.orderId = 'O-FIXED';
      else letter.signal = markedSignals(1, 99)[0];
      return json(letter);
    });
    const again = await runCli(['enqueue', file('fixed.ndjson', fixed), '--redis', server.url, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 2, enqueued: 2, invalid: 0 });
    const all = await stored();
    expect(all).toHaveLength(6);
    expect(all.slice(0, 4)).toEqual(valid);
    expect(all.slice(4)).toEqual(expect.arrayContaining([expect.objectContaining({ signalContent: expect.objectContaining({ signalType: 'order', orderId: 'O-FIXED' }) }), markedSignals(1, 99)[0]]));
  });

  it('--app-key fills in a missing appKey, --tier refuses what the tier cannot import, --queue picks the stream', async () => {
    const path = file('tier.ndjson', [json({ ...addToCartExample, appKey: undefined }), json(browseAbandonmentExample)]);
    const run = await runCli(['enqueue', path, '--redis', server.url, '--app-key', 'my-app', '--tier', 'pro', '--queue', 'shop', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ enqueued: 1, invalid: 1, stream: '{shop}:signals' });
    const entries = (await redis.xrange('{shop}:signals', '-', '+')) as [string, string[]][];
    expect(entries.map(([, f]) => JSON.parse(f[1]!).appKey)).toEqual(['my-app']);
    expect(run.stderr).toContain('cannot be imported on the pro tier');
  });

  it('takes the URL from CONNECT_REDIS_URL; without it, a usage error naming both ways (exit 2)', async () => {
    const path = file('one.ndjson', [json(addToCartExample)]);
    expect((await runCli(['enqueue', path], { env: { CONNECT_REDIS_URL: server.url } })).code).toBe(0);
    const missing = await runCli(['enqueue', path]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give --redis redis://host:port (or set CONNECT_REDIS_URL)');
    const notRedis = await runCli(['enqueue', path, '--redis', 'http://127.0.0.1:6379']);
    expect(notRedis.code).toBe(2);
    expect(notRedis.stderr).toContain('--redis must start with redis:// or rediss://');
  });

  it('exit 2 for an input that does not exist, without touching Redis', async () => {
    const run = await runCli(['enqueue', join(dir, 'nope.ndjson'), '--redis', server.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no such file');
  });

  it('Redis refusing writes mid-run: exit 2, every signal not stored is dead-lettered as failed, reading stops at a line it names', async () => {
    await redis.set(STREAM, 'not a stream');
    const dead = join(dir, 'dead.ndjson');
    const run = await runCli(['enqueue', file('refused.ndjson', markedSignals(2500).map(json)), '--redis', server.url, '--dead-letter', dead, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/connect-signals enqueue: Redis did not store \d+ of \d+ signals: .*WRONGTYPE/);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ enqueued: 0, invalid: 0 });
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.stoppedAtLine).toEqual(expect.any(Number));
    const letters = readFileSync(dead, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(letters).toHaveLength(summary.failed);
    expect(letters[0]).toMatchObject({ status: 'failed', code: 'ERR_QUEUE_WRITE', ambiguous: false, signal: { signalContent: { signalType: 'addToCart' } } });
    // Nothing is lost: the dead letters and the lines from stoppedAtLine on are exactly the file.
    expect(summary.failed + (2500 - summary.stoppedAtLine + 1)).toBe(2500);
    expect(Math.max(...letters.map((l) => l.line))).toBe(summary.stoppedAtLine - 1);
  });

  it('stopped (SIGTERM) before reading: nothing stored, the summary names the first line not read, exit 143', async () => {
    const stop = new AbortController();
    stop.abort('SIGTERM');
    const run = await runCli(['enqueue', file('stop.ndjson', markedSignals(3).map(json)), '--redis', server.url, '--json'], { signal: stop.signal });
    expect(run.code).toBe(143);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 0, enqueued: 0, stoppedAtLine: 1 });
    expect(await redis.exists(STREAM)).toBe(0);
  });

  it('Redis unreachable: exit 2 within a few seconds, one clear line, no password', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = await runCli(['enqueue', file('one.ndjson', [json(addToCartExample)]), '--redis', `redis://app:${PASSWORD}@127.0.0.1:${port}`, '--json']);
    expect(Date.now() - started).toBeLessThan(7000);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^connect-signals enqueue: .*Redis at redis://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect(run.stderr).not.toContain(PASSWORD);
  }, 10_000);

  it('a Redis with a password: enqueued with the URL holding it, which no output shows; a wrong one is refused (exit 2)', async () => {
    const path = file('pw.ndjson', [json(addToCartExample), '{broken']);
    const url = `redis://:${PASSWORD}@127.0.0.1:${locked.port}`;
    const outputs: string[] = [];
    for (const extra of [[], ['--json']]) {
      const run = await runCli(['enqueue', path, '--redis', url, '--dead-letter', join(dir, 'dead.ndjson'), ...extra]);
      expect(run.code).toBe(1);
      outputs.push(run.stdout, run.stderr, readFileSync(join(dir, 'dead.ndjson'), 'utf8'));
    }
    const wrong = await runCli(['enqueue', path, '--redis', `redis://:${PASSWORD}-wrong@127.0.0.1:${locked.port}`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/WRONGPASS|NOAUTH|invalid username-password/i);
    outputs.push(wrong.stdout, wrong.stderr);
    expect(outputs.join('\n')).not.toContain(PASSWORD);
    const check = new Redis({ port: locked.port, password: PASSWORD });
    expect(await check.xlen(STREAM)).toBe(2);
    check.disconnect();
  });
});
