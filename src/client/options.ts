/**
 * The client's options: typed once (public, all optional but the key),
 * defaulted in one place (DEFAULTS), resolved and checked in one function.
 */
import { MAX_SIGNALS_PER_MUTATION } from '../connect-limits.js';
import type { Tier } from '../validate/types.js';
import { isTier } from '../validate/tiers.js';
import { ClientOptionsError, InsecureEndpointError } from './errors.js';
import type { SignalsClientHandlers } from './events.js';

/** Connect's regions and their GraphQL endpoints. */
export const REGION_ENDPOINTS = {
  'us-1': 'https://connect-gql-us-1.goacoustic.com',
  'eu-1': 'https://connect-gql-eu-1.goacoustic.com',
  'ap-3': 'https://connect-gql-ap-3.goacoustic.com',
} as const;

/** A Connect region: `us-1` (us-east-1), `eu-1` (eu-central-1), `ap-3` (ap-southeast-2). */
export type Region = keyof typeof REGION_ENDPOINTS;

/** How failed requests are retried (see docs/client.md, "Retry policy"). */
export interface RetryOptions {
  /**
   * Most attempts per request, the first one included. `1` disables retries.
   * @default 5
   */
  attempts?: number;
  /**
   * Delay before the first retry; doubled for each next one, with jitter (×0.5–1).
   * @default 300
   */
  backoffMs?: number;
  /**
   * Cap on any computed backoff delay.
   * @default 20000
   */
  maxDelayMs?: number;
  /**
   * Cap on a server's `Retry-After`: a longer one is shortened to this.
   * @default 60000
   */
  maxRetryAfterMs?: number;
}

/** A token-bucket rate limit, applied before each request so the client slows down before Connect answers 429. */
export interface RateLimitOptions {
  /** Signals per second (each request takes one token per signal). @example 2000 */
  signalsPerSecond?: number;
  /** Requests per second, retries included. @example 5 */
  requestsPerSecond?: number;
}

/**
 * A rate limit kept outside the client, e.g. one shared by every process that uses the same
 * API key (the Redis queue's workers use one kept in Redis). The client waits for it before
 * each request (retries and halves of split batches included), after its own `rate` and any
 * `Retry-After` hold.
 */
export interface RequestLimiter {
  /**
   * Resolves once a request of `signals` signals may be sent. Should resolve soon after `abort`
   * fires (the request is then not sent). A rejection does not fail the request: the limit is
   * then skipped for it (Connect's 429s are still retried), and a process warning says why.
   */
  acquire(signals: number, abort: AbortSignal): Promise<void>;
}

/** Options of {@link createSignalsClient}. */
export interface SignalsClientOptions {
  /**
   * The GraphQL endpoint. `http://` is refused except for loopback hosts.
   * Give this or `region`.
   * @example 'http://127.0.0.1:4000/graphql'
   */
  endpoint?: string | URL;
  /**
   * A Connect region, instead of `endpoint`.
   * @example 'eu-1'
   */
  region?: Region;
  /**
   * API key, sent as the `x-api-key` header. Never written to errors, events, reports or files.
   * Required unless `dryRun`.
   */
  apiKey?: string;
  /**
   * Application key filled in for signals that lack `appKey`.
   * @default undefined (a signal without appKey is invalid)
   */
  appKey?: string;
  /**
   * Subscription tier: on `pro`, types other than addToCart, identification and order are invalid.
   * @default undefined (every type allowed)
   */
  tier?: Tier;
  /**
   * Signals per request, 1 to 500 (Connect's limit).
   * @default 500
   */
  batchSize?: number;
  /**
   * Requests in flight at once. Reading the input pauses while all are busy.
   * @default 4
   */
  concurrency?: number;
  /**
   * Time-out of one request (one attempt), in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /** Retry settings. */
  retry?: RetryOptions;
  /**
   * Optional rate limit.
   * @default undefined (no limit)
   */
  rate?: RateLimitOptions;
  /**
   * A rate limit of your own, waited for before each request (see {@link RequestLimiter}).
   * @default undefined (only `rate`, if given)
   */
  limiter?: RequestLimiter;
  /**
   * App mode (`enqueue`): a partial batch is sent this long after its first signal was queued.
   * @default 1000
   */
  flushIntervalMs?: number;
  /**
   * How many per-signal outcomes a report keeps in `outcomes` (the rest only counted).
   * Use the `outcome` event to see every one without holding them in memory.
   * @default 10000
   */
  keepOutcomes?: number;
  /**
   * Validate and batch, but send nothing.
   * @default false
   */
  dryRun?: boolean;
  /**
   * The `fetch` used for every request (tests, proxies).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /** Event handlers, the same as calling `client.on(...)`. */
  on?: SignalsClientHandlers;
}

/** Defaults of every optional setting: the one place they are written. */
export const DEFAULTS = {
  batchSize: 500,
  concurrency: 4,
  timeoutMs: 30_000,
  retry: { attempts: 5, backoffMs: 300, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 },
  flushIntervalMs: 1000,
  keepOutcomes: 10_000,
  dryRun: false,
} as const;

