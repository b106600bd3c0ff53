/**
 * One `connect-signals worker --until-empty` (its own process) draining a
 * Redis stream against `connect-signals send` of the same file, same ids
 * server, same run; and the worker's peak RSS at three sizes.
 *
 *   npm run build && npx tsx bench/queue-worker.ts
 *   npx tsx bench/queue-worker.ts --node 24 --memory-only   # the peak RSS rows, on Node 24
 *
 * Targets (issue 11): time ≤ 1.3× send's on 200,000 signals; worker peak RSS
 * ≤ 150 MB, and flat (within 20%) from 10,000 to 1,000,000 signals.
 *
 * How 1,000,000 entries stay honest and short: 1M entries of ~750 B would
 * hold ~1 GB of Redis memory and take long to load before the worker starts.
 * So for the memory sizes a producer in this process fills the stream while
 * the worker drains it: it keeps the backlog between 20,000 and 60,000
 * entries (XADD pipelined in chunks of 10,000), and the worker deletes what
 * it acknowledges (XDEL), so Redis stays small. The worker reads a stream
 * that never runs dry until the producer has added every entry, exactly as
 * under a steady load. The timed comparison with `send` uses a stream filled
 * before the worker starts (the file's 200,000 lines), so it times draining only.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { appendChunk } from '../src/queue/append.js';
import { queueKeys } from '../src/queue/keys.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { signalsFile } from './data.js';
import { emit, int, peakRssRows, type BenchRow } from './lib.js';
import { median, onNode, runNode, startIdsServer, type ProcessRun } from './processes.js';

const N = Number(process.env.BENCH_WORKER_N ?? 200_000);
/** `--memory-only`: the peak RSS rows without the timed comparison. */
const MEMORY_ONLY = process.argv.includes('--memory-only');
const ROUNDS = MEMORY_ONLY ? 0 : Number(process.env.BENCH_ROUNDS ?? 3);
const MEMORY_SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,200000,1000000').split(',').map(Number);
const KEY = 'bench-key';
const { signals } = queueKeys();

const server = await startIdsServer();
const redisServer = await startRedis();
const redis = new Redis(redisServer.url);

const send = (file: string) => runNode(['bin/connect-signals.js', 'send', file, '--endpoint', server.url, '--json'], { CONNECT_API_KEY: KEY });
const worker = () =>
  runNode(['bin/connect-signals.js', 'worker', '--redis', redisServer.url, '--endpoint', server.url, '--until-empty', '--json'], { CONNECT_API_KEY: KEY });

function accepted(run: ProcessRun, expected: number, who: string): void {
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { accepted: number };
  if (out.accepted !== expected) throw new Error(`${who}: ${out.accepted} accepted of ${expected}`);
}

/** XADDs `count` entries, cycling through `lines`, from `from` on (with the producer's one-EVAL chunks: the fastest way in). */
async function fill(lines: readonly string[], from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, from + count - i) }, (_, k) => lines[(i + k) % lines.length]!);
    await appendChunk(redis, signals, chunk);
  }
}

/** Fills the whole stream before the worker starts. */
async function prefill(lines: readonly string[]): Promise<void> {
  await redis.del(signals);
  for (let i = 0; i < lines.length; i += 10_000) await fill(lines, i, Math.min(10_000, lines.length - i));
}

/** Runs the worker while this process keeps 20,000–60,000 entries in the stream until `total` were added. */
async function drainWhileFilling(lines: readonly string[], total: number): Promise<ProcessRun> {
  await redis.del(signals);
  let added = Math.min(total, 60_000);
  await fill(lines, 0, added);
  const run = worker();
  while (added < total) {
    if ((await redis.xlen(signals)) < 20_000) {
      const n = Math.min(10_000, total - added);
      await fill(lines, added, n);
      added += n;
      continue;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return run;
}

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);

try {
  const file = await signalsFile(N);
  const lines = linesOf(file);
  const sendRuns: ProcessRun[] = [];
  const workerRuns: ProcessRun[] = [];
  await send(await signalsFile(10_000)); // warm the server and the CLI's files (the input is in the page cache: read above)
  for (let r = 0; r < ROUNDS; r++) {
    const s = await send(file);
    accepted(s, N, 'send');
    sendRuns.push(s);
    await prefill(lines);
    const w = await worker();
    accepted(w, N, 'worker');
    workerRuns.push(w);
  }
  const sendMs = median(sendRuns.map((r) => r.ms));
  const workerMs = median(workerRuns.map((r) => r.ms));
  const rows: BenchRow[] = MEMORY_ONLY ? [] : [
    {
      name: `worker draining ${int(N)} signals (median of ${ROUNDS})`,
      value: `${(workerMs / 1000).toFixed(2)} s (${int(N / (workerMs / 1000))}/s)`,
      baseline: `${(sendMs / 1000).toFixed(2)} s send of the same file (${int(N / (sendMs / 1000))}/s)`,
      ratio: workerMs / sendMs,
      target: '≤ 1.3× time',
      met: workerMs / sendMs <= 1.3,
    },
  ];
  const small = linesOf(await signalsFile(10_000));
  const rss: number[] = [];
  for (const size of MEMORY_SIZES) {
    // The timed runs drained N signals already (from a full stream, the larger backlog): their highest peak is that size's.
    if (size === N && workerRuns.length > 0) {
      rss.push(Math.max(...workerRuns.map((r) => r.maxRssMb)));
      continue;
    }
    const w = await drainWhileFilling(small, size);
    accepted(w, size, `worker ${size}`);
    rss.push(w.maxRssMb);
  }
  rows.push(...peakRssRows(`worker${onNode}`, MEMORY_SIZES, rss, 150));
  emit(`Queue worker ${MEMORY_ONLY ? '' : 'throughput and '}memory${onNode} (whole process, local ids server, local redis-server)`, rows);
} finally {
  redis.disconnect();
  await redisServer.stop({ removeDir: true });
  await server.stop();
}
