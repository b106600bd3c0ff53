/**
 * `connect-signals queue status --check [--max-lag N]`, a monitoring job's
 * one line, against a real redis-server: exit 0 on a healthy queue, 1 with
 * dead letters or a lag over N (the reason on the last line, and in --json);
 * `queue dead` keeps exit 0 whatever it lists; status shows the consumers
 * workers removed as gone.
 */
import type { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { removeGoneConsumers } from '../src/queue/consumers.js';
import { writeDeadLetter } from '../src/queue/dead-letters.js';
import { queueKeys } from '../src/queue/keys.js';
import type { RedisServer } from './helpers/redis-server.js';
import { enqueueMarked, useRedisServer } from './helpers/redis-suite.js';
import { runCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';

const keys = queueKeys();
let server: RedisServer;
let redis: Redis;

const enqueue = (count: number) => enqueueMarked(server.url, count);

const deadLetter = () => writeDeadLetter(redis, keys, { entry: '1-1', status: 'failed', code: 'ERR_HTTP', reason: 'HTTP 503', at: new Date().toISOString() });

describeWith('redis-server', 'redis-server')('connect-signals queue status --check', () => {
  useRedisServer((s, r) => {
    server = s;
    redis = r;
  });

  it('exits 0 on a queue without dead letters and a lag within --max-lag, with "check: ok" last', async () => {
    await enqueue(5);
    const run = await runCli(['queue', 'status', '--redis', server.url, '--check', '--max-lag', '5']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('check: ok');
  });

  it('exits 1 when there are dead letters, and says so', async () => {
    await deadLetter();
    const run = await runCli(['queue', 'status', '--redis', server.url, '--check']);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').pop()).toBe('check: 1 dead letter');
  });

  it('exits 1 when the lag is over --max-lag (and not without --max-lag); --json carries the verdict', async () => {
    await enqueue(6);
    expect((await runCli(['queue', 'status', '--redis', server.url, '--check'])).code).toBe(0);
    const run = await runCli(['queue', 'status', '--redis', server.url, '--check', '--max-lag', '5', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ unread: 6, check: { ok: false, problems: ['lag 6 over 5'] } });
  });

  it('plain status and queue dead keep exit 0 with dead letters', async () => {
    await deadLetter();
    expect((await runCli(['queue', 'status', '--redis', server.url])).code).toBe(0);
    const dead = await runCli(['queue', 'dead', '--redis', server.url]);
    expect(dead.code).toBe(0);
    expect(dead.stdout).toContain('1 dead letter in {connect-signals}:dead');
  });

  it('--check and --max-lag are usage errors elsewhere', async () => {
    expect((await runCli(['queue', 'dead', '--redis', server.url, '--check'])).code).toBe(2);
    expect((await runCli(['queue', 'status', '--redis', server.url, '--max-lag', '3'])).code).toBe(2);
    expect((await runCli(['queue', 'status', '--redis', server.url, '--check', '--max-lag', 'x'])).code).toBe(2);
  });

  it('status lists the consumers removed as gone', async () => {
    await redis.xgroup('CREATE', keys.signals, 'connect-signals', '0', 'MKSTREAM');
    await redis.xreadgroup('GROUP', 'connect-signals', 'host-1234-dead', 'COUNT', 1, 'STREAMS', keys.signals, '0');
    await new Promise((r) => setTimeout(r, 150));
    await removeGoneConsumers(redis, { keys, group: 'connect-signals', consumer: 'me' }, 100);
    const run = await runCli(['queue', 'status', '--redis', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Group connect-signals: no consumers now.');
    expect(run.stdout).toMatch(/Gone \(removed by a worker: no pending entry, idle over 10 × its --claim-idle-ms\), most recent first:\n {2}host-1234-dead {2}gone after [\d.]+ s idle, removed \d{4}-\d\d-\d\dT/);
  });
});
