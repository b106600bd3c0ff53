/**
 * `connect-signals enqueue` against a bare ioredis loop, whole-process time,
 * the same file to the same redis-server (started here on a free loopback
 * port, no persistence) in the same run.
 *
 *   npm run build && npx tsx bench/queue-enqueue.ts
 *
 * Target (issue 11: performance): enqueue of 200,000 signals ≤ 1.5× the time
 * of a bare ioredis loop that pipelines XADD of the same lines
 * (bench/bare-enqueue.mjs: no parsing, no validation). Both are whole
 * processes (Node's start included), as send-throughput measures `send`: what
 * a user waits for. The stream is emptied before every run.
 *
 * Read the ratio knowing what differs besides validation: `enqueue` writes a
 * chunk of 1000 signals with one EVAL (src/queue/append.ts) where the baseline
 * pipelines 1000 XADDs, as the issue defines it. The EVAL costs the client
 * less CPU (measured in-process: ~1.3 s against ~4.5 s of ioredis CPU for
 * 200,000), which pays for reading, parsing and validating; with both, Redis's
 * own work (one core) is most of the time.
 */
import { Redis } from 'ioredis';
import { startRedis } from '../test/helpers/redis-server.js';
import { signalsFile } from './data.js';
import { emit, int, type BenchRow } from './lib.js';
import { median, runNode, type ProcessRun } from './processes.js';

const N = Number(process.env.BENCH_ENQUEUE_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STREAM = '{connect-signals}:signals';

const server = await startRedis();
const redis = new Redis(server.url);

async function run(args: readonly string[], who: string, count: (run: ProcessRun) => number): Promise<ProcessRun> {
  await redis.del(STREAM);
  const r = await runNode(args);
  const stored = await redis.xlen(STREAM);
  if (count(r) !== N || stored !== N) throw new Error(`${who}: ${count(r)} reported, ${stored} stored, of ${N}`);
  return r;
}

const last = (r: ProcessRun) => JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;

try {
  const file = await signalsFile(N);
  const bare = () => run(['bench/bare-enqueue.mjs', file, server.url], 'bare loop', (r) => last(r).enqueued!);
  const enqueue = () => run(['bin/connect-signals.js', 'enqueue', file, '--redis', server.url, '--json'], 'enqueue', (r) => last(r).enqueued!);
  // No warm-up run (each run writes 200,000 entries: the bench must stay under a minute); the order
  // alternates per round, so that neither always runs first.
  const bareRuns: ProcessRun[] = [];
  const enqueueRuns: ProcessRun[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) bareRuns.push(await bare());
    enqueueRuns.push(await enqueue());
    if (r % 2 === 1) bareRuns.push(await bare());
  }
  const bareMs = median(bareRuns.map((r) => r.ms));
  const enqueueMs = median(enqueueRuns.map((r) => r.ms));
  const rows: BenchRow[] = [
    {
      name: `enqueue, ${int(N)} signals (median of ${ROUNDS}, whole process; peak RSS ${Math.max(...enqueueRuns.map((r) => r.maxRssMb)).toFixed(0)} MB)`,
      value: `${(enqueueMs / 1000).toFixed(2)} s (${int(N / (enqueueMs / 1000))}/s)`,
      baseline: `${(bareMs / 1000).toFixed(2)} s bare ioredis XADD loop (${int(N / (bareMs / 1000))}/s)`,
      ratio: enqueueMs / bareMs,
      target: '≤ 1.5× time',
      met: enqueueMs / bareMs <= 1.5,
    },
  ];
  emit('Enqueue to Redis Streams (whole process, local redis-server)', rows);
} finally {
  redis.disconnect();
  await server.stop({ removeDir: true });
}
