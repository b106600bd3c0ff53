/**
 * `connect-signals worker` as real processes against a real redis-server and
 * the emulator: a worker killed with SIGKILL, Redis restarted, a rate shared
 * by three workers, metrics, SIGTERM, and no secret in any output.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { queueKeys } from '../src/queue/keys.js';
import { markedSignals } from './helpers/accounting.js';
import { collect, dumpRedis, waitFor, xaddSignals, type CliChild } from './helpers/queue.js';
import { startRedis, freePort, type RedisServer } from './helpers/redis-server.js';
import { duplicatesOf, receivedMarkers } from './helpers/reliability.js';
import { runCli, spawnCli } from './helpers/run-cli.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith('redis-server', 'redis-server');
const keys = queueKeys();

describe('connect-signals worker (processes)', () => {
  let emulator: EmulatorHandle;
  const servers: RedisServer[] = [];
  const children: CliChild[] = [];
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.stop());
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    for (const s of servers.splice(0)) await s.stop({ removeDir: true });
    emulator.reset();
  });

  async function redisServer(appendonly = false): Promise<{ server: RedisServer; redis: Redis }> {
    const server = await startRedis({ appendonly });
    servers.push(server);
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    return { server, redis };
  }

  function worker(url: string, extra: string[] = []): CliChild {
    const args = ['worker', '--redis', url, '--endpoint', emulator.graphqlUrl, '--until-empty', '--json', '--claim-idle-ms', '1000', ...extra];
    const c = collect(spawnCli(args, { CONNECT_API_KEY: emulator.apiKey }));
    children.push(c);
    return c;
  }

  const started = (c: CliChild) => c.stderr().includes(': reading {');
  const summary = (c: CliChild) => JSON.parse(c.stdout().trim().split('\n').pop()!) as Record<string, number>;
  const noSecrets = (c: CliChild, secrets: string[]) => {
    for (const s of secrets) expect(c.stdout() + c.stderr()).not.toContain(s);
  };

  it('two workers, one killed with SIGKILL mid-stream: every signal is delivered; duplicates ≤ concurrency × batch size of the killed one', async () => {
    const { server, redis } = await redisServer();
    emulator.setFaults({ latencyMs: 60 });
    // Filled first: with --until-empty a worker started on an empty stream exits at once.
    await xaddSignals(redis, markedSignals(2000).map((s) => JSON.stringify(s)));
    const [a, b] = [worker(server.url, ['--batch-size', '20', '--concurrency', '2']), worker(server.url, ['--batch-size', '20', '--concurrency', '2'])];
    await waitFor(() => started(a!) && started(b!) && receivedMarkers(emulator).size >= 400, 'both workers to deliver', 30_000);
    a!.child.kill('SIGKILL');
    expect((await a!.exited).signal).toBe('SIGKILL');
    const atKill = receivedMarkers(emulator).size;
    expect(atKill).toBeLessThan(2000);
    expect((await b!.exited).code).toBe(0);
    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(2000);
    expect(duplicatesOf(seen)).toBeLessThanOrEqual(2 * 20);
    expect(summary(b!).claimed).toBeGreaterThan(0); // the killed worker's entries were claimed
    expect(await redis.xlen(keys.signals)).toBe(0);
    noSecrets(b!, [emulator.apiKey]);
    expect(await dumpRedis(redis)).not.toContain(emulator.apiKey);
    redis.disconnect();
  }, 60_000);

  it('Redis restarted mid-stream (append-only file): the workers reconnect and go on; nothing is lost', async () => {
    const { server, redis } = await redisServer(true);
    emulator.setFaults({ latencyMs: 40 });
    await xaddSignals(redis, markedSignals(1500).map((s) => JSON.stringify(s)));
    const ws = [worker(server.url, ['--batch-size', '25']), worker(server.url, ['--batch-size', '25'])];
    await waitFor(() => ws.every(started) && receivedMarkers(emulator).size >= 300, 'both workers to deliver', 30_000);
    await server.kill();
    await new Promise((r) => setTimeout(r, 300));
    const restarted = await startRedis({ appendonly: true, dir: server.dir, port: server.port });
    servers.push(restarted);
    const codes = await Promise.all(ws.map((w) => w.exited));
    expect(codes.map((c) => c.code)).toEqual([0, 0]);
    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(1500);
    const reports = ws.map(summary);
    expect(reports.reduce((n, r) => n + r.deadLetters!, 0)).toBe(0);
    expect(await redis.xlen(keys.signals)).toBe(0);
    expect((await redis.xpending(keys.signals, 'connect-signals'))[0]).toBe(0);
    redis.disconnect();
  }, 60_000);

  it('three workers sharing --rate 5rps against a Connect limited to the same rate (10 requests per 2 s): no 429, and the rate holds at Connect', async () => {
    const { server, redis } = await redisServer();
    // Connect is an emulator process of its own here: its clock and its count are not held up by
    // this test process (which runs other test files' work on a loaded 2-core machine).
    const port = await freePort();
    const key = 'rate-test-key';
    const connect = collect(spawnCli(['emulator', '--port', String(port), '--api-key', key]));
    children.push(connect);
    await waitFor(() => connect.stdout().includes(String(port)), 'the emulator process', 30_000);
    const base = `http://127.0.0.1:${port}`;
    const inspect = async (path: string, body?: unknown) =>
      (await fetch(`${base}/_emulator/${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json() as Promise<Record<string, unknown>>;
    const markers = async () => ((await inspect('signals?limit=100000')).signals as { sessionId?: string; receivedAt: string }[]);
    // Without --until-empty (the stream is empty between the warm-up rounds): stopped with SIGTERM at the end.
    const args = (extra: string[]) => ['worker', '--redis', server.url, '--endpoint', `${base}/graphql`, '--json', '--batch-size', '10', '--rate', '5rps', ...extra];
    const ws = [0, 1, 2].map(() => collect(spawnCli(args([]), { CONNECT_API_KEY: key })));
    children.push(...ws);
    await waitFor(() => ws.every(started), 'three workers to read', 30_000);
    // Warm-up: a process's first request reaches Connect up to ~100 ms after its grant (Node's HTTP
    // stack starting), which would bunch the first requests. One batch per worker first (a MULTI
    // serves one blocked reader; Redis serves them in turn), without the limit at Connect.
    for (let round = 0; round < 3; round++) {
      const multi = redis.multi();
      for (const s of markedSignals(10, 1000 + round * 10)) multi.xadd(keys.signals, '*', 'signal', JSON.stringify(s));
      await multi.exec();
      await waitFor(async () => (await markers()).length === 10 * (round + 1), 'the warm-up batch');
    }
    await inspect('reset', {});
    await inspect('faults', { rateLimit: { requests: 10, windowMs: 2000 } });
    await xaddSignals(redis, markedSignals(200).map((s) => JSON.stringify(s)));
    await waitFor(async () => (await markers()).length === 200, 'every signal', 30_000);
    for (const w of ws) w.child.kill('SIGTERM');
    const codes = await Promise.all(ws.map((w) => w.exited));
    expect(codes.map((c) => c.code)).toEqual([0, 0, 0]);
    const received = await markers();
    expect(new Set(received.map((s) => s.sessionId?.replace(/\.\d+$/, ''))).size).toBe(200);
    // Requests, by when Connect received them (a request's signals share their time).
    const arrivals = [...new Set(received.map((s) => Date.parse(s.receivedAt)))].sort((x, y) => x - y);
    const gaps = arrivals.map((a, i) => a - (arrivals[i - 1] ?? a));
    const { stats } = (await inspect('stats')) as { stats: { faults: { rateLimited: number } } };
    expect({ rateLimited: stats.faults.rateLimited, gaps }).toMatchObject({ rateLimited: 0 });
    expect(arrivals.length).toBeGreaterThanOrEqual(20);
    // Never more than 10 within 2 s, and on average 200 ms apart (5 a second) within a few per cent.
    for (let i = 10; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 10]!).toBeGreaterThanOrEqual(2000 - 50);
    expect((arrivals[arrivals.length - 1]! - arrivals[0]!) / (arrivals.length - 1)).toBeGreaterThanOrEqual(195);
    expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeLessThan((arrivals.length - 1) * 200 + 1000);
    for (const w of ws) expect(summary(w).retries).toBe(0);
    redis.disconnect();
  }, 60_000);

  it('--metrics-port: /healthz answers 200 while it reads, /metrics has the counters; SIGTERM ends it with exit 0; no password or key printed', async () => {
    const { server, redis } = await redisServer();
    await redis.config('SET', 'requirepass', 'redis-secret-pw');
    const port = await freePort();
    const url = `redis://:redis-secret-pw@127.0.0.1:${server.port}`;
    const args = ['worker', '--redis', url, '--endpoint', emulator.graphqlUrl, '--metrics-port', String(port), '--batch-size', '10'];
    const w = collect(spawnCli(args, { CONNECT_API_KEY: emulator.apiKey }));
    children.push(w);
    await waitFor(() => started(w), 'the worker to read', 30_000);
    const authed = new Redis(url);
    await xaddSignals(authed, [...markedSignals(30).map((s) => JSON.stringify(s)), '{"oops']);
    await waitFor(() => receivedMarkers(emulator).size === 30, 'delivery');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    let text = '';
    await waitFor(async () => (text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).includes('dead_letters_total{code="unreadable"} 1'), 'the metrics');
    expect(text).toContain('connect_signals_worker_signals_total{outcome="accepted",type="addToCart"} 30');
    // Batches of at most 10: at least 3 requests; how many more depends on how the XADDs met the reads (a partial batch goes at once).
    const requests = emulator.stats().mutations;
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`connect_signals_worker_requests_total ${requests}\n`);
    expect(text).toContain(`connect_signals_worker_request_duration_seconds_count ${requests}\n`);
    expect(text).toContain('connect_signals_worker_lag 0');
    expect(text).toContain('connect_signals_worker_pending 0');
    w.child.kill('SIGTERM');
    const { code } = await w.exited;
    expect(code).toBe(1); // one dead letter
    expect(w.stdout()).toContain('accepted     30');
    noSecrets(w, [emulator.apiKey, 'redis-secret-pw']);
    expect(w.stderr()).toContain('redis://:***@127.0.0.1');
    authed.disconnect();
    redis.disconnect();
  }, 60_000);

  it('usage errors exit 2 and name the flag, without a Redis or a key in the message', async () => {
    const env = { CONNECT_API_KEY: 'key-not-shown' };
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['worker', '--endpoint', emulator.graphqlUrl], env, /give --redis redis:\/\/host:port \(or set CONNECT_REDIS_URL\)/],
      [['worker', '--redis', 'http://127.0.0.1:1', '--endpoint', emulator.graphqlUrl], env, /--redis must start with redis:\/\/ or rediss:\/\//],
      [['worker', '--redis', 'redis://127.0.0.1:1'], env, /give --endpoint URL or --region/],
      [['worker', '--redis', 'redis://127.0.0.1:1', '--endpoint', emulator.graphqlUrl], {}, /give --api-key or set CONNECT_API_KEY/],
      [['worker', '--redis', 'redis://127.0.0.1:1', '--endpoint', emulator.graphqlUrl, '--max-deliveries', '0'], env, /--max-deliveries must be a whole number ≥ 1/],
      [['worker', '--redis', 'redis://127.0.0.1:1', '--endpoint', emulator.graphqlUrl, '--rate', 'fast'], env, /--rate must be N or N\/s/],
      [['worker', 'file.ndjson', '--redis', 'redis://127.0.0.1:1', '--endpoint', emulator.graphqlUrl], env, /worker takes no file/],
      [['worker', '--redis', 'redis://127.0.0.1:1', '--endpoint', emulator.graphqlUrl, '--queue', 'a{b}'], env, /the queue name must be/],
    ];
    for (const [args, e, message] of cases) {
      const run = await runCli(args, { env: e });
      expect({ args, code: run.code, stderr: run.stderr }).toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
      expect(run.stderr).not.toContain('key-not-shown');
    }
  });

  it('exits 2 with a clear message, within seconds, when Redis is unreachable at start', async () => {
    const port = await freePort();
    const w = collect(spawnCli(['worker', '--redis', `redis://:pw-not-shown@127.0.0.1:${port}`, '--endpoint', emulator.graphqlUrl], { CONNECT_API_KEY: emulator.apiKey }));
    children.push(w);
    expect((await w.exited).code).toBe(2);
    expect(w.stderr()).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+|did not answer within/);
    noSecrets(w, [emulator.apiKey, 'pw-not-shown']);
  }, 20_000);
});
