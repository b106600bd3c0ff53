/**
 * `connect-signals send` against a bare loop, whole-process time, same file
 * and same local server in the same run; and peak RSS of `send` at three sizes.
 *
 *   npm run build && npx tsx bench/send-throughput.ts
 *   npx tsx bench/send-throughput.ts --node 24 --memory-only   # the peak RSS rows, on Node 24
 *
 * Targets (issue: performance): time ≤ 1.25× the bare loop on 200,000 signals;
 * peak RSS ≤ 200 MB, and 10k / 200k / 1M signals within 20% of each other.
 */
import { signalsFile } from './data.js';
import { emit, int, peakRssRows, type BenchRow } from './lib.js';
import { median, onNode, runNode, startIdsServer, type ProcessRun } from './processes.js';

const N = Number(process.env.BENCH_SEND_N ?? 200_000);
/** `--memory-only`: the peak RSS rows without the timed comparison. */
const MEMORY_ONLY = process.argv.includes('--memory-only');
const ROUNDS = MEMORY_ONLY ? 0 : Number(process.env.BENCH_ROUNDS ?? 3);
const MEMORY_SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,200000,1000000').split(',').map(Number);

const server = await startIdsServer();
const send = (file: string) =>
  runNode(['bin/connect-signals.js', 'send', file, '--endpoint', server.url, '--json'], { CONNECT_API_KEY: 'bench-key' });
const bare = (file: string) => runNode(['bench/bare-send.mjs', file, server.url]);

function accepted(run: ProcessRun, expected: number, who: string): void {
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { accepted: number };
  if (out.accepted !== expected) throw new Error(`${who}: ${out.accepted} accepted of ${expected}`);
}

try {
  const file = await signalsFile(N);
  const bareRuns: ProcessRun[] = [];
  const sendRuns: ProcessRun[] = [];
  if (!MEMORY_ONLY) await bare(file); // warm the file cache and the server
  for (let r = 0; r < ROUNDS; r++) {
    const b = await bare(file);
    accepted(b, N, 'bare loop');
    bareRuns.push(b);
    const s = await send(file);
    accepted(s, N, 'send');
    sendRuns.push(s);
  }
  const bareMs = median(bareRuns.map((r) => r.ms));
  const sendMs = median(sendRuns.map((r) => r.ms));
  const rows: BenchRow[] = MEMORY_ONLY ? [] : [
    {
      name: `send, ${int(N)} signals (median of ${ROUNDS})`,
      value: `${(sendMs / 1000).toFixed(2)} s (${int(N / (sendMs / 1000))}/s)`,
      baseline: `${(bareMs / 1000).toFixed(2)} s bare loop (${int(N / (bareMs / 1000))}/s)`,
      ratio: sendMs / bareMs,
      target: '≤ 1.25× time',
      met: sendMs / bareMs <= 1.25,
    },
  ];
  const rss: number[] = [];
  for (const size of MEMORY_SIZES) {
    const f = await signalsFile(size);
    const s = await send(f);
    accepted(s, size, `send ${size}`);
    rss.push(s.maxRssMb);
  }
  rows.push(...peakRssRows(`send${onNode}`, MEMORY_SIZES, rss, 200));
  emit(`Send ${MEMORY_ONLY ? '' : 'throughput and '}memory${onNode} (whole process, local ids server)`, rows);
} finally {
  await server.stop();
}
