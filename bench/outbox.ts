/**
 * The Postgres outbox (issue 19), against a postgres initdb'd for the run and
 * the ids server:
 * - one `connect-signals relay --until-empty` (its own process) draining
 *   200,000 committed rows, against a bare loop in the same run
 *   (bench/outbox-bare-relay.mjs: the relay's claim, fetch, delete; ≤ 1.25×),
 *   and the ratio to `send` of the same signals (printed, no target);
 * - `writeSignals` of one signal in an app's transaction against a bare
 *   `INSERT` of the same JSON in the same kind of transaction (≤ 1.3×);
 * - the relay's peak RSS at several sizes (≤ 150 MB, flat within 20%), the
 *   larger ones drained while this process keeps inserting (a steady load),
 *   and the outbox table's size after that load (deletes plus autovacuum).
 *
 *   npm run build && npx tsx bench/outbox.ts
 *
 * Env: BENCH_OUTBOX_N (200000), BENCH_ROUNDS (5), BENCH_OUTBOX_MEMORY_SIZES
 * (10000,200000; add 1000000 for the largest size: it takes ~1 minute
 * more on this machine, so it is not in the default run).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { initOutbox, outboxTables, writeSignals } from '../src/outbox/index.js';
import { startPostgres } from '../test/helpers/postgres-server.js';
import { signalsFile } from './data.js';
import { emit, int, peakRssRows, type BenchRow } from './lib.js';
import { median, runNode, startIdsServer, type ProcessRun } from './processes.js';

const N = Number(process.env.BENCH_OUTBOX_N ?? 200_000);
/** Paired rounds of the relay's drain: 5, as for the worker's row (the same code read 1.03–1.53× in single rounds here). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEMORY_SIZES = (process.env.BENCH_OUTBOX_MEMORY_SIZES ?? '10000,200000').split(',').map(Number);
const KEY = 'bench-key';
const tables = outboxTables();

const server = await startIdsServer();
// Durability off (the bench times the relay, not the disk); autovacuum on, waking every 5 s instead of
// every minute (docs/outbox.md: the setting that matters for a queue table; the table's own
// thresholds are in the DDL).
const postgres = await startPostgres({ settings: { shared_buffers: '256MB', autovacuum_naptime: '5s' } });
const db = new pg.Pool({ connectionString: postgres.url, max: 4 });
db.on('error', () => {});
await initOutbox(db, tables);

const send = (file: string) => runNode(['bin/connect-signals.js', 'send', file, '--endpoint', server.url, '--json'], { CONNECT_API_KEY: KEY });
const relay = () => runNode(['bin/connect-signals.js', 'relay', '--postgres', postgres.url, '--endpoint', server.url, '--until-empty', '--json'], { CONNECT_API_KEY: KEY });
const bare = () => runNode(['bench/outbox-bare-relay.mjs', postgres.url, server.url]);

function accepted(run: ProcessRun, expected: number, who: string): void {
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { accepted: number };
  if (out.accepted !== expected) throw new Error(`${who}: ${out.accepted} accepted of ${expected}`);
}

/** Inserts `count` rows cycling through `lines` (5,000 per statement), from `from` on. */
async function fill(lines: readonly string[], from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 5000) {
    const chunk = Array.from({ length: Math.min(5000, from + count - i) }, (_, k) => lines[(i + k) % lines.length]!);
    await db.query(`INSERT INTO ${tables.outbox} (signal) SELECT unnest($1::jsonb[])`, [chunk]);
  }
}

/** The drained rows' signals, parsed into jsonb once: each prefill copies them (~1 s for 200,000, against 5–7 s from text). */
const TEMPLATE = 'bench_outbox_signals';

async function storeTemplate(lines: readonly string[]): Promise<void> {
  await db.query(`CREATE UNLOGGED TABLE ${TEMPLATE} (n bigint GENERATED ALWAYS AS IDENTITY, signal jsonb NOT NULL)`);
  for (let i = 0; i < lines.length; i += 5000) await db.query(`INSERT INTO ${TEMPLATE} (signal) SELECT unnest($1::jsonb[])`, [lines.slice(i, i + 5000)]);
}

async function prefill(): Promise<void> {
  await db.query(`TRUNCATE ${tables.outbox}`);
  await db.query(`INSERT INTO ${tables.outbox} (signal) SELECT signal FROM ${TEMPLATE} ORDER BY n`);
  await db.query(`VACUUM ANALYZE ${tables.outbox}`);
}

/**
 * A steady load: a relay (without --until-empty) drains while this process inserts `total` rows
 * as fast as it can (20,000 per statement, keeping at most 100,000 waiting); once all are
 * inserted and the table is empty, SIGTERM ends the relay. Its peak RSS is read at its exit.
 */
async function drainWhileFilling(lines: readonly string[], total: number): Promise<{ maxRssMb: number; accepted: number }> {
  await db.query(`TRUNCATE ${tables.outbox}`);
  const child = spawn(process.execPath, ['--import', fileURLToPath(new URL('./max-rss.mjs', import.meta.url)), 'bin/connect-signals.js', 'relay', '--postgres', postgres.url, '--endpoint', server.url, '--json'], {
    env: { ...process.env, CONNECT_API_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const closed = once(child, 'close');
  let added = 0;
  while (added < total) {
    if (child.exitCode !== null) throw new Error(`the relay exited early: ${stderr.slice(-1000)}`);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tables.outbox}`);
    if (rows[0]!.n < 80_000) {
      const n = Math.min(20_000, total - added);
      await fill(lines, added, n);
      added += n;
      continue;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  for (;;) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tables.outbox}`);
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  await closed;
  const kb = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN);
  const out = JSON.parse(stdout.trim().split('\n').pop()!) as { accepted: number };
  return { maxRssMb: kb / 1024, accepted: out.accepted };
}

/** ms per transaction of `BEGIN; <write>; COMMIT`, `n` times on one connection. */
async function transactions(client: pg.PoolClient, n: number, write: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    await client.query('BEGIN');
    await write();
    await client.query('COMMIT');
  }
  return (performance.now() - start) / n;
}

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);

