/**
 * The Postgres outbox in-process, against a real postgres (initdb'd by the
 * test) and the emulator: what committed reaches Connect and nothing else,
 * rows that are not signals, Connect down, Postgres restarted, the shared
 * rate over three relays, and the DDL shipped as sql/outbox.sql.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { initOutbox, listOutboxDead, outboxDdl, outboxTables, replayOutboxDead, startOutboxRelay, writeSignals, type OutboxRelayOptions } from '../src/outbox/index.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { PG_CTL, startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { waitFor } from './helpers/queue.js';
import { receivedMarkers } from './helpers/reliability.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith(PG_CTL, 'postgresql');
const tables = outboxTables();

describe('the Postgres outbox and its relay (in-process)', () => {
  let server: PostgresServer;
  let db: pg.Pool;
  let emulator: EmulatorHandle;

  beforeAll(async () => {
    server = await startPostgres();
    db = new pg.Pool({ connectionString: server.url, max: 8 });
    db.on('error', () => {});
    await initOutbox(db, tables);
    await db.query('CREATE TABLE orders (id bigserial PRIMARY KEY, marker text NOT NULL)');
    emulator = await startEmulator();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await emulator?.stop();
    await server?.destroy();
  });
  beforeEach(async () => {
    await db.query(`TRUNCATE ${tables.outbox}, ${tables.dead}, orders`);
    emulator.reset();
  });

  const relay = (overrides: Partial<OutboxRelayOptions> = {}, client: Record<string, unknown> = {}) =>
    startOutboxRelay({
      postgres: server.url,
      untilEmpty: true,
      leaseMs: 500,
      ...overrides,
      client: { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, batchSize: 50, retry: FAST_RETRY, ...client },
    });

  it('outbox init is idempotent, and sql/outbox.sql is its DDL with the default names', async () => {
    await initOutbox(db, tables);
    await initOutbox(db, tables);
    const sql = readFileSync(new URL('../sql/outbox.sql', import.meta.url), 'utf8');
    expect(sql.endsWith(outboxDdl())).toBe(true);
    await db.query(sql);
  });

  it('writeSignals writes valid signals in the caller\'s transaction (a rollback writes nothing) and returns the invalid ones unwritten', async () => {
    const [a, b] = markedSignals(2);
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      const result = await writeSignals(client, [a, { signalType: 'nope' }, b]);
      expect(result.written).toBe(2);
      expect(result.invalid.map((i) => i.index)).toEqual([1]);
      expect(result.invalid[0]!.errors.length).toBeGreaterThan(0);
      await client.query('ROLLBACK');
      expect((await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n).toBe(0);
      await client.query('BEGIN');
      await writeSignals(client, [a]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await db.query(`SELECT signal FROM ${tables.outbox}`);
    expect(rows.map((r) => r.signal.sessionId)).toEqual(['S0']);
  });

  it('an app writes 20,000 signals in transactions of 1–50 rows beside an order row, rolling back one in ten: exactly the committed signals reach Connect, once each', async () => {
    const r = await relay({ untilEmpty: false, pollMs: 200 }, { batchSize: 500 });
    let next = 0;
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    let tx = 0;
    // Four app connections writing at once, while the relay delivers.
    const app = async (): Promise<void> => {
      const client = await db.connect();
      try {
        while (next < 20_000) {
          const size = Math.min(1 + ((tx * 7919) % 50), 20_000 - next);
          const signals = markedSignals(size, next);
          next += size;
          const rollback = tx++ % 10 === 9;
          await client.query('BEGIN');
          await client.query('INSERT INTO orders (marker) VALUES ($1)', [`order-${tx}`]);
          await writeSignals(client, signals);
          await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
          for (const s of signals) (rollback ? rolledBack : committed).add(s.sessionId as string);
        }
      } finally {
        client.release();
      }
    };
    await Promise.all([app(), app(), app(), app()]);
    expect(rolledBack.size).toBeGreaterThan(1000);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n === 0, 'the outbox to drain', 120_000);
    const report = await r.stop();
    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(committed.size);
    for (const m of committed) expect(seen.get(m)).toBe(1);
    for (const m of rolledBack) expect(seen.has(m)).toBe(false);
    expect(report).toMatchObject({ accepted: committed.size, deadLetters: 0, failed: 0 });
  }, 180_000);

  it('a row committed behind where the relay\'s claims start (out of order), while a backlog lasts, is delivered before the backlog is drained', async () => {
    // The late row takes its id first, and commits once the relay has claimed well past it.
    const late = await db.connect();
    let stopRelay: (() => Promise<unknown>) | undefined;
    try {
      await late.query('BEGIN');
      await writeSignals(late, markedSignals(1, 100_000));
      await writeSignals(db, markedSignals(6000));
      emulator.setFaults({ latencyMs: 100 }); // 120 requests of 50, 4 at a time: a drain of ~3 s
      const r = await relay({ untilEmpty: false, pollMs: 200 });
      stopRelay = () => r.stop();
      await waitFor(() => emulator.signals().length >= 500, 'the relay to be well past the late row');
      await late.query('COMMIT');
      await waitFor(() => receivedMarkers(emulator).has('S100000'), 'the late row to be delivered');
      const left = (await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n as number;
      // Claims start from the head at least once a second (HEAD_CLAIM_MS), not only once the backlog is drained.
      expect(left).toBeGreaterThan(1000);
      await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n === 0, 'the outbox to drain', 60_000);
      const report = await r.stop();
      expect(report).toMatchObject({ accepted: 6001, deadLetters: 0 });
      expect(receivedMarkers(emulator).get('S100000')).toBe(1);
    } finally {
      await stopRelay?.();
      late.release();
    }
  }, 60_000);

  it('rows inserted by hand that are not valid signals become dead letters with their reason; the rows around them are delivered', async () => {
    const [first, last] = markedSignals(2);
    await db.query(`INSERT INTO ${tables.outbox} (signal) VALUES ($1::jsonb), ('"just a string"'::jsonb), ('[1,2]'::jsonb), ('{"signalType":"addToCart"}'::jsonb), ($2::jsonb)`, [JSON.stringify(first), JSON.stringify(last)]);
    const report = await (await relay()).done;
    expect(report).toMatchObject({ accepted: 2, invalid: 3, unreadable: 2, deadLetters: 3 });
    expect([...receivedMarkers(emulator).keys()].sort()).toEqual(['S0', 'S1']);
    const dead = await listOutboxDead(db, tables);
    expect(dead.map((d) => d.letter.code).sort()).toEqual(['invalid', 'unreadable', 'unreadable']);
    const unreadable = dead.find((d) => d.letter.raw === '"just a string"')!;
    expect(unreadable.letter.reason).toContain('not an object');
    const invalid = dead.find((d) => d.letter.code === 'invalid')!;
    expect(invalid.letter.reason.length).toBeGreaterThan(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n).toBe(0);
  });

  it('Connect down for a while: rows stay leased and are delivered once it is back; none lost, none dead', async () => {
    emulator.setFaults({ unavailableShare: 1 });
    await writeSignals(db, markedSignals(30));
    const r = await relay({ maxDeliveries: 50 }, { retry: { ...FAST_RETRY, attempts: 2 } });
    let failures = 0;
    r.on('failed', (e) => {
      expect(e.later).toBe(true);
      if (++failures === 60) emulator.setFaults({});
    });
    const report = await r.done;
    expect(report.retriedLater).toBeGreaterThanOrEqual(60);
    expect(report).toMatchObject({ accepted: 30, deadLetters: 0 });
    expect(receivedMarkers(emulator).size).toBe(30);
  }, 60_000);

  it('Connect down longer than maxDeliveries: each row becomes a dead letter max_deliveries with its signal; replay puts them back and they are delivered', async () => {
    emulator.setFaults({ unavailableShare: 1 });
    await writeSignals(db, markedSignals(20));
    const report = await (await relay({ maxDeliveries: 2 }, { retry: { ...FAST_RETRY, attempts: 2 } })).done;
    expect(report).toMatchObject({ accepted: 0, deadLetters: 20 });
    const dead = await listOutboxDead(db, tables);
    expect(dead).toHaveLength(20);
    expect(dead.every((d) => d.letter.code === 'max_deliveries' && d.letter.ambiguous === true && typeof (d.letter.signal as { sessionId: string }).sessionId === 'string')).toBe(true);
    emulator.setFaults({});
    expect(await replayOutboxDead(db, tables)).toEqual({ replayed: 20, skipped: 0 });
    expect((await (await relay()).done).accepted).toBe(20);
    expect(receivedMarkers(emulator).size).toBe(20);
  }, 60_000);

  it('Postgres restarted mid-run: the relay reconnects and goes on; nothing is lost', async () => {
    const r = await relay({ untilEmpty: false, pollMs: 100 }, { batchSize: 20 });
    await writeSignals(db, markedSignals(200));
    await waitFor(() => receivedMarkers(emulator).size > 0, 'the first deliveries');
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.start();
    await writeSignals(db, markedSignals(200, 200));
    await waitFor(async () => receivedMarkers(emulator).size === 400, 'every signal after the restart', 60_000);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n === 0, 'the outbox to drain', 30_000);
    await r.stop();
    expect(receivedMarkers(emulator).size).toBe(400);
  }, 120_000);

  it('a shared rate over three relays keeps to the emulator\'s rate limit: no 429', async () => {
    await relay({ rate: { requestsPerSecond: 2 } }).then((r) => r.stop()); // creates the rate table once
    // Connect allows 5 a second (10 per 2 s); the relays share 2 a second: the margin is for this
    // process's event loop, which runs the emulator and the three relays: a stall of the loop (a
    // 2-core machine busy with other test files) lets granted requests reach the emulator together.
    // At 3 a second one 429 was seen once, with tsc running beside; test/queue-worker-cli.test.ts
    // checks the exact rate with processes.
    emulator.setFaults({ rateLimit: { requests: 10, windowMs: 2000 } });
    await writeSignals(db, markedSignals(150));
    const relays = await Promise.all([0, 1, 2].map(() => relay({ rate: { requestsPerSecond: 2 } }, { batchSize: 10 })));
    const reports = await Promise.all(relays.map((r) => r.done));
    expect(emulator.stats().faults.rateLimited).toBe(0);
    expect(reports.reduce((sum, r) => sum + r.accepted, 0)).toBe(150);
    expect(reports.every((r) => r.retries === 0)).toBe(true);
  }, 60_000);
});
