/**
 * The worker on a real Redis Cluster (three redis-server nodes, no replicas):
 * every key of the queue shares one hash slot, so XREADGROUP, the MULTI of
 * acknowledgements and dead letters, and the shared rate limit all run on it.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { createSignalsQueue, startSignalsWorker } from '../src/queue/index.js';
import { queueKeys } from '../src/queue/keys.js';
import { FAST_RETRY, markedSignals } from './helpers/accounting.js';
import { deadLetters, xaddSignals } from './helpers/queue.js';
import { runCli } from './helpers/run-cli.js';
import { startRedisCluster, type RedisCluster } from './helpers/redis-server.js';
import { duplicatesOf, receivedMarkers } from './helpers/reliability.js';
import { describeWith } from './helpers/system-tool.js';

const describe = describeWith('redis-server', 'redis-server');

describe('the worker on a Redis Cluster', () => {
  let cluster: RedisCluster;
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    [cluster, emulator] = await Promise.all([startRedisCluster(), startEmulator()]);
  }, 30_000);
  afterAll(async () => {
    await emulator?.stop();
    await cluster?.stop();
  });

  it('enqueue (createSignalsQueue), two workers: everything delivered once, the malformed entry dead-lettered, the stream left empty', async () => {
    const queue = createSignalsQueue({ redis: { nodes: cluster.nodes } });
    const results = await queue.enqueueMany(markedSignals(600));
    expect(results.every((r) => r.status === 'enqueued')).toBe(true);
    await queue.close();
    const admin = new Cluster([...cluster.nodes]);
    await admin.xadd(queueKeys().signals, '*', 'signal', 'not json');

    const client = { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, batchSize: 50, retry: FAST_RETRY };
    const options = { redis: { nodes: cluster.nodes }, untilEmpty: true, claimIdleMs: 500, rate: { signalsPerSecond: 100_000 }, client } as const;
    const workers = await Promise.all([startSignalsWorker(options), startSignalsWorker(options)]);
    const reports = await Promise.all(workers.map((w) => w.done));

    const seen = receivedMarkers(emulator);
    expect(seen.size).toBe(600);
    expect(duplicatesOf(seen)).toBe(0);
    expect(reports.reduce((n, r) => n + r.accepted, 0)).toBe(600);
    expect(reports.every((r) => r.read > 0)).toBe(true); // both worked
    const letters = await deadLetters(admin);
    expect(letters.map((l) => l.code)).toEqual(['unreadable']);
    expect(await admin.xlen(queueKeys().signals)).toBe(0);
    admin.disconnect();
  }, 30_000);

  it('connect-signals worker --cluster, given some of the nodes (comma-separated), drains the queue', async () => {
    emulator.reset();
    const admin = new Cluster([...cluster.nodes]);
    await xaddSignals(admin, markedSignals(120, 5000).map((s) => JSON.stringify(s)));
    const nodes = cluster.nodes.slice(1).map((n) => `redis://${n.host}:${n.port}`).join(',');
    const run = await runCli(['worker', '--cluster', '--redis', nodes, '--endpoint', emulator.graphqlUrl, '--until-empty', '--json', '--batch-size', '40'], { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(run.stderr).not.toContain(emulator.apiKey);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 120, accepted: 120, deadLetters: 0 });
    expect(receivedMarkers(emulator).size).toBe(120);
    admin.disconnect();
  }, 30_000);
});
