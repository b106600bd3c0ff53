/**
 * The gateway's options: typed once, defaults in {@link GATEWAY_DEFAULTS},
 * checked and resolved in {@link resolveGatewayOptions}.
 */
import { queueKeys, type QueueKeys } from '../queue/keys.js';
import type { RedisTarget } from '../queue/redis.js';
import { isTier } from '../validate/tiers.js';
import type { Tier } from '../validate/types.js';
import type { Mapping } from './define-mapping.js';

/** The secrets of the built-in routes. Each route is served only when its secret is given (404 otherwise). */
export interface GatewaySecrets {
  /** Stripe's endpoint signing secret (`whsec_…`): serves `POST /hooks/stripe`. @default undefined */
  stripe?: string | undefined;
  /** The Shopify app's client secret (or the store's webhook signing key): serves `POST /hooks/shopify`. @default undefined */
  shopify?: string | undefined;
  /** The bearer token of `POST /signals`: serves it. @default undefined */
  token?: string | undefined;
}

/** A sender that signs with Standard Webhooks, served at `POST /hooks/NAME`. */
export interface GatewaySource {
  /** The route's name: letters, digits and `-` (not `stripe` or `shopify`). @example 'tickets' */
  readonly name: string;
  /** The mapping of its payloads to signals. */
  readonly mapping: Mapping;
  /** Its Standard Webhooks secret (`whsec_<base64>`). */
  readonly secret: string;
}

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  /** Where Redis is (as the queue's producer takes it). @example 'redis://127.0.0.1:6379' */
  redis: RedisTarget;
  /** The `appKey` of every signal. */
  appKey: string;
  /** Port to listen on (0: any free port). @default 8080 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** The queue's name: signals go to `{NAME}:signals`, dead letters to `{NAME}:dead`. @default 'connect-signals' */
  queue?: string;
  /** Subscription tier: types it cannot import are dead letters. @default undefined (every type) */
  tier?: Tier;
  /** Secrets of the built-in routes. @default {} */
  secrets?: GatewaySecrets;
  /** Standard Webhooks senders with their mappings. @default [] */
  sources?: readonly GatewaySource[];
  /** How long an event id is remembered to answer a repeat as a duplicate, in ms (Stripe retries for 3 days). @default 604800000 (7 days) */
  dedupeTtlMs?: number;
  /** Largest request body accepted (413 beyond). @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** How long Redis may take to store an event before the answer is 503 with Retry-After. @default 2000 */
  enqueueTimeoutMs?: number;
  /** Where lines about failures go (a mapping that throws, Redis errors); never a payload or a secret. @default nothing is logged */
  log?: (line: string) => void;
}

/** Defaults of {@link GatewayOptions}: the one place they are written. */
export const GATEWAY_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  dedupeTtlMs: 7 * 24 * 3600 * 1000,
  maxBodyBytes: 1024 * 1024,
  enqueueTimeoutMs: 2000,
} as const;

/** Seconds a sender is told to wait (`Retry-After`) when Redis could not store its event. */
export const RETRY_AFTER_SECONDS = 5;

/** The built-in routes' names: a `--source` cannot take them. */
export const BUILT_IN_SOURCES = ['stripe', 'shopify'] as const;

/** An option of the gateway is wrong (thrown by `startGateway` as it checks its options). */
export class GatewayOptionsError extends Error {
  override readonly name = 'GatewayOptionsError';
  readonly code = 'ERR_GATEWAY_OPTIONS';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** Options with every default applied. */
export interface ResolvedGatewayOptions {
  readonly redis: RedisTarget;
  readonly appKey: string;
  readonly port: number;
  readonly host: string;
  readonly keys: QueueKeys;
  readonly tier: Tier | undefined;
  readonly secrets: Readonly<GatewaySecrets>;
  readonly sources: readonly GatewaySource[];
  readonly dedupeTtlMs: number;
  readonly maxBodyBytes: number;
  readonly enqueueTimeoutMs: number;
  readonly log: (line: string) => void;
}

function whole(option: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min || v > max) throw new GatewayOptionsError(option, `must be a whole number from ${min} to ${max} (got ${String(value)})`);
  return v;
}

function secret(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new GatewayOptionsError(option, 'must be a non-empty string');
  return value;
}

/** The name rule of a source: it becomes a path segment and part of an environment variable's name. */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/i;

function checkSources(sources: readonly GatewaySource[]): readonly GatewaySource[] {
  const seen = new Set<string>();
  for (const s of sources) {
    if (!SOURCE_NAME.test(s.name)) throw new GatewayOptionsError('sources', `a source's name is letters, digits and "-" (got ${JSON.stringify(s.name)})`);
    const lower = s.name.toLowerCase();
    if ((BUILT_IN_SOURCES as readonly string[]).includes(lower)) throw new GatewayOptionsError('sources', `"${s.name}" is a built-in route: give the source another name`);
    if (seen.has(lower)) throw new GatewayOptionsError('sources', `"${s.name}" is given twice`);
    seen.add(lower);
    if (typeof s.mapping !== 'function') throw new GatewayOptionsError('sources', `the mapping of "${s.name}" is not a function`);
    secret(`the secret of source "${s.name}"`, s.secret);
    if (!s.secret.startsWith('whsec_')) throw new GatewayOptionsError('sources', `the secret of "${s.name}" must be a Standard Webhooks secret, whsec_ followed by base64`);
  }
  return sources;
}

/** Applies {@link GATEWAY_DEFAULTS} and checks every option; throws {@link GatewayOptionsError}. */
export function resolveGatewayOptions(options: GatewayOptions): ResolvedGatewayOptions {
  if (typeof options.appKey !== 'string' || options.appKey.trim() === '') throw new GatewayOptionsError('appKey', 'is required: every signal needs one');
  if (options.tier !== undefined && !isTier(options.tier)) throw new GatewayOptionsError('tier', `must be pro, premium or ultimate (got ${JSON.stringify(options.tier)})`);
  const given = options.secrets ?? {};
  const secrets = { stripe: secret('secrets.stripe', given.stripe), shopify: secret('secrets.shopify', given.shopify), token: secret('secrets.token', given.token) };
  const sources = checkSources(options.sources ?? []);
  if (secrets.stripe === undefined && secrets.shopify === undefined && secrets.token === undefined && sources.length === 0) {
    throw new GatewayOptionsError('secrets', 'nothing to serve: give a Stripe or Shopify secret, the /signals token, or a source');
  }
  return {
    redis: options.redis,
    appKey: options.appKey,
    port: whole('port', options.port, GATEWAY_DEFAULTS.port, 0, 65535),
    host: options.host ?? GATEWAY_DEFAULTS.host,
    keys: queueKeys(options.queue),
    tier: options.tier,
    secrets,
    sources,
    dedupeTtlMs: whole('dedupeTtlMs', options.dedupeTtlMs, GATEWAY_DEFAULTS.dedupeTtlMs, 1000, 365 * 24 * 3600 * 1000),
    maxBodyBytes: whole('maxBodyBytes', options.maxBodyBytes, GATEWAY_DEFAULTS.maxBodyBytes, 1024, 64 * 1024 * 1024),
    enqueueTimeoutMs: whole('enqueueTimeoutMs', options.enqueueTimeoutMs, GATEWAY_DEFAULTS.enqueueTimeoutMs, 10, 600_000),
    log: options.log ?? (() => {}),
  };
}
