/**
 * Waking on NOTIFY: one connection that LISTENs on the outbox's channel and
 * counts notifications; reconnected a second after it is lost. Notifications
 * only shorten the wait: a relay also claims every `pollMs`, so a lost
 * connection (or PgBouncer in transaction mode, where LISTEN does not work)
 * delays rows, never strands them.
 */
import type { Client } from 'pg';
import { newClient, type PostgresTarget } from './connection.js';

/** A LISTEN connection's state. */
export interface Listener {
  /** Notifications received so far (compare before and after a claim). */
  readonly count: number;
  /** Resolves at the next notification, or after `ms`. */
  wait(ms: number, since: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts listening on `channel` (quoted); never rejects: without a connection, waits are plain timers. */
export function listen(target: PostgresTarget, channel: string): Listener {
  let count = 0;
  let client: Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const waiters = new Set<() => void>();

  const wake = () => {
    count++;
    for (const w of waiters) w();
    waiters.clear();
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = await newClient(target);
    const lost = () => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1000).unref();
      wake(); // a claim now finds what was written while no one listened
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', wake);
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch {
      lost();
    }
  }
  void connect();

  return {
    get count() {
      return count;
    },
    wait(ms, since) {
      if (count !== since) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      for (const w of waiters) w();
      await c?.end().catch(() => {});
    },
  };
}
