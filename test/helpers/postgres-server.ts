/**
 * Real PostgreSQL for tests: Debian's `postgresql` package (15), `initdb` into
 * a temp folder and `pg_ctl start` on a free loopback port, as the `postgres`
 * user when run as root (initdb refuses root), stopped when the test file is
 * done. Tests that use it go under `describeWith(PG_CTL, 'postgresql')`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

/** Debian's binaries (not on PATH): env PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export const PG_BIN = process.env.PG_BIN ?? newestDebianBin();

function newestDebianBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return join(root, versions[0] ?? '15', 'bin');
}
/** The program `describeWith` looks for. */
export const PG_CTL = join(PG_BIN, 'pg_ctl');

/** A running server. */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres` (password auth over TCP). */
  readonly url: string;
  readonly password: string;
  readonly dir: string;
  /** Stops it (fast shutdown: sessions are ended) and keeps the folder. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

const asRoot = () => userInfo().uid === 0;

async function asOwner(program: string, args: string[]): Promise<void> {
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]] : [join(PG_BIN, program), args];
  await run(cmd, argv, { timeout: 60_000 });
}

async function owner(): Promise<{ uid: number; gid: number } | undefined> {
  if (!asRoot()) return undefined;
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

/** initdb + pg_ctl start on a free loopback port; TCP connections need `password` (the `postgres` user's). */
export async function startPostgres(options: { password?: string; settings?: Record<string, string> } = {}): Promise<PostgresServer> {
  const password = options.password ?? 'pg-test-secret';
  const dir = mkdtempSync(join(tmpdir(), 'cs-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  const who = await owner();
  if (who !== undefined) {
    chownSync(dir, who.uid, who.gid);
    chownSync(pwfile, who.uid, who.gid);
  }
  chmodSync(dir, 0o700);
  await asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--no-sync']);
  rmSync(pwfile);
  const port = await freePort();
  // Durability settings off: a test server, not a store (a fast shutdown still writes everything).
  const settings = { listen_addresses: '127.0.0.1', port: String(port), unix_socket_directories: dir, fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '100', ...options.settings };
  const opts = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const start = () => asOwner('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  const stop = () => asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  return {
    port,
    password,
    dir,
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async destroy() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
