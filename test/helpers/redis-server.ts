/**
 * Real Redis for tests: `redis-server` (Debian's package) started on a free
 * loopback port in a temp folder, and stopped when the test file is done.
 * Tests that use it go under `describeWith('redis-server', 'redis-server')`
 * (test/helpers/system-tool.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A free TCP port on 127.0.0.1 (the OS picks it; released before it is returned). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Append-only file on (`appendfsync always`), for restart tests. @default false */
  appendonly?: boolean;
  /** Cluster mode (for {@link startRedisCluster}). @default false */
  cluster?: boolean;
  /** Reuse this folder and port (a restart). */
  dir?: string;
  /** A password clients must give (`--requirepass`), for tests that no output shows it. @default none */
  requirepass?: string;
  port?: number;
  /** Internal: which try this is (a port taken between picking and binding is tried again). */
  attempt?: number;
}

/** A running redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  readonly process: ChildProcess;
  /** Stops it (SIGTERM, SIGKILL after 5 s). Keeps the folder unless `removeDir`. */
  stop(options?: { removeDir?: boolean }): Promise<void>;
  /** Kills it at once (SIGKILL): nothing is saved but what the append-only file already has. */
  kill(): Promise<void>;
}

async function waitForPing(port: number, timeoutMs = 10_000, password?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, ...(password !== undefined ? { password } : {}) });
    client.on('error', () => {}); // a refused connection while it starts is expected
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'redis.log'), 'utf8');
  } catch {
    return '';
  }
}

/** Starts `redis-server` on a free loopback port in a new temp folder (or `options.dir`). */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'cs-redis-'));
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log')];
  args.push('--appendonly', options.appendonly ? 'yes' : 'no');
  if (options.appendonly) args.push('--appendfsync', 'always');
  if (options.requirepass !== undefined) args.push('--requirepass', options.requirepass);
  // The cluster bus port defaults to port + 10000, which is past 65535 for a port the OS picks above 55535
  // (redis-server then exits at start): it gets a free port of its own.
  if (options.cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000', '--cluster-port', String(await freePort()));
  // A retry reuses the folder, and so appends to its log: only what this start wrote is read.
  const logFrom = readLog(dir).length;
  const thisStartsLog = () => readLog(dir).slice(logFrom);
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const exited = once(child, 'exit');
  try {
    await Promise.race([waitForPing(port, 10_000, options.requirepass), exited.then(() => Promise.reject(new Error(`redis-server exited at start; the end of ${dir}/redis.log:\n${thisStartsLog().split('\n').slice(-6).join('\n')}`)))]);
  } catch (error) {
    // Between freePort() and redis-server's bind, another process may take the port: try a new one (twice at the most).
    const attempt = options.attempt ?? 1;
    if (options.port !== undefined || attempt >= 3 || !/Address already in use/.test(thisStartsLog())) throw error;
    return startRedis({ ...options, dir, attempt: attempt + 1 });
  }
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill(signal);
    await exited;
    clearTimeout(timer);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    process: child,
    stop: async ({ removeDir = false } = {}) => {
      await stopWith('SIGTERM');
      if (removeDir) rmSync(dir, { recursive: true, force: true });
    },
    kill: () => stopWith('SIGKILL'),
  };
}

/** A running 3-node Redis Cluster (no replicas). */
export interface RedisCluster {
  readonly nodes: readonly { host: string; port: number }[];
  stop(): Promise<void>;
}

/** Starts three cluster-mode `redis-server`s and joins them with `redis-cli --cluster create` (~4 s). */
export async function startRedisCluster(): Promise<RedisCluster> {
  const root = mkdtempSync(join(tmpdir(), 'cs-redis-cluster-'));
  const servers = await Promise.all([0, 1, 2].map((i) => startRedis({ cluster: true, dir: join(root, String(i)) })));
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...servers.map((s) => `127.0.0.1:${s.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 30_000 });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  const deadline = Date.now() + 20_000;
  for (const s of servers) {
    for (;;) {
      const info = spawnSync('redis-cli', ['-p', String(s.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout;
      if (info.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error(`the cluster did not reach cluster_state:ok: ${info}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    nodes: servers.map((s) => ({ host: '127.0.0.1', port: s.port })),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
