/**
 * The command line of `connect-signals worker`: its options, help text and
 * argument parsing. The client's flags are `send`'s (CLIENT_FLAGS); `--rate`
 * here is shared by every worker through Redis.
 */
import { REGION_ENDPOINTS } from '../../client/options.js';
import type { RedisTarget } from '../../queue/redis.js';
import { WORKER_DEFAULTS, type SignalsWorkerOptions } from '../../queue/worker-options.js';
import { TIERS } from '../../validate/index.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { UsageError } from '../io.js';
import { redisFlag, REDIS_URL_ENV } from '../redis-flag.js';
import { CLIENT_FLAGS, clientOptionsOf } from './send-args.js';

/** Options of one `worker` run. */
export interface WorkerRunOptions {
  readonly worker: SignalsWorkerOptions;
  /** Serve /metrics and /healthz on this port. */
  readonly metricsPort: number | undefined;
  readonly json: boolean;
}

/** The help text of `worker`. */
export const HELP = `Usage: connect-signals worker --redis URL (--endpoint URL | --region R) [options]

Reads signals from the Redis stream {QUEUE}:signals with a consumer group and
delivers them to Connect; runs until SIGINT/SIGTERM (or --until-empty).

  --redis URL           redis://host:port or rediss://user:password@host:port (default: env ${REDIS_URL_ENV})
  --cluster             Redis Cluster: --redis gives one or more nodes, comma-separated
  --endpoint URL        GraphQL endpoint (http:// only on loopback)
  --region REGION       or a Connect region: ${Object.keys(REGION_ENDPOINTS).join(', ')}
  --api-key KEY         API key (default: env CONNECT_API_KEY)
  --app-key KEY         appKey for signals that lack one
  --tier TIER           ${TIERS.join(', ')}: types the tier cannot import are dead letters
  --queue NAME          the queue's name: keys {NAME}:signals, {NAME}:dead (default ${WORKER_DEFAULTS.queue})
  --group NAME          the consumer group (default ${WORKER_DEFAULTS.group})
  --consumer NAME       this worker's name in the group (default host-pid-random)
  --batch-size N        signals per request, 1-500 (default 500)
  --concurrency N       requests in flight (default 4)
  --rate N[/s] | Nrps   a limit shared by every worker with this Redis, endpoint and key
  --timeout MS          time-out of one request (default 30000)
  --attempts N          most attempts per request, retries included (default 5)
  --claim-idle-ms MS    claim entries a consumer held this long (default ${WORKER_DEFAULTS.claimIdleMs})
  --max-deliveries N    dead-letter an entry delivered more often (default ${WORKER_DEFAULTS.maxDeliveries})
  --metrics-port P      serve Prometheus /metrics and /healthz on 127.0.0.1:P
  --until-empty         exit once nothing is unread or pending for the group
  --json                print one JSON summary on stdout

Exit status: 0 every signal read was accepted; 1 some failed or became dead letters;
2 usage error, or Redis unreachable at start.
`;

/** `--cluster`: the nodes of `--redis a,b,...` (user, password and TLS from the first). */
export function clusterOf(urls: string[]): RedisTarget {
  const parsed = urls.map((u) => new URL(redisFlag(u.trim(), {})));
  const first = parsed[0]!;
  const redisOptions = {
    ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
    ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    ...(first.protocol === 'rediss:' ? { tls: {} } : {}),
  };
  return { nodes: parsed.map((u) => ({ host: u.hostname, port: Number(u.port || 6379) })), options: { redisOptions } };
}

/** Parses the arguments of `worker`; throws UsageError. Returns undefined for --help. */
export function parseWorkerArgs(args: string[], env: NodeJS.ProcessEnv): WorkerRunOptions | undefined {
  const { values: v, positionals } = parseCommandArgs(args, {
    ...CLIENT_FLAGS,
    redis: { type: 'string' },
    cluster: { type: 'boolean', default: false },
    queue: { type: 'string' },
    group: { type: 'string' },
    consumer: { type: 'string' },
    'claim-idle-ms': { type: 'string' },
    'max-deliveries': { type: 'string' },
    'metrics-port': { type: 'string' },
    'until-empty': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (v.help) return undefined;
  if (positionals.length > 0) throw new UsageError(`worker takes no file (got ${JSON.stringify(positionals[0])}): it reads the Redis stream`);
  const redis = v.cluster ? clusterOf((v.redis ?? env[REDIS_URL_ENV] ?? '').split(',')) : redisFlag(v.redis, env);
  // --rate is the workers' shared limit, not a limit of this process's client.
  const { rate, ...client } = clientOptionsOf(v, env);
  return {
    worker: {
      redis,
      client,
      ...(rate !== undefined ? { rate } : {}),
      ...(v.queue !== undefined ? { queue: v.queue } : {}),
      ...(v.group !== undefined ? { group: v.group } : {}),
      ...(v.consumer !== undefined ? { consumer: v.consumer } : {}),
      claimIdleMs: integerFlag('claim-idle-ms', v['claim-idle-ms'], 100),
      maxDeliveries: integerFlag('max-deliveries', v['max-deliveries'], 1),
      untilEmpty: v['until-empty'],
    },
    metricsPort: integerFlag('metrics-port', v['metrics-port'], 0, 65535),
    json: v.json,
  };
}
