/**
 * The emulator's options: typed once, defaulted in one place
 * ({@link resolveEmulatorOptions}), checked there too.
 */
import { randomBytes } from 'node:crypto';
import { isTier, TIERS } from '../validate/tiers.js';
import type { Tier } from '../validate/types.js';
import { EmulatorError } from './errors.js';

/**
 * A contact that exists before any signal arrives. At least one of
 * `contactKey`, `email`, `sms`, `whatsapp` is required; any other field is
 * kept as an attribute of the contact.
 * @example { "contactKey": "AAUN-132417508", "email": "jane.doe@example.com", "firstName": "Jane" }
 */
export interface ContactSeed {
  contactKey?: string;
  email?: string;
  sms?: string;
  whatsapp?: string;
  [attribute: string]: unknown;
}

/** A rate limit: more than `requests` GraphQL requests within `windowMs` are answered 429. */
export interface RateLimitFault {
  /** Requests allowed per window. */
  requests: number;
  /**
   * Length of the window, which starts at the first request after the previous one ended.
   * @default 1000
   */
  windowMs?: number;
}

/**
 * Faults the emulator injects into GraphQL requests (never into `/_emulator/`).
 * A share is deterministic: `0.25` hits exactly every 4th request, `1` every request.
 * Settable at start, with {@link EmulatorHandle.setFaults}, or `POST /_emulator/faults`.
 */
export interface FaultOptions {
  /**
   * Milliseconds added before each GraphQL request is answered.
   * @default 0
   */
  latencyMs?: number;
  /**
   * Share (0–1) of requests answered HTTP 503 before processing: nothing is stored.
   * @default 0
   */
  unavailableShare?: number;
  /**
   * Requests above this rate are answered HTTP 429 with a `Retry-After` header (seconds): nothing is stored.
   * @default undefined (no limit)
   */
  rateLimit?: RateLimitFault | undefined;
  /**
   * Share (0–1) of requests whose connection is destroyed after the request body is read: no answer at all.
   * @default 0
   */
  dropShare?: number;
  /**
   * Whether a dropped request is processed first (its signals stored and given ids, the answer lost:
   * "the write reached the server but its reply did not"), or dropped unprocessed.
   * @default false
   */
  dropAfterProcessing?: boolean;
  /**
   * Share (0–1) of requests answered HTTP 200 with a GraphQL `errors` entry and `createSignals: null`: nothing is stored.
   * @default 0
   */
  graphqlErrorShare?: number;
  /**
   * Share (0–1) of mutations whose answer lists one signal id fewer than were accepted
   * (every accepted signal is still stored).
   * @default 0
   */
  fewerIdsShare?: number;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /**
   * TCP port; `0` picks a free one (read it from the handle's `url`).
   * @default 0 (the CLI defaults to 4000)
   */
  port?: number;
  /**
   * Address to bind. Keep the default unless you mean to expose the emulator.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The key every request must carry in `x-api-key`.
   * @default a random key, readable from the handle's `apiKey`
   */
  apiKey?: string;
  /**
   * Subscription tier: types the tier cannot import are discarded at the mutation.
   * @default undefined (all 11 types, as Premium and Ultimate)
   */
  tier?: Tier | undefined;
  /**
   * Contacts that exist from the start.
   * @default [] (no contacts)
   */
  contacts?: readonly ContactSeed[];
  /**
   * Faults to inject.
   * @default {} (none)
   */
  faults?: FaultOptions;
  /**
   * Largest request body accepted; larger ones are answered HTTP 413.
   * @default 16777216 (16 MiB)
   */
  maxBodyBytes?: number;
  /**
   * How many received signals the emulator keeps for inspection; beyond it the oldest are
   * forgotten (about 1.4 KB each is kept). Counters and contacts are not affected.
   * @default 200000
   */
  retainSignals?: number;
  /**
   * The clock, in milliseconds since the epoch: session suffixes, receipt times, the feed's 30 days, the rate limit.
   * @default Date.now
   */
  now?: () => number;
}

/** Options with every default applied. */
export interface ResolvedEmulatorOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKey: string;
  readonly tier: Tier | undefined;
  readonly contacts: readonly ContactSeed[];
  readonly faults: Readonly<FaultOptions>;
  readonly maxBodyBytes: number;
  readonly retainSignals: number;
  readonly now: () => number;
}

