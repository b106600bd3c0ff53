/**
 * `connect-signals queue status|dead|replay --redis URL [options]`: the
 * Redis queue's state (stream length, lag, pending entries per consumer, dead
 * letters), its dead letters, and their replay back to the stream. A short
 * table for people, or one JSON object with --json. Never prints the Redis
 * password; dead letters' reasons are masked in the table (not in --json).
 */
import { QUEUE_DEFAULTS, QueueNameError } from '../../queue/keys.js';
import { QueueRedisError, redactRedisUrl } from '../../queue/redis.js';
import { listDeadLetters, replayDeadLetters, type DeadLetterList, type ReplayResult } from '../../queue/replay.js';
import { QUEUE_ADMIN_DEFAULTS } from '../../queue/admin.js';
import { queueStatus, type QueueStatus } from '../../queue/status.js';
import { maskText } from '../../report/mask.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { REDIS_URL_ENV, redisFlag } from '../redis-flag.js';

const HELP = `Usage: connect-signals queue <status|dead|replay> --redis URL [options]

  status    stream length, entries not yet read by the group (lag), pending entries per consumer
            with their idle time, consumers removed as gone, dead letters
  dead      the oldest dead letters of {NAME}:dead
  replay    move the dead letters that hold a signal back to {NAME}:signals (once the cause is
            fixed); letters with only raw text stay

  --redis URL     redis://[user:password@]host:port or rediss:// (default: env ${REDIS_URL_ENV})
  --queue NAME    the queue (default ${QUEUE_DEFAULTS.queue})
  --group NAME    status: the workers' consumer group (default ${QUEUE_DEFAULTS.group})
  --check         status: exit 1 when there are dead letters (or the lag is over --max-lag)
  --max-lag N     status --check: also exit 1 when more than N entries are unread
  --count N       dead: most letters listed (default ${QUEUE_ADMIN_DEFAULTS.count})
  --json          print one JSON object on stdout

Exit status: 0 done; 1 status --check found a problem (dead letters, lag over --max-lag);
2 usage error, or Redis unreachable or refusing.
`;

const SUBCOMMANDS = ['status', 'dead', 'replay'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const n = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);

