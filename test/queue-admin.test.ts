/**
 * The queue's administration against a real redis-server: status (length,
 * lag, pending entries per consumer with their idle time, dead letters; a
 * group not created yet), the dead letters listed, and replayed back to the
 * stream (signals moved, raw text kept, each letter moved once even by two
 * replays at once, letters written during a replay left for the next).
 */
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { listDeadLetters, queueStatus, replayDeadLetters, type QueueDeadLetter } from '../src/index.js';
import { writeDeadLetter } from '../src/queue/dead-letters.js';
import { queueKeys } from '../src/queue/keys.js';
import { addToCartExample } from './fixtures/reference-examples.js';
import { markedSignals } from './helpers/accounting.js';
import type { RedisServer } from './helpers/redis-server.js';
import { enqueueMarked, useRedisServer } from './helpers/redis-suite.js';
import { describeWith } from './helpers/system-tool.js';

const keys = queueKeys();
let server: RedisServer;
let redis: Redis;

const enqueue = (count: number, from = 0) => enqueueMarked(server.url, count, from);

function letter(entry: string, extra: Partial<QueueDeadLetter>): QueueDeadLetter {
  return { entry, status: 'failed', code: 'ERR_HTTP', reason: 'HTTP 503', at: new Date().toISOString(), ...extra };
}

