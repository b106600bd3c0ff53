/**
 * A handle on an emulator running in another process or container
 * (`connect-signals emulator`, a Docker image), read through its inspection
 * API (`/_emulator/…`, same `x-api-key`). The matchers read it like an
 * in-process handle.
 */
import type { ContactSeed } from '../emulator/options.js';
import type { EmulatorContact, EmulatorStats, StoredSignal } from '../emulator/inspection-types.js';
import type { SignalQuery } from '../emulator/signal-query.js';
import { TestkitError } from './errors.js';

/** Options of {@link connectTo}. */
export interface ConnectToOptions {
  /**
   * The emulator's key (its `--api-key`), sent in `x-api-key`.
   * @example process.env.EMULATOR_API_KEY
   */
  apiKey: string;
  /**
   * The fetch to use.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
}

/** A running emulator in another process, read over HTTP. */
export interface RemoteEmulator {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  /** `${url}/graphql`. */
  readonly graphqlUrl: string;
  readonly apiKey: string;
  /** Signals received, oldest first (`GET /_emulator/signals`, every filter of it). */
  signals(query?: SignalQuery): Promise<StoredSignal[]>;
  /** Contacts with their activity feeds (`GET /_emulator/contacts`). */
  contacts(): Promise<EmulatorContact[]>;
  /** Seeds contacts (`POST /_emulator/contacts`). */
  addContacts(contacts: readonly ContactSeed[]): Promise<void>;
  /** Counters (`GET /_emulator/stats`). */
  stats(): Promise<EmulatorStats>;
  /** GraphQL requests received and not yet answered (`inFlight` of `GET /_emulator/stats`). */
  inFlight(): Promise<number>;
  /** Forgets signals, contacts, sessions and counters (`POST /_emulator/reset`). */
  reset(): Promise<void>;
}

function queryString(query: SignalQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A handle on the emulator at `url`. Nothing is sent until a method is called.
 * Throws TestkitError (`ERR_CONNECT_TO_OPTIONS`) for a bad URL or a missing key;
 * its methods reject with TestkitError (`ERR_CONNECT_TO_REQUEST`) for an error answer.
 * @example
 * const emulator = connectTo('http://127.0.0.1:4000', { apiKey: process.env.EMULATOR_API_KEY! });
 * await expect(emulator).toHaveReceivedSignal('order', { orderId: 'A-1' });
 */
export function connectTo(url: string, options: ConnectToOptions): RemoteEmulator {
  let base: URL;
  try {
    base = new URL(url);
  } catch (cause) {
    throw new TestkitError('ERR_CONNECT_TO_OPTIONS', `connectTo: ${JSON.stringify(url)} is not a URL`, { cause });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TestkitError('ERR_CONNECT_TO_OPTIONS', `connectTo: the URL must be http or https (got ${base.protocol})`);
  const apiKey = options?.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '') throw new TestkitError('ERR_CONNECT_TO_OPTIONS', 'connectTo: options.apiKey (the emulator\'s key) is required');
  const root = base.href.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;

  async function call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const where = `${method} /_emulator/${route.split('?')[0]}`;
    let response: Response;
    try {
      response = await doFetch(`${root}/_emulator/${route}`, {
        method,
        headers: { 'x-api-key': apiKey as string, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      throw new TestkitError('ERR_CONNECT_TO_REQUEST', `connectTo ${root}: ${where} failed: ${(cause as Error).message}`, { cause });
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string }; errors?: Array<{ message?: string }> };
        detail = parsed.error?.message ?? parsed.errors?.[0]?.message ?? detail;
      } catch { /* not JSON: keep the text */ }
      throw new TestkitError('ERR_CONNECT_TO_REQUEST', `connectTo ${root}: ${where} answered HTTP ${response.status}: ${detail}`);
    }
    return JSON.parse(text) as T;
  }

  return {
    url: root,
    graphqlUrl: `${root}/graphql`,
    apiKey,
    signals: async (query = {}) => (await call<{ signals: StoredSignal[] }>('GET', `signals${queryString(query)}`)).signals,
    contacts: async () => (await call<{ contacts: EmulatorContact[] }>('GET', 'contacts')).contacts,
    addContacts: async (contacts) => {
      await call('POST', 'contacts', contacts);
    },
    stats: async () => (await call<{ stats: EmulatorStats }>('GET', 'stats')).stats,
    inFlight: async () => (await call<{ inFlight?: number }>('GET', 'stats')).inFlight ?? 0,
    reset: async () => {
      await call('POST', 'reset');
    },
  };
}
