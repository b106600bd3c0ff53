/**
 * createSignalsClient: the batching client. Wires options, transport, rate
 * limiter, slots and events, and exposes the two ways to send: a stream
 * (`send`) and app mode (`enqueue`/`flush`/`close`).
 */
import { Emitter, type SignalsClientEventName, type SignalsClientHandler, type SignalsClientHandlers } from './events.js';
import type { Engine } from './engine.js';
import { resolveOptions, type SignalsClientOptions } from './options.js';
import { SignalQueue } from './queue.js';
import { RateLimiter } from './rate-limit.js';
import type { SendReport } from './report.js';
import { sendSignals, type SendOptions, type SignalSource } from './send.js';
import { Slots } from './slots.js';
import { createTransport } from './transport.js';

/** Options of `close()`. */
export interface CloseOptions {
  /**
   * How long to wait for queued and in-flight signals before aborting them.
   * @default 10000
   */
  timeoutMs?: number;
}

/** Default of {@link CloseOptions.timeoutMs}. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** The batching client. */
export interface SignalsClient {
  /** Validates, batches and delivers a stream of signals; resolves when each has settled. Never rejects for a bad signal or a failed delivery. */
  send<T = unknown>(signals: SignalSource<T>, options?: SendOptions<T> & { chunked?: false }): Promise<SendReport>;
  /** Like `send`, for a source of arrays of items (e.g. `readSignalBatches`). */
  send<T = unknown>(chunks: SignalSource<readonly T[]>, options: SendOptions<T> & { chunked: true }): Promise<SendReport>;
  /** App mode: queues one signal; batches go out when full or after `flushIntervalMs`. */
  enqueue(signal: unknown): void;
  /** Sends what is queued; resolves when it has settled, to the app-mode counts so far. */
  flush(): Promise<SendReport>;
  /** Sends what is queued, waits up to `timeoutMs`, then aborts what is left (reported failed, ERR_ABORTED). Also aborts running `send()`s at the deadline. */
  close(options?: CloseOptions): Promise<SendReport>;
  /** Adds an event handler; returns a function that removes it. */
  on<E extends SignalsClientEventName>(event: E, handler: SignalsClientHandler<E>): () => void;
}

/** Creates a client. Throws ClientOptionsError (or InsecureEndpointError) for bad options. */
export function createSignalsClient(options: SignalsClientOptions): SignalsClient {
  const resolved = resolveOptions(options);
  const events = new Emitter();
  for (const [event, handler] of Object.entries(resolved.on) as [SignalsClientEventName, SignalsClientHandlers[SignalsClientEventName]][]) {
    if (handler !== undefined) events.on(event, handler as SignalsClientHandler<typeof event>);
  }
  const engine: Engine = {
    options: resolved,
    transport: createTransport(resolved),
    limiter: new RateLimiter(resolved.rate, Date.now, resolved.limiter),
    slots: new Slots(resolved.concurrency),
    events,
    closing: new AbortController(),
  };
  const queue = new SignalQueue(engine);
  const sending = new Set<Promise<unknown>>();

  return {
    send<T>(signals: SignalSource<T> | SignalSource<readonly T[]>, sendOptions?: SendOptions<T>) {
      const done = sendSignals(engine, signals, sendOptions);
      sending.add(done);
      const forget = () => sending.delete(done);
      done.then(forget, forget);
      return done;
    },
    enqueue: (signal) => queue.enqueue(signal),
    flush: () => queue.flush(),
    close: (closeOptions = {}) =>
      queue.close(closeOptions.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS, Promise.allSettled([...sending])),
    on: (event, handler) => events.on(event, handler),
  };
}