/** Connect's limit of signals per mutation: the largest `batchSize`. */
export const MAX_BATCH_SIZE = MAX_SIGNALS_PER_MUTATION;

/** Options after defaults and checks. */
export interface ResolvedOptions {
  readonly endpoint: URL;
  readonly apiKey: string;
  readonly appKey: string | undefined;
  readonly tier: Tier | undefined;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly rate: Readonly<RateLimitOptions>;
  readonly limiter: RequestLimiter | undefined;
  readonly flushIntervalMs: number;
  readonly keepOutcomes: number;
  readonly dryRun: boolean;
  readonly fetch: typeof fetch;
  readonly on: SignalsClientHandlers;
}

function whole(option: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ClientOptionsError(option, `must be a whole number from ${min} to ${max} (got ${String(value)})`);
  }
  return v;
}

function positive(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ClientOptionsError(option, `must be a positive number (got ${String(value)})`);
  }
  return value;
}

function checkLimiter(limiter: RequestLimiter | undefined): RequestLimiter | undefined {
  if (limiter !== undefined && typeof limiter?.acquire !== 'function') throw new ClientOptionsError('limiter', 'must have an acquire(signals, abort) method');
  return limiter;
}

/** Whether `hostname` (as URL.hostname gives it) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The endpoint URL from `endpoint` or `region`; refuses `http://` off loopback. */
export function resolveEndpoint(endpoint: string | URL | undefined, region: string | undefined): URL {
  if (endpoint !== undefined && region !== undefined) throw new ClientOptionsError('endpoint', 'give endpoint or region, not both');
  if (endpoint === undefined) {
    if (region === undefined) throw new ClientOptionsError('endpoint', 'give an endpoint URL or a region (us-1, eu-1, ap-3)');
    if (!Object.hasOwn(REGION_ENDPOINTS, region)) {
      throw new ClientOptionsError('region', `must be one of ${Object.keys(REGION_ENDPOINTS).join(', ')} (got ${JSON.stringify(region)})`);
    }
    return new URL(REGION_ENDPOINTS[region as Region]);
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ClientOptionsError('endpoint', `not a URL: ${JSON.stringify(String(endpoint))}`);
  }
  if (url.username || url.password) throw new ClientOptionsError('endpoint', 'must not carry credentials: use apiKey');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw new InsecureEndpointError(url.hostname);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClientOptionsError('endpoint', `must be http(s), not ${url.protocol}`);
  return url;
}

/** Applies DEFAULTS and checks every option; throws {@link ClientOptionsError} for a bad one. */
export function resolveOptions(options: SignalsClientOptions): ResolvedOptions {
  const dryRun = options.dryRun ?? DEFAULTS.dryRun;
  const apiKey = options.apiKey ?? '';
  if (!dryRun && apiKey === '') throw new ClientOptionsError('apiKey', 'is required (Connect authenticates with the x-api-key header)');
  if (options.tier !== undefined && !isTier(options.tier)) {
    throw new ClientOptionsError('tier', `must be pro, premium or ultimate (got ${JSON.stringify(options.tier)})`);
  }
  const endpoint = dryRun && options.endpoint === undefined && options.region === undefined
    ? new URL('http://127.0.0.1/')
    : resolveEndpoint(options.endpoint, options.region);
  const retry = options.retry ?? {};
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new ClientOptionsError('fetch', 'must be a function');
  return {
    endpoint,
    apiKey,
    appKey: options.appKey,
    tier: options.tier,
    batchSize: whole('batchSize', options.batchSize, DEFAULTS.batchSize, 1, MAX_BATCH_SIZE),
    concurrency: whole('concurrency', options.concurrency, DEFAULTS.concurrency, 1, 64),
    timeoutMs: whole('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1),
    retry: {
      attempts: whole('retry.attempts', retry.attempts, DEFAULTS.retry.attempts, 1, 100),
      backoffMs: whole('retry.backoffMs', retry.backoffMs, DEFAULTS.retry.backoffMs, 0),
      maxDelayMs: whole('retry.maxDelayMs', retry.maxDelayMs, DEFAULTS.retry.maxDelayMs, 0),
      maxRetryAfterMs: whole('retry.maxRetryAfterMs', retry.maxRetryAfterMs, DEFAULTS.retry.maxRetryAfterMs, 0),
    },
    rate: {
      signalsPerSecond: positive('rate.signalsPerSecond', options.rate?.signalsPerSecond),
      requestsPerSecond: positive('rate.requestsPerSecond', options.rate?.requestsPerSecond),
    },
    limiter: checkLimiter(options.limiter),
    flushIntervalMs: whole('flushIntervalMs', options.flushIntervalMs, DEFAULTS.flushIntervalMs, 0),
    keepOutcomes: whole('keepOutcomes', options.keepOutcomes, DEFAULTS.keepOutcomes, 0),
    dryRun,
    fetch: fetchFn,
    on: options.on ?? {},
  };
}
