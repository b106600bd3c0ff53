/**
 * The command line of `connect-signals gateway`: its flags, help text and
 * parsing. Secrets are read from the environment (or VAR_FILE), never from a
 * flag: flags show in `ps`.
 */
import { BUILT_IN_SOURCES, GATEWAY_DEFAULTS, SOURCE_NAME, type GatewayOptions } from '../../gateway/options.js';
import { readSecret, SECRET_ENV, sourceSecretEnv } from '../../gateway/secrets.js';
import { QUEUE_DEFAULTS } from '../../queue/keys.js';
import { TIERS } from '../../validate/index.js';
import { integerFlag, parseCommandArgs, tierFlag } from '../args.js';
import { UsageError } from '../io.js';
import { redisFlag, REDIS_URL_ENV } from '../redis-flag.js';
import { clusterOf } from './worker-args.js';

/** The environment variable read when `--app-key` is not given. */
export const APP_KEY_ENV = 'CONNECT_APP_KEY';

/** The help text of `gateway`. */
export const HELP = `Usage: connect-signals gateway --redis URL --app-key KEY [options]

Receives webhooks and signals over HTTP, verifies and maps them, and appends the
signals to the Redis stream {QUEUE}:signals, from which workers deliver them.
Runs until SIGINT/SIGTERM (requests in flight are finished).

  --redis URL            redis://host:port or rediss://user:password@host:port (default: env ${REDIS_URL_ENV})
  --cluster              Redis Cluster: --redis gives one or more nodes, comma-separated
  --app-key KEY          the appKey of every signal (default: env ${APP_KEY_ENV}); required
  --port P               port to listen on (default ${GATEWAY_DEFAULTS.port}; 0: any free port)
  --host HOST            interface to listen on (default ${GATEWAY_DEFAULTS.host})
  --queue NAME           the queue's name: keys {NAME}:signals, {NAME}:dead (default ${QUEUE_DEFAULTS.queue})
  --source NAME=MODULE   POST /hooks/NAME: a Standard Webhooks sender mapped by MODULE (.mjs, .js or .ts);
                         its secret in env CONNECT_GATEWAY_SECRET_<NAME> (repeatable)
  --tier TIER            ${TIERS.join(', ')}: types the tier cannot import are dead letters
  --dedupe-ttl D         how long an event id is remembered, e.g. 7d, 72h, 30m (default 7d)
  --max-body-bytes N     largest body accepted, 413 beyond (default ${GATEWAY_DEFAULTS.maxBodyBytes})
  --enqueue-timeout MS   answer 503 with Retry-After when Redis takes longer (default ${GATEWAY_DEFAULTS.enqueueTimeoutMs})

Secrets (environment only; each VAR may instead be VAR_FILE, a file holding it):
  ${SECRET_ENV.stripe}     serves POST /hooks/stripe (whsec_...)
  ${SECRET_ENV.shopify}    serves POST /hooks/shopify
  ${SECRET_ENV.token}     serves POST /signals (Authorization: Bearer <token>)
  CONNECT_GATEWAY_SECRET_<NAME>  the secret of --source NAME (upper case, - as _)

Exit status: 0 stopped by SIGINT/SIGTERM; 2 usage error, or Redis unreachable at start.
`;

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--dedupe-ttl`: a whole number with a unit (ms, s, m, h, d) → milliseconds. */
export function durationFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\s*(ms|s|m|h|d)$/.exec(value.trim());
  const ms = match === null ? NaN : Number(match[1]) * UNITS[match[2]!]!;
  if (!Number.isSafeInteger(ms) || ms < 1000) throw new UsageError(`--${flag} must be a duration of at least 1s such as 7d, 72h or 30m (got ${JSON.stringify(value)})`);
  return ms;
}

/** A `--source NAME=MODULE` before its module is loaded. */
export interface SourceFlag {
  readonly name: string;
  readonly module: string;
  readonly secret: string;
}

function sourceFlag(value: string, env: NodeJS.ProcessEnv): SourceFlag {
  const at = value.indexOf('=');
  const name = at === -1 ? '' : value.slice(0, at);
  const module = at === -1 ? '' : value.slice(at + 1);
  if (!SOURCE_NAME.test(name) || module === '') throw new UsageError(`--source must be NAME=MODULE, NAME letters, digits and "-" (got ${JSON.stringify(value)})`);
  if ((BUILT_IN_SOURCES as readonly string[]).includes(name.toLowerCase())) throw new UsageError(`--source ${name}: "${name}" is a built-in route: give the source another name`);
  const variable = sourceSecretEnv(name);
  const secret = readSecret(env, variable);
  if (secret === undefined) throw new UsageError(`--source ${name}: set its Standard Webhooks secret in ${variable} (or ${variable}_FILE)`);
  return { name, module, secret };
}

/** Options of one `gateway` run: the gateway's, with the sources still to load. */
export interface GatewayRunOptions {
  readonly gateway: Omit<GatewayOptions, 'sources'>;
  readonly sources: readonly SourceFlag[];
}

/** Parses the arguments of `gateway`; throws UsageError (or GatewaySecretError). Returns undefined for --help. */
export function parseGatewayArgs(args: string[], env: NodeJS.ProcessEnv): GatewayRunOptions | undefined {
  const { values: v, positionals } = parseCommandArgs(args, {
    redis: { type: 'string' },
    cluster: { type: 'boolean', default: false },
    'app-key': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    queue: { type: 'string' },
    source: { type: 'string', multiple: true },
    tier: { type: 'string' },
    'dedupe-ttl': { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'enqueue-timeout': { type: 'string' },
  });
  if (v.help) return undefined;
  if (positionals.length > 0) throw new UsageError(`gateway takes no positional argument (got ${JSON.stringify(positionals[0])})`);
  const redis = v.cluster ? clusterOf((v.redis ?? env[REDIS_URL_ENV] ?? '').split(',')) : redisFlag(v.redis, env);
  const appKey = v['app-key'] ?? env[APP_KEY_ENV];
  if (appKey === undefined || appKey.trim() === '') throw new UsageError(`give --app-key KEY (or set ${APP_KEY_ENV}): every signal needs one`);
  const sources = ((v.source ?? []) as unknown as string[]).map((s) => sourceFlag(s, env));
  const secrets = { stripe: readSecret(env, SECRET_ENV.stripe), shopify: readSecret(env, SECRET_ENV.shopify), token: readSecret(env, SECRET_ENV.token) };
  return {
    gateway: {
      redis,
      appKey,
      secrets,
      port: integerFlag('port', v.port, 0, 65535),
      ...(v.host !== undefined ? { host: v.host } : {}),
      ...(v.queue !== undefined ? { queue: v.queue } : {}),
      ...(v.tier !== undefined ? { tier: tierFlag(v.tier)! } : {}),
      dedupeTtlMs: durationFlag('dedupe-ttl', v['dedupe-ttl']),
      maxBodyBytes: integerFlag('max-body-bytes', v['max-body-bytes'], 1024),
      enqueueTimeoutMs: integerFlag('enqueue-timeout', v['enqueue-timeout'], 10),
    },
    sources,
  };
}