/** Connect's limit of signals per mutation (not an option: it is Connect's rule). */
export { MAX_SIGNALS_PER_MUTATION } from '../connect-limits.js';

/** The defaults, in one place. */
export const EMULATOR_DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  maxBodyBytes: 16 * 1024 * 1024,
  retainSignals: 200_000,
  rateLimitWindowMs: 1000,
} as const;

/** A fresh random API key (what the emulator uses when none is given). */
export function generateApiKey(): string {
  return `emu_${randomBytes(18).toString('base64url')}`;
}

function fail(message: string): never {
  throw new EmulatorError('ERR_EMULATOR_OPTIONS', message);
}

function checkShare(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(`faults.${name} must be a number from 0 to 1 (got ${JSON.stringify(value)})`);
}

const FAULT_KEYS: ReadonlySet<string> = new Set([
  'latencyMs', 'unavailableShare', 'rateLimit', 'dropShare', 'dropAfterProcessing', 'graphqlErrorShare', 'fewerIdsShare',
]);

/** Checks fault options (also those posted to `/_emulator/faults`); throws {@link EmulatorError} naming the field. */
export function checkFaults(faults: unknown): FaultOptions {
  if (faults === null || typeof faults !== 'object' || Array.isArray(faults)) fail('faults must be an object');
  const f = faults as Record<string, unknown>;
  for (const key of Object.keys(f)) if (!FAULT_KEYS.has(key)) fail(`faults.${key} is not a fault (known: ${[...FAULT_KEYS].join(', ')})`);
  if (f.latencyMs !== undefined && (typeof f.latencyMs !== 'number' || !(f.latencyMs >= 0 && f.latencyMs <= 600_000))) {
    fail(`faults.latencyMs must be a number of milliseconds from 0 to 600000 (got ${JSON.stringify(f.latencyMs)})`);
  }
  for (const name of ['unavailableShare', 'dropShare', 'graphqlErrorShare', 'fewerIdsShare']) checkShare(name, f[name]);
  if (f.dropAfterProcessing !== undefined && typeof f.dropAfterProcessing !== 'boolean') fail('faults.dropAfterProcessing must be true or false');
  if (f.rateLimit !== undefined) {
    const r = f.rateLimit as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object') fail('faults.rateLimit must be an object { requests, windowMs? }');
    if (!Number.isInteger(r.requests) || (r.requests as number) < 0) fail(`faults.rateLimit.requests must be a whole number ≥ 0 (got ${JSON.stringify(r.requests)})`);
    if (r.windowMs !== undefined && (!Number.isInteger(r.windowMs) || (r.windowMs as number) < 1)) {
      fail(`faults.rateLimit.windowMs must be a whole number of milliseconds ≥ 1 (got ${JSON.stringify(r.windowMs)})`);
    }
  }
  return f as FaultOptions;
}

/** Applies the defaults and checks every option; throws {@link EmulatorError} for a bad one. */
export function resolveEmulatorOptions(options: EmulatorOptions = {}): ResolvedEmulatorOptions {
  const port = options.port ?? EMULATOR_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port must be a whole number from 0 to 65535 (got ${port})`);
  const maxBodyBytes = options.maxBodyBytes ?? EMULATOR_DEFAULTS.maxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) fail(`maxBodyBytes must be a whole number ≥ 1 (got ${maxBodyBytes})`);
  const retainSignals = options.retainSignals ?? EMULATOR_DEFAULTS.retainSignals;
  if (!Number.isInteger(retainSignals) || retainSignals < 1) fail(`retainSignals must be a whole number ≥ 1 (got ${retainSignals})`);
  if (options.tier !== undefined && !isTier(options.tier)) fail(`tier must be one of ${TIERS.join(', ')} (got ${JSON.stringify(options.tier)})`);
  if (options.apiKey !== undefined && options.apiKey.length === 0) fail('apiKey must not be empty');
  return {
    port,
    host: options.host ?? EMULATOR_DEFAULTS.host,
    apiKey: options.apiKey ?? generateApiKey(),
    tier: options.tier,
    contacts: options.contacts ?? [],
    faults: checkFaults(options.faults ?? {}),
    maxBodyBytes,
    retainSignals,
    now: options.now ?? Date.now,
  };
}