function formatStatus(s: QueueStatus, target: string): string {
  const lines = [`Queue ${s.queue} (${s.stream} at ${target})`];
  lines.push(`  entries       ${n(s.length)}`);
  lines.push(`  unread        ${n(s.unread)}${s.unreadExact ? '' : ' (estimated: Redis cannot count past deleted entries)'}`);
  lines.push(`  pending       ${s.group === null ? 0 : n(s.group.pending)}`);
  lines.push(`  dead letters  ${n(s.deadLetters)}`);
  if (s.group === null) {
    lines.push(`Group ${s.groupName} does not exist yet (the first worker creates it): every entry is unread.`);
    return `${lines.join('\n')}\n`;
  }
  const { consumers, goneConsumers: gone } = s.group;
  if (consumers.length === 0) lines.push(`Group ${s.groupName}: no consumers${gone.length > 0 ? ' now' : ' yet'}.`);
  else {
    const width = Math.max(8, ...consumers.map((c) => c.name.length));
    lines.push(`Consumers of group ${s.groupName}:`);
    lines.push(`  ${'consumer'.padEnd(width)}  ${'pending'.padStart(9)}  ${'idle'.padStart(9)}  ${'oldest pending'.padStart(14)}`);
    for (const c of consumers) {
      lines.push(`  ${c.name.padEnd(width)}  ${n(c.pending).padStart(9)}  ${seconds(c.idleMs).padStart(9)}  ${seconds(c.oldestPendingIdleMs).padStart(14)}`);
    }
  }
  if (gone.length > 0) {
    lines.push(`Gone (removed by a worker: no pending entry, idle over 10 × its --claim-idle-ms), most recent first:`);
    for (const g of gone) lines.push(`  ${g.name}  gone after ${seconds(g.idleMs)} idle, removed ${g.removedAt}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What `status --check` found wrong: none when the queue is healthy. */
function checkProblems(s: QueueStatus, maxLag: number | undefined): string[] {
  const problems: string[] = [];
  if (s.deadLetters > 0) problems.push(`${n(s.deadLetters)} dead letter${s.deadLetters === 1 ? '' : 's'}`);
  if (maxLag !== undefined && s.unread > maxLag) problems.push(`lag ${n(s.unread)} over ${n(maxLag)}`);
  return problems;
}

function formatDead(list: DeadLetterList, stream: string): string {
  if (list.total === 0) return `No dead letters in ${stream}.\n`;
  const lines = [`${n(list.total)} dead letter${list.total === 1 ? '' : 's'} in ${stream}${list.letters.length < list.total ? ` (the oldest ${n(list.letters.length)} below)` : ''}:`];
  for (const { id, letter } of list.letters) {
    if (letter === null) {
      lines.push(`  ${id}  (no readable letter)`);
      continue;
    }
    const reason = maskText(letter.reason).slice(0, 100);
    lines.push(`  ${id}  entry ${letter.entry}  ${letter.status} ${letter.code}${letter.ambiguous === true ? ' (ambiguous)' : ''}: ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatReplay(r: ReplayResult, queue: string): string {
  const lines = [`Moved ${n(r.moved)} dead letter${r.moved === 1 ? '' : 's'} back to {${queue}}:signals.`];
  if (r.ambiguous > 0) lines.push(`  ${n(r.ambiguous)} of them were ambiguous: Connect may have imported them already, so they may be imported twice.`);
  if (r.kept > 0) lines.push(`  Kept ${n(r.kept)} with only raw text (no signal): fix the text, enqueue it, then delete the letter (XDEL {${queue}}:dead <id>).`);
  if (r.skipped > 0) lines.push(`  ${n(r.skipped)} were moved by another replay at the same time.`);
  return `${lines.join('\n')}\n`;
}

/** `connect-signals queue`. */
export async function queueCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(args, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    group: { type: 'string' },
    count: { type: 'string' },
    check: { type: 'boolean', default: false },
    'max-lag': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (v.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const [sub, ...rest] = positionals;
  if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`give one of ${SUBCOMMANDS.join(', ')}${sub === undefined ? '' : ` (got ${JSON.stringify(sub)})`}`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (v.group !== undefined && sub !== 'status') throw new UsageError('--group is for queue status');
  if (v.count !== undefined && sub !== 'dead') throw new UsageError('--count is for queue dead');
  if (v.check && sub !== 'status') throw new UsageError('--check is for queue status');
  if (v['max-lag'] !== undefined && !v.check) throw new UsageError('--max-lag goes with queue status --check');
  const maxLag = integerFlag('max-lag', v['max-lag']);
  const redis = redisFlag(v.redis, io.env);
  const options = { redis, queue: v.queue ?? QUEUE_DEFAULTS.queue };
  const out = (value: unknown, text: string) => io.stdout.write(v.json ? `${JSON.stringify(value)}\n` : text);
  try {
    switch (sub as Subcommand) {
      case 'status': {
        const status = await queueStatus({ ...options, ...(v.group !== undefined ? { group: v.group } : {}) });
        if (!v.check) {
          out(status, formatStatus(status, redactRedisUrl(redis)));
          break;
        }
        const problems = checkProblems(status, maxLag);
        const verdict = problems.length === 0 ? 'check: ok' : `check: ${problems.join('; ')}`;
        out({ ...status, check: { ok: problems.length === 0, problems } }, `${formatStatus(status, redactRedisUrl(redis))}${verdict}\n`);
        if (problems.length > 0) return EXIT.problems;
        break;
      }
      case 'dead': {
        const list = await listDeadLetters({ ...options, count: integerFlag('count', v.count) ?? QUEUE_ADMIN_DEFAULTS.count });
        out(list, formatDead(list, `{${options.queue}}:dead`));
        break;
      }
      case 'replay': {
        const result = await replayDeadLetters(options);
        out({ queue: options.queue, ...result }, formatReplay(result, options.queue));
        break;
      }
    }
  } catch (error) {
    if (error instanceof QueueRedisError || error instanceof QueueNameError) {
      io.stderr.write(`connect-signals queue ${sub}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return EXIT.ok;
}
