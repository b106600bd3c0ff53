/**
 * A local Connect endpoint: startEmulator() serves the createSignals mutation
 * over real HTTP with Connect's documented processing rules, plus an
 * inspection API, fault injection and introspection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveEmulatorOptions, type ContactSeed, type EmulatorOptions, type FaultOptions } from './options.js';
import { EmulatorState, type EmulatorContact, type EmulatorStats, type SignalQuery } from './state.js';
import type { StoredSignal } from './signal-record.js';

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:4000`: the mutation is served at `${url}/` and `${url}/graphql`. */
  readonly url: string;
  /** `${url}/graphql`. */
  readonly graphqlUrl: string;
  /** The key requests must carry in `x-api-key` (the generated one when none was given). */
  readonly apiKey: string;
  /** Signals received, oldest first (as `GET /_emulator/signals`). */
  signals(query?: SignalQuery): StoredSignal[];
  /** Contacts with their activity feeds (as `GET /_emulator/contacts`). */
  contacts(): EmulatorContact[];
  /** Seeds contacts (as `POST /_emulator/contacts`); throws EmulatorError for a bad or conflicting one. */
  addContacts(contacts: readonly ContactSeed[]): void;
  /** The faults in force. */
  faults(): Readonly<FaultOptions>;
  /** Replaces every fault (as `POST /_emulator/faults`); throws EmulatorError for a bad value. */
  setFaults(faults: FaultOptions): void;
  /** Forgets signals, contacts, sessions and counters and turns faults off (as `POST /_emulator/reset`). */
  reset(): void;
  /** Counters since start or the last reset. */
  stats(): EmulatorStats;
  /** GraphQL requests received and not yet answered (as `inFlight` of `GET /_emulator/stats`). */
  inFlight(): number;
  /** Stops listening and closes every connection. */
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts an emulator. Throws EmulatorError for bad options; rejects with the
 * listen error (e.g. EADDRINUSE) when the port cannot be bound.
 * @example
 * const emulator = await startEmulator({ contacts: [{ contactKey: 'AAUN-132417508' }] });
 * await fetch(emulator.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey }, body });
 * await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const resolved = resolveEmulatorOptions(options);
  const state = new EmulatorState(resolved);
  // graphql-yoga and graphql-js load here, not when the package is imported (a light import).
  const { createRequestHandler } = await import('./request-handler.js');
  const server = createServer({ keepAliveTimeout: 5000 }, createRequestHandler(state));
  const address = await listen(server, resolved.port, resolved.host);
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    apiKey: resolved.apiKey,
    signals: (query) => state.signalViews(query),
    contacts: () => state.contactViews(),
    addContacts: (contacts) => state.seed(contacts),
    faults: () => state.faults.get(),
    setFaults: (faults) => state.setFaults(faults),
    reset: () => state.reset(),
    stats: () => structuredClone(state.stats),
    inFlight: () => state.inFlight,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

export { EMULATOR_DEFAULTS, MAX_SIGNALS_PER_MUTATION, generateApiKey } from './options.js';
export type { EmulatorOptions, FaultOptions, RateLimitFault, ContactSeed } from './options.js';
export { EmulatorError, isEmulatorError, type EmulatorErrorCode } from './errors.js';
export { parseContactSeeds, readContactSeeds } from './contact-seeds.js';
export { FEED_RULES, type FeedEntry } from './feed.js';
export type { StoredSignal, DiscardReason } from './signal-record.js';
export type { EmulatorContact, EmulatorStats } from './state.js';
export type { SignalQuery, SignalCounts } from './signal-query.js';
export type { LiveEvent } from './live-stream.js';
export { readLocalSdl, localSdlPath } from './local-sdl.js';
