/**
 * The client's events: payloads typed in one map, and a tiny emitter.
 * No payload carries the API key.
 */
import type { DeliveryError } from './errors.js';
import type { SendReport, SignalOutcome } from './report.js';

/** Payload of every event, by name. */
export interface SignalsClientEvents {
  /** One signal settled: accepted, invalid or failed. Emitted for every signal, in completion order. */
  outcome: SignalOutcome;
  /** A request was answered with one id per signal. */
  batch: { readonly batch: number; readonly size: number; readonly attempts: number; readonly durationMs: number };
  /** A request failed and will be tried again after `delayMs`. */
  retry: {
    readonly batch: number;
    readonly size: number;
    /** The attempt that failed (1 for the first). */
    readonly attempt: number;
    readonly delayMs: number;
    readonly reason: DeliveryError;
    /** The failed attempt may have been processed: the retry can duplicate its signals. */
    readonly ambiguous: boolean;
  };
  /** Connect rejected a batch's content: it is split in two to find the bad signals. */
  split: { readonly batch: number; readonly size: number; readonly reason: DeliveryError };
  /** A batch's signals were given up (each also gets a `failed` outcome). */
  failure: { readonly batch: number; readonly size: number; readonly attempts: number; readonly reason: DeliveryError };
  /** Everything given to `send()`, or queued before `flush()`/`close()`, has settled. */
  drained: { readonly report: SendReport };
}

/** The name of a client event. */
export type SignalsClientEventName = keyof SignalsClientEvents;

/** An event handler. */
export type SignalsClientHandler<E extends SignalsClientEventName> = (payload: SignalsClientEvents[E]) => void;

/** One optional handler per event, as in the `on` option. */
export type SignalsClientHandlers = { readonly [E in SignalsClientEventName]?: SignalsClientHandler<E> };

/**
 * A typed emitter over an event map `M` (payloads by event name). A handler that throws does not
 * stop delivery: its error becomes a process warning naming `owner`. The queue's worker uses it too.
 */
export class TypedEmitter<M extends object> {
  readonly #handlers = new Map<keyof M, Set<(payload: never) => void>>();

  constructor(private readonly owner = 'signals client') {}

  on<E extends keyof M>(event: E, handler: (payload: M[E]) => void): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) this.#handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  /** Whether any handler listens to `event` (so a hot path can skip making its payload). */
  has(event: keyof M): boolean {
    return (this.#handlers.get(event)?.size ?? 0) > 0;
  }

  emit<E extends keyof M>(event: E, payload: M[E]): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const handler of set) {
      try {
        (handler as (payload: M[E]) => void)(payload);
      } catch (error) {
        process.emitWarning(`a "${String(event)}" handler of the ${this.owner} threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/** The client's emitter. */
export class Emitter extends TypedEmitter<SignalsClientEvents> {}
