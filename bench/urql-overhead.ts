/**
 * urql overhead: client CPU per 500-signal batch through our transport
 * (src/client/transport.ts, @urql/core) against a bare `fetch` of the same
 * body, in the same process, against the same ids server (its own process, so
 * its CPU is not counted). Rounds alternate between the two (which goes first
 * alternates too); the figures are the median round's CPU (user + system,
 * `process.cpuUsage`) per batch, the ratio the median of the rounds' ratios.
 *
 *   npx tsx bench/urql-overhead.ts
 *
 * Target (issue: performance): at most 1.2× the bare fetch.
 */
import { makeBatch, type BatchItem } from '../src/client/batch.js';
import { createTransport } from '../src/client/transport.js';
import type { SignalInput } from '../generated/graphql.js';
import { benchSignal } from './data.js';
import { emit, type BenchRow } from './lib.js';
import { median, startIdsServer } from './processes.js';

const BATCHES = Number(process.env.BENCH_URQL_BATCHES ?? 40);
const ROUNDS = Number(process.env.BENCH_URQL_ROUNDS ?? 9);
const SIZE = 500;
const API_KEY = 'bench-urql-key';

const items: BatchItem[] = Array.from({ length: SIZE }, (_, i) => {
  const signal = benchSignal(i) as unknown as SignalInput;
  return { index: i, signalType: signal.signalContent.signalType, input: signal, signal, warnings: [] };
});
const batch = makeBatch(1, items);

const server = await startIdsServer();
try {
  const transport = createTransport({ endpoint: new URL(server.url), apiKey: API_KEY, timeoutMs: 30_000, fetch: globalThis.fetch });
  const never = new AbortController().signal;

  const viaUrql = async () => {
    const result = await transport.post(batch.items.length, batch.body, never);
    if (!result.ok || result.ids.length !== SIZE) throw new Error(`bench/urql-overhead: transport failed: ${result.ok ? result.ids.length : result.error.message}`);
  };
  const bare = async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-api-key': API_KEY },
      body: batch.body,
    });
    const body = (await response.json()) as { data: { createSignals: { signalIds: string[] } } };
    if (body.data.createSignals.signalIds.length !== SIZE) throw new Error('bench/urql-overhead: bare fetch failed');
  };

  /** CPU milliseconds per batch over one round of `BATCHES` sequential batches. */
  const round = async (send: () => Promise<void>): Promise<number> => {
    const before = process.cpuUsage();
    for (let i = 0; i < BATCHES; i++) await send();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / BATCHES;
  };

  // Warm-up: connections, JIT, the ids server's document cache.
  await round(bare);
  await round(viaUrql);
  const urqlMs: number[] = [];
  const bareMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
    if (r % 2 === 0) {
      bareMs.push(await round(bare));
      urqlMs.push(await round(viaUrql));
    } else {
      urqlMs.push(await round(viaUrql));
      bareMs.push(await round(bare));
    }
  }
  const ours = median(urqlMs);
  const base = median(bareMs);
  const ratio = median(urqlMs.map((u, r) => u / bareMs[r]!));
  const kb = Math.round(Buffer.byteLength(batch.body) / 1024);
  const rows: BenchRow[] = [
    {
      name: `urql transport, CPU per ${SIZE}-signal batch (${kb} KB, median of ${ROUNDS} × ${BATCHES})`,
      value: `${ours.toFixed(2)} ms`,
      baseline: `${base.toFixed(2)} ms bare fetch, same body`,
      ratio,
      target: '≤ 1.2× CPU',
      met: ratio <= 1.2,
    },
  ];
  emit('urql overhead (client CPU per batch, same process, same server)', rows);
} finally {
  await server.stop();
}
