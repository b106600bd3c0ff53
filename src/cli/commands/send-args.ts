/**
 * The command line of `connect-signals send`: its options, help text and
 * argument parsing (node:util parseArgs). Throws UsageError for bad arguments.
 */
import { REGION_ENDPOINTS, type Region, type SignalsClientOptions } from '../../client/options.js';
import { TIERS } from '../../validate/index.js';
import { integerFlag, parseCommandArgs, tierFlag } from '../args.js';
import { UsageError } from '../io.js';

/** Options of one `send` run (parsed from the command line, or set by `demo`). */
export interface SendRunOptions {
  readonly file: string;
  /** Client options (endpoint or region, apiKey, appKey, tier, batchSize, concurrency, rate, timeoutMs, dryRun). */
  readonly client: SignalsClientOptions;
  readonly deadLetter: string | undefined;
  readonly json: boolean;
  /** Longest line accepted by the reader. */
  readonly maxLineBytes: number | undefined;
  /**
   * Checkpoint file: resume from it if it exists, record progress in it as records settle.
   * @default undefined (no checkpoint)
   */
  readonly checkpoint?: string | undefined;
}

/** The help text of `send`. */
export const HELP = `Usage: connect-signals send <file> [options]

  --endpoint URL        GraphQL endpoint (http:// only on loopback)
  --region REGION       or a Connect region: ${Object.keys(REGION_ENDPOINTS).join(', ')}
  --api-key KEY         API key (default: env CONNECT_API_KEY)
  --app-key KEY         appKey for signals that lack one
  --tier TIER           ${TIERS.join(', ')}: types the tier cannot import are invalid
  --batch-size N        signals per request, 1-500 (default 500)
  --concurrency N       requests in flight (default 4)
  --rate N[/s] | Nrps   limit: N signals per second, or N requests per second
  --timeout MS          time-out of one request (default 30000)
  --attempts N          most attempts per request, retries included (default 5)
  --dry-run             validate and batch, send nothing
  --dead-letter FILE    write every signal not delivered here (NDJSON, re-sendable)
  --json                print one JSON summary on stdout
  --max-line-bytes N    longest line read (default 1048576)
  --checkpoint FILE     record progress in FILE; run the same command again to resume
                        (sends only what had not settled; refused for another input)

Exit status: 0 every signal accepted; 1 some invalid or failed; 2 usage or I/O error.
`;

/** `--rate 2000`, `2000/s` (signals per second) or `5rps` (requests per second). */
export function parseRate(value: string | undefined): SignalsClientOptions['rate'] {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(\/s|rps)?$/.exec(value.trim());
  if (m === null || Number(m[1]) <= 0) throw new UsageError(`--rate must be N or N/s (signals per second) or Nrps (requests per second), N > 0 (got ${JSON.stringify(value)})`);
  return m[2] === 'rps' ? { requestsPerSecond: Number(m[1]) } : { signalsPerSecond: Number(m[1]) };
}

/**
 * The flags that make the client's options, shared by `send` and `worker`:
 * where to send, the key, and how (batches, concurrency, rate, time-out, attempts).
 */
export const CLIENT_FLAGS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'api-key': { type: 'string' },
  'app-key': { type: 'string' },
  tier: { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  timeout: { type: 'string' },
  attempts: { type: 'string' },
} as const;

/** The values of {@link CLIENT_FLAGS} as parsed. */
export type ClientFlagValues = { readonly [K in keyof typeof CLIENT_FLAGS]?: string | undefined };

/**
 * Client options from the values of {@link CLIENT_FLAGS} (API key from env `CONNECT_API_KEY`
 * when `--api-key` is not given); throws UsageError. A dry run needs neither endpoint nor key.
 * `dryRun` is the `--dry-run` flag of a command that has one (its messages then mention it);
 * undefined for a command without it.
 */
export function clientOptionsOf(v: ClientFlagValues, env: NodeJS.ProcessEnv, dryRun?: boolean): SignalsClientOptions {
  const tier = tierFlag(v.tier);
  if (v.region !== undefined && !Object.hasOwn(REGION_ENDPOINTS, v.region)) {
    throw new UsageError(`--region must be one of ${Object.keys(REGION_ENDPOINTS).join(', ')} (got ${JSON.stringify(v.region)})`);
  }
  if (!dryRun && v.endpoint === undefined && v.region === undefined) {
    throw new UsageError(`give --endpoint URL or --region${dryRun === undefined ? '' : ' (or --dry-run)'}`);
  }
  const apiKey = v['api-key'] ?? env.CONNECT_API_KEY;
  if (!dryRun && (apiKey === undefined || apiKey === '')) throw new UsageError('give --api-key or set CONNECT_API_KEY');
  return {
    ...(v.endpoint !== undefined ? { endpoint: v.endpoint } : {}),
    ...(v.region !== undefined ? { region: v.region as Region } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(v['app-key'] !== undefined ? { appKey: v['app-key'] } : {}),
    ...(tier !== undefined ? { tier } : {}),
    batchSize: integerFlag('batch-size', v['batch-size']),
    concurrency: integerFlag('concurrency', v.concurrency),
    timeoutMs: integerFlag('timeout', v.timeout),
    ...(v.attempts !== undefined ? { retry: { attempts: integerFlag('attempts', v.attempts) } } : {}),
    rate: parseRate(v.rate),
    dryRun: dryRun === true,
    keepOutcomes: 0,
  };
}

/** Parses the arguments of `send`; throws UsageError. Returns undefined for --help. */
export function parseSendArgs(args: string[], env: NodeJS.ProcessEnv): SendRunOptions | undefined {
  const { values: v, positionals } = parseCommandArgs(args, {
    ...CLIENT_FLAGS,
    'dry-run': { type: 'boolean', default: false },
    'dead-letter': { type: 'string' },
    json: { type: 'boolean', default: false },
    'max-line-bytes': { type: 'string' },
    checkpoint: { type: 'string' },
  });
  if (v.help) return undefined;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the file of signals to send' : `give one file (got ${positionals.length})`);
  const dryRun = v['dry-run'];
  if (dryRun && v.checkpoint !== undefined) throw new UsageError('--checkpoint records what was sent: it cannot be used with --dry-run');
  const client = clientOptionsOf(v, env, dryRun);
  return { file: positionals[0]!, client, deadLetter: v['dead-letter'], json: v.json, maxLineBytes: integerFlag('max-line-bytes', v['max-line-bytes']), checkpoint: v.checkpoint };
}