describeWith('redis-server', 'redis-server')('queue administration', () => {
  useRedisServer((s, r) => {
    server = s;
    redis = r;
  });

  it('status of a queue nobody used: empty, the group reported missing, not an error', async () => {
    const status = await queueStatus({ redis: server.url });
    expect(status).toEqual({ queue: 'connect-signals', stream: keys.signals, length: 0, unread: 0, unreadExact: true, groupName: 'connect-signals', group: null, deadLetters: 0 });
  });

  it('status before any worker: every entry unread, the group does not exist yet', async () => {
    await enqueue(12);
    expect(await queueStatus({ redis: server.url })).toMatchObject({ length: 12, unread: 12, group: null });
  });

  it('status: lag, pending entries per consumer with their idle time, dead letters', async () => {
    await enqueue(10);
    await redis.xgroup('CREATE', keys.signals, 'workers', '0');
    // Two consumers read without acknowledging: 3 and 2 entries pending.
    await redis.xreadgroup('GROUP', 'workers', 'c1', 'COUNT', 3, 'STREAMS', keys.signals, '>');
    await new Promise((r) => setTimeout(r, 120));
    await redis.xreadgroup('GROUP', 'workers', 'c2', 'COUNT', 2, 'STREAMS', keys.signals, '>');
    await writeDeadLetter(redis, keys, letter('1-0', { signal: addToCartExample }));
    await writeDeadLetter(redis, keys, letter('2-0', { status: 'unreadable', code: 'unreadable', raw: '{nope' }));
    const status = await queueStatus({ redis: server.url, group: 'workers' });
    expect(status).toMatchObject({ length: 10, unread: 5, unreadExact: true, deadLetters: 2, groupName: 'workers', group: { name: 'workers', lag: 5, pending: 5 } });
    const [c1, c2] = [...status.group!.consumers].sort((a, b) => a.name.localeCompare(b.name));
    expect(c1).toMatchObject({ name: 'c1', pending: 3 });
    expect(c2).toMatchObject({ name: 'c2', pending: 2 });
    expect(c1!.oldestPendingIdleMs).toBeGreaterThanOrEqual(100);
    expect(c1!.oldestPendingIdleMs).toBeGreaterThan(c2!.oldestPendingIdleMs!);
    // The default group is another one: it does not exist.
    expect((await queueStatus({ redis: server.url })).group).toBeNull();
  });

  it('status: a consumer that acknowledged everything holds nothing', async () => {
    await enqueue(2);
    await redis.xgroup('CREATE', keys.signals, 'connect-signals', '0');
    const read = (await redis.xreadgroup('GROUP', 'connect-signals', 'done', 'STREAMS', keys.signals, '>')) as [string, [string, string[]][]][];
    await redis.xack(keys.signals, 'connect-signals', ...read[0]![1].map(([id]) => id));
    const status = await queueStatus({ redis: server.url });
    expect(status.group).toMatchObject({ lag: 0, pending: 0, consumers: [{ name: 'done', pending: 0, oldestPendingIdleMs: null }] });
  });

  it('status: when Redis cannot tell the lag (entries deleted past a pending one), unread is length - pending, marked inexact', async () => {
    await enqueue(10);
    await redis.xgroup('CREATE', keys.signals, 'connect-signals', '0');
    const read = (await redis.xreadgroup('GROUP', 'connect-signals', 'w', 'COUNT', 5, 'STREAMS', keys.signals, '>')) as [string, [string, string[]][]][];
    // As a worker does: acknowledge and delete what settled; the first entry is still held.
    const settled = read[0]![1].slice(1).map(([id]) => id);
    await redis.xack(keys.signals, 'connect-signals', ...settled);
    await redis.xdel(keys.signals, ...settled);
    const status = await queueStatus({ redis: server.url });
    expect(status).toMatchObject({ length: 6, unread: 5, unreadExact: false, group: { lag: null, pending: 1 } });
  });

  it('lists the dead letters oldest first, with their total, a letter that cannot be read as null', async () => {
    await writeDeadLetter(redis, keys, letter('1-0', { signal: { a: 1 } }));
    await redis.xadd(keys.dead, '*', 'something', 'else');
    await writeDeadLetter(redis, keys, letter('3-0', { signal: { a: 3 } }));
    const list = await listDeadLetters({ redis: server.url, count: 2 });
    expect(list.total).toBe(3);
    expect(list.letters.map((l) => l.letter?.entry ?? null)).toEqual(['1-0', null]);
  });

  it('replay moves each letter with a signal back to the stream as its JSON, keeps raw text, counts ambiguous ones', async () => {
    const signals = markedSignals(3);
    await writeDeadLetter(redis, keys, letter('1-0', { signal: signals[0] }));
    await writeDeadLetter(redis, keys, letter('2-0', { status: 'unreadable', code: 'unreadable', raw: '{not json' }));
    await writeDeadLetter(redis, keys, letter('3-0', { status: 'invalid', code: 'invalid', signal: signals[1] }));
    await writeDeadLetter(redis, keys, letter('4-0', { ambiguous: true, signal: signals[2] }));
    const result = await replayDeadLetters({ redis: server.url });
    expect(result).toEqual({ moved: 3, ambiguous: 1, kept: 1, skipped: 0 });
    const stream = (await redis.xrange(keys.signals, '-', '+')) as [string, string[]][];
    expect(stream.map(([, f]) => f)).toEqual(signals.map((s) => ['signal', JSON.stringify(s)]));
    const left = await listDeadLetters({ redis: server.url });
    expect(left.letters.map((l) => l.letter)).toEqual([expect.objectContaining({ entry: '2-0', raw: '{not json' })]);
    // Replaying again moves nothing: the raw letter stays until its text is fixed.
    expect(await replayDeadLetters({ redis: server.url })).toEqual({ moved: 0, ambiguous: 0, kept: 1, skipped: 0 });
  });

  it('two replays at once move each of 450 letters exactly once', async () => {
    const signals = markedSignals(450);
    const pipeline = redis.pipeline();
    signals.forEach((s, i) => pipeline.xadd(keys.dead, '*', 'letter', JSON.stringify(letter(`${i + 1}-0`, { signal: s }))));
    await pipeline.exec();
    const [a, b] = await Promise.all([replayDeadLetters({ redis: server.url }), replayDeadLetters({ redis: server.url })]);
    expect(a.moved + b.moved).toBe(450);
    expect(await redis.xlen(keys.signals)).toBe(450);
    expect(await redis.xlen(keys.dead)).toBe(0);
    const ids = ((await redis.xrange(keys.signals, '-', '+')) as [string, string[]][]).map(([, f]) => JSON.parse(f[1]!).sessionId);
    expect(new Set(ids).size).toBe(450);
  });

  it('letters written while a replay runs are left for the next replay', async () => {
    const pipeline = redis.pipeline();
    markedSignals(250).forEach((s, i) => pipeline.xadd(keys.dead, '*', 'letter', JSON.stringify(letter(`${i + 1}-0`, { signal: s }))));
    await pipeline.exec();
    // A worker dead-letters every replayed signal again at once: the replay must not chase them.
    const echo = new Redis(server.url);
    let stop = false;
    const worker = (async () => {
      let last = '0-0';
      while (!stop) {
        const got = (await echo.xread('COUNT', 100, 'BLOCK', 50, 'STREAMS', keys.signals, last)) as [string, [string, string[]][]][] | null;
        for (const [id, f] of got?.[0]?.[1] ?? []) {
          last = id;
          await echo.xadd(keys.dead, '*', 'letter', JSON.stringify(letter(id, { signal: JSON.parse(f[1]!) })));
        }
      }
    })();
    const result = await replayDeadLetters({ redis: server.url });
    stop = true;
    await worker;
    echo.disconnect();
    expect(result.moved).toBe(250);
  });
});
