/**
 * The command line of `connect-signals relay`: its options, help text and
 * argument parsing. The client's flags are `send`'s (CLIENT_FLAGS); `--rate`
 * here is shared by every relay through Postgres.
 */
import { REGION_ENDPOINTS } from '../../client/options.js';
import { RELAY_DEFAULTS, type OutboxRelayOptions } from '../../outbox/relay-options.js';
import { OUTBOX_TABLE_DEFAULTS } from '../../outbox/tables.js';
import { TIERS } from '../../validate/index.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { UsageError } from '../io.js';
import { POSTGRES_URL_ENV, postgresFlag } from '../postgres-flag.js';
import { CLIENT_FLAGS, clientOptionsOf } from './send-args.js';

/** Options of one `relay` run. */
export interface RelayRunOptions {
  readonly relay: OutboxRelayOptions;
  readonly metricsPort: number | undefined;
  readonly json: boolean;
}

/** The help text of `relay`. */
export const HELP = `Usage: connect-signals relay --postgres URL (--endpoint URL | --region R) [options]

Delivers the committed rows of the Postgres outbox table to Connect, deleting each
once its signal settled; runs until SIGINT/SIGTERM (or --until-empty).

  --postgres URL        postgres://user:password@host:port/db (default: env ${POSTGRES_URL_ENV}, else PG* variables)
  --schema NAME         the outbox's schema (default ${OUTBOX_TABLE_DEFAULTS.schema})
  --table NAME          the outbox table (default ${OUTBOX_TABLE_DEFAULTS.table})
  --endpoint URL        GraphQL endpoint (http:// only on loopback)
  --region REGION       or a Connect region: ${Object.keys(REGION_ENDPOINTS).join(', ')}
  --api-key KEY         API key (default: env CONNECT_API_KEY)
  --app-key KEY         appKey for signals that lack one
  --tier TIER           ${TIERS.join(', ')}: types the tier cannot import are dead letters
  --relay NAME          this relay's name in the rows it leases (default host-pid-random)
  --batch-size N        rows claimed and signals per request, 1-500 (default 500)
  --concurrency N       requests in flight (default 4)
  --rate N[/s] | Nrps   a limit shared by every relay with this database, endpoint and key
  --timeout MS          time-out of one request (default 30000)
  --attempts N          most attempts per request, retries included (default 5)
  --lease-ms MS         how long a claimed row is this relay's (default ${RELAY_DEFAULTS.leaseMs})
  --max-deliveries N    dead-letter a row claimed more often (default ${RELAY_DEFAULTS.maxDeliveries})
  --poll-ms MS          claim this often when no NOTIFY came (default ${RELAY_DEFAULTS.pollMs})
  --metrics-port P      serve Prometheus /metrics and /healthz on 127.0.0.1:P
  --until-empty         exit once the outbox table is empty
  --json                print one JSON summary on stdout

Exit status: 0 every signal claimed was accepted; 1 some failed or became dead letters;
2 usage error, or Postgres unreachable at start.
`;

/** Parses the arguments of `relay`; throws UsageError. Returns undefined for --help. */
export function parseRelayArgs(args: string[], env: NodeJS.ProcessEnv): RelayRunOptions | undefined {
  const { values: v, positionals } = parseCommandArgs(args, {
    ...CLIENT_FLAGS,
    postgres: { type: 'string' },
    schema: { type: 'string' },
    table: { type: 'string' },
    relay: { type: 'string' },
    'lease-ms': { type: 'string' },
    'max-deliveries': { type: 'string' },
    'poll-ms': { type: 'string' },
    'metrics-port': { type: 'string' },
    'until-empty': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (v.help) return undefined;
  if (positionals.length > 0) throw new UsageError(`relay takes no file (got ${JSON.stringify(positionals[0])}): it reads the outbox table`);
  const postgres = postgresFlag(v.postgres, env);
  // --rate is the relays' shared limit, not a limit of this process's client.
  const { rate, ...client } = clientOptionsOf(v, env);
  return {
    relay: {
      ...(postgres !== undefined ? { postgres } : {}),
      client,
      ...(rate !== undefined ? { rate } : {}),
      ...(v.schema !== undefined ? { schema: v.schema } : {}),
      ...(v.table !== undefined ? { table: v.table } : {}),
      ...(v.relay !== undefined ? { relay: v.relay } : {}),
      leaseMs: integerFlag('lease-ms', v['lease-ms'], 100),
      maxDeliveries: integerFlag('max-deliveries', v['max-deliveries'], 1),
      pollMs: integerFlag('poll-ms', v['poll-ms'], 1),
      untilEmpty: v['until-empty'],
    },
    metricsPort: integerFlag('metrics-port', v['metrics-port'], 0, 65535),
    json: v.json,
  };
}
