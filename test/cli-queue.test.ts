/**
 * `connect-signals queue status|dead|replay` against a real redis-server: the
 * table and the --json object of each, usage errors, an unreachable Redis,
 * and no Redis password in any output.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSignalsQueue, type QueueDeadLetter } from '../src/index.js';
import { writeDeadLetter } from '../src/queue/dead-letters.js';
import { queueKeys } from '../src/queue/keys.js';
import { markedSignals } from './helpers/accounting.js';
import { freePort, startRedis, type RedisServer } from './helpers/redis-server.js';
import { runCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';

const keys = queueKeys();
const PASSWORD = 'pw-q-3b8f0e61';
let server: RedisServer;
let redis: Redis;
let url: string;

function letter(entry: string, extra: Partial<QueueDeadLetter>): QueueDeadLetter {
  return { entry, status: 'failed', code: 'ERR_HTTP', reason: 'HTTP 503', attempts: 5, ambiguous: false, at: new Date().toISOString(), ...extra };
}

/** 10 signals; consumer w1 of the default group holds 3 unacknowledged; two dead letters (one raw). */
async function busyQueue(): Promise<void> {
  const q = createSignalsQueue({ redis: url });
  await q.enqueueMany(markedSignals(10));
  await q.close();
  await redis.xgroup('CREATE', keys.signals, 'connect-signals', '0');
  await redis.xreadgroup('GROUP', 'connect-signals', 'w1', 'COUNT', 3, 'STREAMS', keys.signals, '>');
  await writeDeadLetter(redis, keys, letter('1-1', { status: 'invalid', code: 'invalid', reason: 'identifiableAttributes.email jane.doe@example.com is not an e-mail', signal: markedSignals(1, 50)[0] }));
  await writeDeadLetter(redis, keys, letter('1-2', { status: 'unreadable', code: 'unreadable', reason: 'not JSON', raw: '{oops' }));
}

describeWith('redis-server', 'redis-server')('connect-signals queue', () => {
  beforeAll(async () => {
    server = await startRedis({ requirepass: PASSWORD });
    redis = new Redis({ port: server.port, password: PASSWORD });
    url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop({ removeDir: true });
  });
  beforeEach(async () => {
    await redis.flushall();
  });

  it('status --json: one object with length, unread (lag), pending per consumer and dead letters', async () => {
    await busyQueue();
    const run = await runCli(['queue', 'status', '--redis', url, '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status).toMatchObject({ queue: 'connect-signals', length: 10, unread: 7, deadLetters: 2, group: { name: 'connect-signals', lag: 7, pending: 3, consumers: [{ name: 'w1', pending: 3 }] } });
    expect(status.group.consumers[0].oldestPendingIdleMs).toEqual(expect.any(Number));
  });

  it('status: a short table for people, the URL without its password', async () => {
    await busyQueue();
    const run = await runCli(['queue', 'status'], { env: { CONNECT_REDIS_URL: url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Queue connect-signals ({connect-signals}:signals at redis://:***@127.0.0.1:${server.port}`);
    expect(run.stdout).toMatch(/entries\s+10\n\s+unread\s+7\n\s+pending\s+3\n\s+dead letters\s+2/);
    expect(run.stdout).toMatch(/consumer\s+pending\s+idle\s+oldest pending\n\s+w1\s+3\s+[\d.]+ s\s+[\d.]+ s/);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('status of another group: reported as not created yet, exit 0', async () => {
    await busyQueue();
    const run = await runCli(['queue', 'status', '--redis', url, '--group', 'billing']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Group billing does not exist yet (the first worker creates it): every entry is unread.');
    expect(run.stdout).toMatch(/unread\s+10/);
  });

  it('dead: lists the letters (masked in the table, whole in --json)', async () => {
    await busyQueue();
    const table = await runCli(['queue', 'dead', '--redis', url]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('2 dead letters in {connect-signals}:dead');
    expect(table.stdout).toMatch(/entry 1-1 {2}invalid invalid: identifiableAttributes\.email j\*\*\*@example\.com is not an e-mail/);
    expect(table.stdout).toMatch(/entry 1-2 {2}unreadable unreadable: not JSON/);
    const json = JSON.parse((await runCli(['queue', 'dead', '--redis', url, '--json', '--count', '1'])).stdout);
    expect(json).toMatchObject({ total: 2, letters: [{ id: expect.any(String), letter: { entry: '1-1', signal: markedSignals(1, 50)[0] } }] });
  });

  it('replay: moves the letter with a signal back, keeps the raw one, and says so; status then shows one dead letter', async () => {
    await busyQueue();
    const run = await runCli(['queue', 'replay', '--redis', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Moved 1 dead letter back to {connect-signals}:signals.');
    expect(run.stdout).toContain('Kept 1 with only raw text');
    expect(await redis.xlen(keys.signals)).toBe(11);
    const again = JSON.parse((await runCli(['queue', 'replay', '--redis', url, '--json'])).stdout);
    expect(again).toEqual({ queue: 'connect-signals', moved: 0, ambiguous: 0, kept: 1, skipped: 0 });
    expect(JSON.parse((await runCli(['queue', 'status', '--redis', url, '--json'])).stdout)).toMatchObject({ length: 11, deadLetters: 1 });
  });

  it('usage errors exit 2: no sub-command, an unknown one, --group outside status, no Redis URL', async () => {
    for (const [args, text] of [
      [['queue', '--redis', url], 'give one of status, dead, replay'],
      [['queue', 'purge', '--redis', url], 'give one of status, dead, replay (got "purge")'],
      [['queue', 'dead', '--redis', url, '--group', 'g'], '--group is for queue status'],
      [['queue', 'status'], 'give --redis redis://host:port (or set CONNECT_REDIS_URL)'],
    ] as const) {
      const run = await runCli([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(text);
      expect(run.stderr).not.toContain(PASSWORD);
    }
  });

  it('Redis unreachable or the password wrong: exit 2, one line, no password', async () => {
    const port = await freePort();
    for (const target of [`redis://:${PASSWORD}@127.0.0.1:${port}`, `redis://:${PASSWORD}x@127.0.0.1:${server.port}`]) {
      const run = await runCli(['queue', 'status', '--redis', target, '--json']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^connect-signals queue status: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .+\n$/);
      expect(run.stderr).not.toContain(PASSWORD);
    }
  });
});
