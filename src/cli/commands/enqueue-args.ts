/**
 * The command line of `connect-signals enqueue`: its options, help text and
 * argument parsing. Throws UsageError for bad arguments.
 */
import { QUEUE_DEFAULTS } from '../../queue/keys.js';
import { READ_DEFAULTS } from '../../read/index.js';
import { TIERS, type Tier } from '../../validate/index.js';
import { integerFlag, parseCommandArgs, tierFlag } from '../args.js';
import { UsageError } from '../io.js';
import { REDIS_URL_ENV, redisFlag } from '../redis-flag.js';

/** Options of one `enqueue` run. */
export interface EnqueueRunOptions {
  readonly file: string;
  /** The Redis URL (may hold a password: never print it, see redactRedisUrl). */
  readonly redis: string;
  readonly queue: string;
  readonly tier: Tier | undefined;
  readonly appKey: string | undefined;
  readonly deadLetter: string | undefined;
  readonly json: boolean;
  readonly maxLineBytes: number;
}

/** The help text of `enqueue`. */
export const HELP = `Usage: connect-signals enqueue <file> --redis URL [options]

Validates every signal of <file> (NDJSON, bare or {"signal": {...}} per line, or a JSON array) with the
rules of send, and appends the valid ones to the Redis stream {NAME}:signals for the workers.

  --redis URL           redis://[user:password@]host:port or rediss:// (default: env ${REDIS_URL_ENV})
  --queue NAME          the queue: the stream is {NAME}:signals (default ${QUEUE_DEFAULTS.queue})
  --tier TIER           ${TIERS.join(', ')}: types the tier cannot import are invalid
  --app-key KEY         appKey for signals that lack one
  --dead-letter FILE    write every line not enqueued here (NDJSON, re-enqueueable once fixed)
  --json                print one JSON summary on stdout
  --max-line-bytes N    longest line read (default ${READ_DEFAULTS.maxLineBytes})

Exit status: 0 every signal enqueued; 1 some invalid or unreadable; 2 usage, I/O or Redis error.
`;

/** Parses the arguments of `enqueue`; throws UsageError. Returns undefined for --help. */
export function parseEnqueueArgs(args: string[], env: NodeJS.ProcessEnv): EnqueueRunOptions | undefined {
  const { values: v, positionals } = parseCommandArgs(args, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    tier: { type: 'string' },
    'app-key': { type: 'string' },
    'dead-letter': { type: 'string' },
    json: { type: 'boolean', default: false },
    'max-line-bytes': { type: 'string' },
  });
  if (v.help) return undefined;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the file of signals to enqueue' : `give one file (got ${positionals.length})`);
  return {
    file: positionals[0]!,
    redis: redisFlag(v.redis, env),
    queue: v.queue ?? QUEUE_DEFAULTS.queue,
    tier: tierFlag(v.tier),
    appKey: v['app-key'],
    deadLetter: v['dead-letter'],
    json: v.json,
    maxLineBytes: integerFlag('max-line-bytes', v['max-line-bytes'], 1) ?? READ_DEFAULTS.maxLineBytes,
  };
}
