/**
 * Consumers of dead workers (src/queue/consumers.ts) against a real
 * redis-server: one that holds no pending entry and has been idle for more
 * than the limit is removed and recorded; one that still holds entries, one
 * idle for less, and the caller's own are kept; `queueStatus` lists the gone
 * ones; and a worker removes them from its claim step (10 × claimIdleMs).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { GONE_KEPT, goneConsumers, removeGoneConsumers } from '../src/queue/consumers.js';
import { queueKeys } from '../src/queue/keys.js';
import { queueStatus, startSignalsWorker } from '../src/queue/index.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { xaddSignals } from './helpers/queue.js';
import type { RedisServer } from './helpers/redis-server.js';
import { useRedisServer } from './helpers/redis-suite.js';
import { describeWith } from './helpers/system-tool.js';

const keys = queueKeys();
const GROUP = 'connect-signals';
const target = (consumer: string) => ({ keys, group: GROUP, consumer });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWith('redis-server', 'redis-server')('gone consumers', () => {
  let server: RedisServer;
  let redis: Redis;

  const consumerNames = async () => ((await redis.xinfo('CONSUMERS', keys.signals, GROUP)) as string[][]).map((c) => c[1]).sort();
  /** Consumer `name` reads up to `count` new entries (0: it only joins the group) and acknowledges none. */
  const read = (name: string, count: number) => redis.xreadgroup('GROUP', GROUP, name, 'COUNT', Math.max(count, 1), 'STREAMS', keys.signals, count === 0 ? '0' : '>');

  useRedisServer((s, r) => {
    server = s;
    redis = r;
  });
  beforeEach(async () => {
    await redis.xgroup('CREATE', keys.signals, GROUP, '0', 'MKSTREAM');
  });

  describe('removeGoneConsumers', () => {
    it('removes only consumers idle longer than the limit that hold nothing, never the caller, and records them', async () => {
      await xaddSignals(redis, markedSignals(4).map((s) => JSON.stringify(s)));
      await read('dead-empty', 0); // joined, holds nothing
      await read('dead-holding', 2); // holds 2 entries: removing it would lose them
      await read('me', 0);
      await sleep(300);
      await read('recent', 0); // idle for less than the limit

      const removed = await removeGoneConsumers(redis, target('me'), 250);

      expect(removed).toEqual(['dead-empty']);
      expect(await consumerNames()).toEqual(['dead-holding', 'me', 'recent']);
      const [gone] = await goneConsumers(redis, keys);
      expect(gone).toMatchObject({ name: 'dead-empty' });
      expect(gone!.idleMs).toBeGreaterThan(250);
      expect(Date.parse(gone!.removedAt)).toBeGreaterThan(Date.now() - 10_000);
      // Its entries still pending to it, the holding consumer is left for a claim (after which it holds none).
      expect((await redis.xpending(keys.signals, GROUP))[0]).toBe(2);
    });

    it('keeps a consumer that was given an entry after it went idle (pending is read when it is removed)', async () => {
      await read('late', 0);
      await sleep(300);
      await xaddSignals(redis, markedSignals(1).map((s) => JSON.stringify(s)));
      // Another consumer's entry claimed to "late" (as XCLAIM does) resets nothing but gives it a pending entry.
      const reply = (await redis.xreadgroup('GROUP', GROUP, 'other', 'COUNT', 1, 'STREAMS', keys.signals, '>')) as [string, [string, string[]][]][];
      const id = reply[0]![1][0]![0];
      await redis.xclaim(keys.signals, GROUP, 'late', 0, id, 'IDLE', 10_000);
      await sleep(300);
      expect(await removeGoneConsumers(redis, target('me'), 250)).toEqual(['other']); // 'other' holds nothing now
      expect(await consumerNames()).toEqual(['late']);
    });

    it(`remembers the ${GONE_KEPT} most recent, most recent first`, async () => {
      for (let i = 0; i < GONE_KEPT + 5; i++) await read(`w${i}`, 0);
      await sleep(120);
      expect(await removeGoneConsumers(redis, target('me'), 100, 1_000_000)).toHaveLength(GONE_KEPT + 5);
      await read('last', 0);
      await sleep(120);
      await removeGoneConsumers(redis, target('me'), 100, 2_000_000);
      const gone = await goneConsumers(redis, keys);
      expect(gone).toHaveLength(GONE_KEPT);
      expect(gone[0]).toMatchObject({ name: 'last', removedAt: new Date(2_000_000).toISOString() });
    });
  });

  it('queueStatus lists the gone consumers with the group', async () => {
    await read('crashed-worker', 0);
    await sleep(150);
    await removeGoneConsumers(redis, target('me'), 100);
    const status = await queueStatus({ redis: server.url });
    expect(status.group?.consumers.map((c) => c.name)).toEqual([]);
    expect(status.group?.goneConsumers).toEqual([expect.objectContaining({ name: 'crashed-worker', idleMs: expect.any(Number) })]);
  });

  describe('a worker', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator();
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it('removes, from its claim step, a consumer idle over 10 × claimIdleMs that holds nothing, and keeps one idle for less', async () => {
      await read('died-long-ago', 0);
      await sleep(1_100); // over 10 × 100 ms
      await read('died-just-now', 0);
      await xaddSignals(redis, markedSignals(3).map((s) => JSON.stringify(s)));
      const worker = await startSignalsWorker({
        redis: server.url,
        consumer: 'alive',
        untilEmpty: true,
        claimIdleMs: 100,
        client: { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, retry: FAST_RETRY },
      });
      expect(await worker.done).toMatchObject({ accepted: 3 });
      expect(await consumerNames()).toEqual(['alive', 'died-just-now']);
      expect((await goneConsumers(redis, keys)).map((g) => g.name)).toEqual(['died-long-ago']);
    });
  });
});