try {
  const file = await signalsFile(N);
  const lines = linesOf(file);
  const rows: BenchRow[] = [];

  // 1. Draining N rows: relay vs the bare loop (alternating), and send of the same file.
  await send(await signalsFile(10_000)); // warm the server and the CLI's files
  await storeTemplate(lines);
  const relayRuns: ProcessRun[] = [];
  const ratios: number[] = [];
  const bareMs: number[] = [];
  const drain = async (which: 'relay' | 'bare'): Promise<ProcessRun> => {
    await prefill();
    const run = await (which === 'relay' ? relay() : bare());
    accepted(run, N, which === 'relay' ? 'relay' : 'bare loop');
    return run;
  };
  for (let r = 0; r < ROUNDS; r++) {
    // The relay first in even rounds, the bare loop first in odd ones.
    const first = await drain(r % 2 === 0 ? 'relay' : 'bare');
    const second = await drain(r % 2 === 0 ? 'bare' : 'relay');
    const [w, b] = r % 2 === 0 ? [first, second] : [second, first];
    relayRuns.push(w);
    bareMs.push(b.ms);
    ratios.push(w.ms / b.ms);
  }
  // Information only: one run of send is enough.
  const s = await send(file);
  accepted(s, N, 'send');
  const sendMs = s.ms;
  const relayMs = median(relayRuns.map((r) => r.ms));
  const ratio = median(ratios);
  rows.push({
    name: `relay draining ${int(N)} rows, median of ${ROUNDS} paired rounds (round ratios ${ratios.map((x) => x.toFixed(2)).join(' / ')})`,
    value: `${(relayMs / 1000).toFixed(2)} s (${int(N / (relayMs / 1000))}/s)`,
    baseline: `${(median(bareMs) / 1000).toFixed(2)} s bare claim/fetch/delete loop`,
    ratio,
    target: '≤ 1.25× time',
    met: ratio <= 1.25,
  });
  const toSend = relayMs / sendMs;
  rows.push({
    name: `relay draining ${int(N)} rows vs send of the same signals (information)`,
    value: `${(relayMs / 1000).toFixed(2)} s`,
    baseline: `${(sendMs / 1000).toFixed(2)} s send of the same file (one run)`,
    ratio: toSend,
    target: 'none (printed)',
    met: true,
  });

  // 2. writeSignals of one signal in a transaction vs a bare INSERT of the same JSON.
  await db.query(`TRUNCATE ${tables.outbox}`);
  const client = await db.connect();
  const signal = JSON.parse(lines[0]!) as Record<string, unknown>;
  const text = lines[0]!;
  const bareInsert = () => client.query(`INSERT INTO ${tables.outbox} (signal) VALUES ($1::jsonb)`, [text]);
  const viaWrite = () => writeSignals(client, [signal]);
  await transactions(client, 500, bareInsert);
  await transactions(client, 500, viaWrite);
  const writeRatios: number[] = [];
  const writeTimes: number[] = [];
  const insertTimes: number[] = [];
  for (let r = 0; r < 9; r++) {
    const a = await transactions(client, 500, bareInsert);
    const b = await transactions(client, 500, viaWrite);
    insertTimes.push(a);
    writeTimes.push(b);
    writeRatios.push(b / a);
  }
  client.release();
  const writeRatio = median(writeRatios);
  rows.push({
    name: 'writeSignals of one signal in a transaction (BEGIN, write, COMMIT; median of 9 paired rounds of 500)',
    value: `${(median(writeTimes) * 1000).toFixed(0)} µs per transaction`,
    baseline: `${(median(insertTimes) * 1000).toFixed(0)} µs with a bare INSERT of the same JSON`,
    ratio: writeRatio,
    target: '≤ 1.3× time',
    met: writeRatio <= 1.3,
  });

  // 3. Peak RSS at several sizes; the table's size after the steady load.
  const small = linesOf(await signalsFile(10_000));
  const rss: number[] = [];
  for (const size of MEMORY_SIZES) {
    if (size === N) {
      rss.push(Math.max(...relayRuns.map((r) => r.maxRssMb)));
      continue;
    }
    const w = await drainWhileFilling(small, size);
    if (w.accepted !== size) throw new Error(`relay ${size}: ${w.accepted} accepted`);
    rss.push(w.maxRssMb);
  }
  rows.push(...peakRssRows('relay', MEMORY_SIZES, rss, 150));
  const largest = Math.max(...MEMORY_SIZES.filter((s) => s !== N), 0);
  const size = await db.query<{ bytes: string }>(`SELECT pg_total_relation_size('${tables.outbox}')::text AS bytes`);
  const mb = Number(size.rows[0]!.bytes) / 1048576;
  rows.push({
    name: `outbox table size after ${int(largest)} rows passed under a steady load (table + indexes, autovacuum on)`,
    value: `${mb.toFixed(1)} MB`,
    baseline: `${int(largest)} rows of ~${Math.round(text.length)} B passed`,
    ratio: undefined,
    target: 'bounded (≤ 200 MB: a backlog of up to 100,000 rows, ~80 MB, plus dead tuples)',
    met: mb <= 200,
  });
  emit('Postgres outbox relay: throughput, writeSignals, memory (whole process, local ids server, local postgres)', rows);
} finally {
  await db.end();
  await postgres.destroy();
  await server.stop();
}
