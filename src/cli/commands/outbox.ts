/**
 * `connect-signals outbox init|status|dead|replay --postgres URL [options]`:
 * creates the outbox's tables (idempotent; the DDL of sql/outbox.sql), shows
 * its state (rows waiting, leased and by whom, oldest age, dead letters),
 * lists dead letters and moves them back. A short table for people, or one
 * JSON object with --json. Never prints the database password; dead letters'
 * reasons are masked in the table (not in --json).
 */
import type { Pool } from 'pg';
import { describePgError, OutboxPostgresError, postgresTargetName } from '../../outbox/connection.js';
import type { OutboxDeadRow, OutboxReplayResult, OutboxStatus } from '../../outbox/admin.js';
import { OutboxNameError, outboxTables, type OutboxTables } from '../../outbox/tables.js';
import { maskText } from '../../report/mask.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { POSTGRES_URL_ENV, postgresFlag } from '../postgres-flag.js';

const HELP = `Usage: connect-signals outbox <init|status|dead|replay> --postgres URL [options]

  init      create the outbox table, its dead-letter table and its NOTIFY trigger if missing
            (the same DDL as sql/outbox.sql)
  status    rows waiting, rows leased (by which relay, until when), the oldest row's age, dead letters
  dead      the oldest dead letters
  replay    move the dead letters that hold a signal back into the outbox (once the cause is fixed)

  --postgres URL  postgres://user:password@host:port/db (default: env ${POSTGRES_URL_ENV}, else PG* variables)
  --schema NAME   the outbox's schema (default public)
  --table NAME    the outbox table (default connect_signals_outbox)
  --count N       dead: most letters listed (default 20)
  --code CODE     replay: only letters of these codes (comma-separated)
  --json          print one JSON object on stdout

Exit status: 0 done; 2 usage error, or Postgres unreachable or refusing.
`;

const SUBCOMMANDS = ['init', 'status', 'dead', 'replay'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];
const n = (value: number) => value.toLocaleString('en-US');

function formatStatus(s: OutboxStatus, tables: OutboxTables, target: string): string {
  const lines = [`Outbox ${tables.outbox} at ${target}`, `  waiting       ${n(s.waiting)}`, `  leased        ${n(s.leased)}`, `  oldest        ${s.oldestAgeSeconds} s`, `  dead letters  ${n(s.deadLetters)}`];
  if (s.holders.length > 0) {
    const width = Math.max(5, ...s.holders.map((h) => h.relay.length));
    lines.push('Leases:', `  ${'relay'.padEnd(width)}  ${'rows'.padStart(9)}  earliest lease end`);
    for (const h of s.holders) lines.push(`  ${h.relay.padEnd(width)}  ${n(h.rows).padStart(9)}  ${h.leasedUntil}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatDead(rows: readonly OutboxDeadRow[]): string {
  if (rows.length === 0) return 'No dead letters.\n';
  return `${rows.map((r) => `${r.id}  row ${r.letter.entry}  ${r.letter.status} (${r.letter.code}) ${r.deadAt}: ${maskText(r.letter.reason)}`).join('\n')}\n`;
}

const formatReplay = (r: OutboxReplayResult) => `Replayed ${n(r.replayed)} dead letter${r.replayed === 1 ? '' : 's'} into the outbox; ${n(r.skipped)} left (no signal to deliver).\n`;

async function run(sub: Subcommand, pool: Pool, tables: OutboxTables, v: { count?: string | undefined; code?: string | undefined; json: boolean }, target: string): Promise<string> {
  const admin = await import('../../outbox/admin.js');
  switch (sub) {
    case 'init':
      await admin.initOutbox(pool, tables);
      return v.json ? `${JSON.stringify({ created: tables.outbox, dead: tables.dead })}\n` : `Outbox ready: ${tables.outbox}, ${tables.dead}, NOTIFY trigger (at ${target}).\n`;
    case 'status': {
      const s = await admin.outboxStatus(pool, tables);
      return v.json ? `${JSON.stringify(s)}\n` : formatStatus(s, tables, target);
    }
    case 'dead': {
      const rows = await admin.listOutboxDead(pool, tables, { limit: integerFlag('count', v.count, 1) ?? 20 });
      return v.json ? `${JSON.stringify({ letters: rows })}\n` : formatDead(rows);
    }
    case 'replay': {
      const r = await admin.replayOutboxDead(pool, tables, { codes: v.code === undefined ? [] : v.code.split(',').map((c) => c.trim()).filter(Boolean) });
      return v.json ? `${JSON.stringify(r)}\n` : formatReplay(r);
    }
  }
}

/** `connect-signals outbox`. */
export async function outboxCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(args, {
    postgres: { type: 'string' },
    schema: { type: 'string' },
    table: { type: 'string' },
    count: { type: 'string' },
    code: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (v.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const sub = positionals[0];
  if (!SUBCOMMANDS.includes(sub as Subcommand)) throw new UsageError(`outbox needs one of ${SUBCOMMANDS.join(', ')} (got ${JSON.stringify(sub ?? '')})`);
  let tables: OutboxTables;
  try {
    tables = outboxTables({ schema: v.schema, table: v.table });
  } catch (error) {
    if (error instanceof OutboxNameError) throw new UsageError(error.message);
    throw error;
  }
  const postgres = postgresFlag(v.postgres, io.env);
  const target = postgresTargetName(postgres);
  const { connectPool } = await import('../../outbox/connection.js');
  const pool = await connectPool(postgres, 1);
  try {
    io.stdout.write(await run(sub as Subcommand, pool, tables, v, target));
    return EXIT.ok;
  } catch (error) {
    const message = error instanceof OutboxPostgresError ? error.message : `Postgres at ${target}: ${describePgError(error)}`;
    io.stderr.write(`connect-signals outbox ${sub}: ${message}\n`);
    return EXIT.usage;
  } finally {
    await pool.end().catch(() => {});
  }
}
