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

/** A typed emitter. A handler that throws does not stop delivery: its error becomes a process warning. */
export class Emitter {
  readonly #handlers = new Map<SignalsClientEventName, Set<(payload: never) => void>>();

  on<E extends SignalsClientEventName>(event: E, handler: SignalsClientHandler<E>): () => void {
    let set = this.#handlers.get(event);
    if (set === undefined) this.#handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  has(event: SignalsClientEventName): boolean {
    return (this.#handlers.get(event)?.size ?? 0) > 0;
  }

  emit<E extends SignalsClientEventName>(event: E, payload: SignalsClientEvents[E]): void {
    const set = this.#handlers.get(event);
    if (set === undefined) return;
    for (const handler of set) {
      try {
        (handler as SignalsClientHandler<E>)(payload);
      } catch (error) {
        process.emitWarning(`a "${event}" handler of the signals client threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
