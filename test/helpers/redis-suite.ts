/**
 * The hooks of a describe block that runs against its own redis-server: started
 * before its tests, emptied (FLUSHALL) before each, stopped (its folder removed)
 * after them. A file of its own: test/helpers/redis-server.ts is also used by
 * bench scripts, which run outside vitest.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSignalsQueue } from '../../src/index.js';
import { markedSignals } from './accounting.js';
import { startRedis, type RedisServer } from './redis-server.js';

/** Registers the hooks; `started` receives the server and a client to it once it answers. */
export function useRedisServer(started: (server: RedisServer, redis: Redis) => void): void {
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    started(server, redis);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop({ removeDir: true });
  });
  beforeEach(async () => {
    await redis!.flushall();
  });
}

/** Enqueues `count` marked signals (markers from `from` on) through a producer of the default queue. */
export async function enqueueMarked(url: string, count: number, from = 0): Promise<void> {
  const q = createSignalsQueue({ redis: url });
  await q.enqueueMany(markedSignals(count, from));
  await q.close();
}
