/**
 * Storing an event within `--enqueue-timeout`: the store's one Lua script,
 * raced against a timer. A write that is late or refused is answered 503 with
 * Retry-After; the script being all or nothing, a late one that still runs
 * stores the event whole and marks it seen (the sender's retry is then a
 * duplicate), and one that does not run stores nothing.
 */
import type { QueueKeys } from '../queue/keys.js';
import type { RedisClient } from '../queue/redis.js';
import type { Answer } from './answer.js';
import type { GatewayMetrics } from './metrics.js';
import { RETRY_AFTER_SECONDS } from './options.js';
import { storeEvent, type EventWrite } from './store.js';

/** The 503 answer of a write Redis did not acknowledge in time. */
export const UNAVAILABLE: Answer = { status: 503, body: { error: 'the queue is unavailable: retry later' }, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } };

/** Stores `write`; resolves to `stored`, `duplicate`, or the 503 answer when Redis failed or was too slow. */
export async function enqueueWithin(
  client: RedisClient,
  keys: QueueKeys,
  write: EventWrite,
  timeoutMs: number,
  metrics: GatewayMetrics,
  log: (line: string) => void,
): Promise<'stored' | 'duplicate' | Answer> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  try {
    const outcome = await Promise.race([storeEvent(client, keys, write), late]);
    if (outcome === 'late') {
      log(`Redis did not store an event within ${timeoutMs} ms: answered 503`);
      return UNAVAILABLE;
    }
    return outcome;
  } catch (error) {
    log(`Redis refused an event (answered 503): ${error instanceof Error ? error.message : String(error)}`);
    return UNAVAILABLE;
  } finally {
    clearTimeout(timer);
    metrics.enqueueLatency((performance.now() - started) / 1000);
  }
}
