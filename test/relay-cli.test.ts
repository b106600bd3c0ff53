/**
 * `connect-signals relay` and `outbox` as real processes against a real
 * postgres and the emulator: a relay killed with SIGKILL, exit codes, the
 * administration commands, and no API key or database password in any
 * output, table or metric.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { outboxTables, writeSignals } from '../src/outbox/index.js';
import { markedSignals } from './helpers/accounting.js';
import { PG_CTL, startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { collect, waitFor, type CliChild } from './helpers/queue.js';
import { freePort } from './helpers/redis-server.js';
import { duplicatesOf, receivedMarkers } from './helpers/reliability.js';
import { runCli, spawnCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith(PG_CTL, 'postgresql');
const tables = outboxTables();
const PASSWORD = 'pg-secret-Pa55';

describe('connect-signals relay and outbox (processes)', () => {
  let server: PostgresServer;
  let db: pg.Pool;
  let emulator: EmulatorHandle;
  const children: CliChild[] = [];

  beforeAll(async () => {
    server = await startPostgres({ password: PASSWORD });
    db = new pg.Pool({ connectionString: server.url, max: 4 });
    db.on('error', () => {});
    emulator = await startEmulator();
    const init = await runCli(['outbox', 'init', '--postgres', server.url]);
    expect(init.code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await emulator?.stop();
    await server?.destroy();
  });
  beforeEach(async () => {
    await db.query(`TRUNCATE ${tables.outbox}, ${tables.dead}`);
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    emulator.reset();
  });

  function relay(extra: string[] = []): CliChild {
    const args = ['relay', '--postgres', server.url, '--endpoint', emulator.graphqlUrl, '--until-empty', '--json', '--lease-ms', '1000', ...extra];
    const c = collect(spawnCli(args, { CONNECT_API_KEY: emulator.apiKey }));
    children.push(c);
    return c;
  }
  const started = (c: CliChild) => c.stderr().includes(': claiming rows of');
  const summary = (c: CliChild) => JSON.parse(c.stdout().trim().split('\n').pop()!) as Record<string, number>;
  const noSecrets = (text: string) => {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(emulator.apiKey);
  };
  const rowsLeft = async () => (await db.query(`SELECT count(*)::int AS n FROM ${tables.outbox}`)).rows[0].n as number;

  // The bound: a relay deletes the rows of every answered batch before its next request (the
  // client's limiter drains the deletes first), so what a SIGKILL can leave delivered but not
  // deleted is the batches in flight: concurrency × batch size rows. Its other leased rows (the
  // claim read ahead) never reached Connect. The survivor takes them all once the lease expires.
  it('two relays, one killed with SIGKILL mid-run: every committed signal is delivered; duplicates ≤ concurrency × batch size of the killed one', async () => {
    emulator.setFaults({ latencyMs: 60 });
    await writeSignals(db, markedSignals(2000));
    const [a, b] = [relay(['--batch-size', '20', '--concurrency', '2']), relay(['--batch-size', '20', '--concurrency', '2'])];
    await waitFor(() => started(a!) && started(b!) && receivedMarkers(emulator).size >= 400, 'both relays to deliver', 30_000);
    a!.child.kill('SIGKILL');
    expect((await a!.exited).signal).toBe('SIGKILL');
    expect(receivedMarkers(emulator).size).toBeLessThan(2000);
    expect((await b!.exited).code).toBe(0);
    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(2000);
    expect(duplicatesOf(seen)).toBeLessThanOrEqual(2 * 20);
    expect(summary(b!).claimed).toBeGreaterThan(0); // the killed relay's rows, after their lease
    expect(await rowsLeft()).toBe(0);
    noSecrets(b!.stdout() + b!.stderr());
  }, 60_000);

  it('exit 1 with dead letters; outbox status, dead and replay; no API key or password in any output, table or metric', async () => {
    const [good] = markedSignals(1);
    await db.query(`INSERT INTO ${tables.outbox} (signal) VALUES ($1::jsonb), ('{"signalType":"order"}'::jsonb)`, [JSON.stringify(good)]);
    const port = await freePort();
    const r = relay(['--metrics-port', String(port)]);
    await waitFor(() => started(r), 'the relay', 30_000);
    const { code } = await r.exited;
    expect(code).toBe(1);
    expect(summary(r)).toMatchObject({ accepted: 1, deadLetters: 1 });
    expect(r.stderr()).toContain('postgres://postgres:***@127.0.0.1');
    noSecrets(r.stdout() + r.stderr());

    const status = await runCli(['outbox', 'status', '--postgres', server.url, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ waiting: 0, leased: 0, deadLetters: 1 });
    const dead = await runCli(['outbox', 'dead', '--postgres', server.url]);
    expect(dead.stdout).toContain('invalid (invalid)');
    const replay = await runCli(['outbox', 'replay', '--postgres', server.url, '--json']);
    expect(JSON.parse(replay.stdout)).toEqual({ replayed: 1, skipped: 0 });
    for (const run of [status, dead, replay]) noSecrets(run.stdout + run.stderr);
    const tablesText = JSON.stringify((await db.query(`SELECT * FROM ${tables.outbox}`)).rows) + JSON.stringify((await db.query(`SELECT * FROM ${tables.dead}`)).rows);
    noSecrets(tablesText);

    // Metrics while it runs (a relay without --until-empty).
    const live = collect(spawnCli(['relay', '--postgres', server.url, '--endpoint', emulator.graphqlUrl, '--metrics-port', String(port)], { CONNECT_API_KEY: emulator.apiKey }));
    children.push(live);
    await waitFor(() => started(live), 'the live relay', 30_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('connect_signals_worker_');
    noSecrets(metrics);
    live.child.kill('SIGTERM');
    expect((await live.exited).code).toBe(1); // the replayed letter is still invalid
    noSecrets(live.stdout() + live.stderr());
  }, 60_000);

  it('exit 2 within seconds when Postgres is unreachable at start, the password not shown; exit 2 for a usage error', async () => {
    const port = await freePort();
    const start = Date.now();
    const run = await runCli(['relay', '--postgres', `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, '--endpoint', emulator.graphqlUrl], { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(run.code).toBe(2);
    expect(Date.now() - start).toBeLessThan(15_000);
    expect(run.stderr).toContain('did not answer');
    noSecrets(run.stdout + run.stderr);
    const env = await runCli(['outbox', 'status'], { env: { CONNECT_POSTGRES_URL: server.url } });
    expect(env.code).toBe(0);
    noSecrets(env.stdout + env.stderr);
    expect((await runCli(['relay', '--endpoint', emulator.graphqlUrl], { env: { CONNECT_POSTGRES_URL: '' } })).code).toBe(2);
  }, 60_000);
});
