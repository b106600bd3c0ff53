/**
 * MSW 2 handlers that answer `createSignals` with the emulator's own
 * processing code, in-process (graphql-answer.ts over an EmulatorState): the
 * same ids, the same rules (500 per mutation, contact mapping, tiers, test
 * signals), and 401 for a wrong key when `apiKey` is set.
 *
 * msw is an optional peer dependency: see msw-loader.ts for how it is found,
 * so that suites that only start an emulator need not install it.
 */
import type { HttpHandler } from 'msw';
import { REGION_ENDPOINTS } from '../client/options.js';
import { createGraphqlAnswer } from '../emulator/graphql-answer.js';
import { unauthorizedBody } from '../emulator/http-util.js';
import type { EmulatorContact, StoredSignal } from '../emulator/inspection-types.js';
import { resolveEmulatorOptions, type ContactSeed } from '../emulator/options.js';
import type { SignalQuery } from '../emulator/signal-query.js';
import { EmulatorState } from '../emulator/state.js';
import { isEmulatorError } from '../emulator/errors.js';
import type { Tier } from '../validate/types.js';
import { TestkitError } from './errors.js';
import { loadMsw } from './msw-loader.js';

/** Where the handlers answer: an MSW path (string with `*` wildcards, or RegExp). */
export type MockEndpoint = string | RegExp;

/** Options of {@link createConnectMock}. */
export interface ConnectMockOptions {
  /**
   * The endpoint(s) to answer.
   * @default every Connect region's endpoint and any URL whose path is `/graphql` (DEFAULT_MOCK_ENDPOINTS)
   * @example 'https://connect-gql-eu-1.goacoustic.com'
   */
  endpoint?: MockEndpoint | readonly MockEndpoint[];
  /**
   * When set, requests must carry it in `x-api-key` (else HTTP 401, as Connect and the emulator answer).
   * @default undefined (any key, or none, is accepted)
   */
  apiKey?: string;
  /**
   * Subscription tier: types the tier cannot import are discarded.
   * @default undefined (all 11 types, as Premium and Ultimate)
   */
  tier?: Tier;
  /**
   * Contacts that exist from the start (and again after `reset()`).
   * @default [] (no contacts: an unknown contactKey discards a signal; an e-mail or phone creates a contact)
   */
  contacts?: readonly ContactSeed[];
}

/** What {@link createConnectMock} returns. */
export interface ConnectMock {
  /** The MSW request handlers: `setupServer(...mock.handlers)`. */
  readonly handlers: HttpHandler[];
  /** Signals received, oldest first (the emulator's `signals(query)`). */
  signals(query?: SignalQuery): StoredSignal[];
  /** Contacts with their activity feeds. */
  contacts(): EmulatorContact[];
  /** Requests being answered right now (read by the matchers' `.not`). */
  inFlight(): number;
  /** Forgets signals, contacts and sessions, and seeds `options.contacts` again. */
  reset(): void;
}

/** Where the handlers answer by default: the Connect regions' endpoints and any `/graphql`. */
export const DEFAULT_MOCK_ENDPOINTS: readonly MockEndpoint[] = [...Object.values(REGION_ENDPOINTS).map((url) => `${url}/`), '*/graphql'];

/**
 * MSW handlers answering Connect's `createSignals` with the emulator's rules, in-process.
 * Throws TestkitError (`ERR_MOCK_OPTIONS`) for a bad option or when msw is not installed.
 * @example
 * const connect = createConnectMock({ apiKey: 'test-key', contacts: [{ contactKey: 'C-1' }] });
 * const server = setupServer(...connect.handlers);
 */
export function createConnectMock(options: ConnectMockOptions = {}): ConnectMock {
  const { http, HttpResponse } = loadMsw();
  const { apiKey, tier } = options;
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) throw new TestkitError('ERR_MOCK_OPTIONS', 'createConnectMock: apiKey must be a non-empty string');
  let state: EmulatorState;
  try {
    // The key check is the mock's (only when apiKey is set); the state needs one of its own.
    state = new EmulatorState(resolveEmulatorOptions({ tier, contacts: options.contacts ?? [], apiKey: apiKey ?? 'mock' }));
  } catch (error) {
    if (isEmulatorError(error)) throw new TestkitError('ERR_MOCK_OPTIONS', `createConnectMock: ${error.message}`, { cause: error });
    throw error;
  }
  const answerGraphql = createGraphqlAnswer(state);
  const endpoints = options.endpoint === undefined ? DEFAULT_MOCK_ENDPOINTS : ([] as MockEndpoint[]).concat(options.endpoint);

  async function answer(request: Request): Promise<Response> {
    state.stats.requests++;
    if (apiKey !== undefined) {
      const given = request.headers.get('x-api-key');
      if (given !== apiKey) {
        state.stats.unauthorized++;
        return HttpResponse.json(unauthorizedBody(given === null || given === '' ? 'missing' : 'wrong'), { status: 401 });
      }
    }
    const body = Buffer.from(await request.arrayBuffer());
    const result = await answerGraphql({
      method: request.method,
      search: new URL(request.url).search,
      contentType: request.headers.get('content-type') ?? undefined,
      accept: request.headers.get('accept') ?? undefined,
      body,
    }, false);
    return new HttpResponse(result.text, { status: result.status, headers: { 'content-type': result.type } });
  }

  const handlers = endpoints.map((endpoint) => http.post(endpoint, async ({ request }) => {
    state.inFlight++;
    try {
      return await answer(request);
    } finally {
      state.inFlight--;
    }
  }));

  return {
    handlers,
    signals: (query) => state.signalViews(query),
    contacts: () => state.contactViews(),
    inFlight: () => state.inFlight,
    reset: () => {
      state.reset();
      state.seed(options.contacts ?? []);
    },
  };
}
