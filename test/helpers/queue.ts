/**
 * Shared parts of the Redis queue worker tests: filling the stream the way
 * any producer can (XADD of a `signal` field), reading `{NAME}:dead`, and
 * dumping every key and value of a Redis (to look for secrets).
 */
import type { Cluster, Redis } from 'ioredis';
import { parseDeadLetter, type QueueDeadLetter } from '../../src/queue/dead-letters.js';
import { queueKeys } from '../../src/queue/keys.js';

type Client = Redis | Cluster;

/** XADDs each text as an entry's `signal` field (pipelined); resolves to the entry ids. */
export async function xaddSignals(redis: Client, texts: readonly string[], queue?: string): Promise<string[]> {
  const { signals } = queueKeys(queue);
  const ids: string[] = [];
  for (let i = 0; i < texts.length; i += 1000) {
    const pipeline = redis.pipeline();
    for (const text of texts.slice(i, i + 1000)) pipeline.xadd(signals, '*', 'signal', text);
    for (const [error, id] of (await pipeline.exec()) ?? []) {
      if (error !== null) throw error;
      ids.push(String(id));
    }
  }
  return ids;
}

/** Every dead letter of the queue, oldest first. */
export async function deadLetters(redis: Client, queue?: string): Promise<QueueDeadLetter[]> {
  const entries = (await redis.xrange(queueKeys(queue).dead, '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) => parseDeadLetter(fields)!);
}

/** Every key of a (single-node) Redis with its value as text. */
export async function dumpRedis(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'stream') {
      value = [await redis.xrange(key, '-', '+'), await redis.call('XINFO', 'STREAM', key, 'FULL')];
    } else if (type === 'hash') value = await redis.hgetall(key);
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else if (type === 'set') value = await redis.smembers(key);
    else if (type === 'zset') value = await redis.call('ZRANGE', key, 0, -1, 'WITHSCORES');
    parts.push(`${key} ${type} ${JSON.stringify(value)}`);
  }
  return parts.join('\n');
}

/** Waits until `condition()` holds (polled every 10 ms). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A `connect-signals` child process with its output collected. */
export interface CliChild {
  readonly child: import('node:child_process').ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves to the exit code (null when killed) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Wraps a spawned CLI: collects its output and its exit. */
export function collect(child: import('node:child_process').ChildProcess): CliChild {
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}
