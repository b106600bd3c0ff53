/**
 * What every send and the app-mode queue of one client share: options,
 * transport, rate limiter, slots, events, and the abort of `close()`.
 * Also the two steps both use: validating a signal into a batch item, and
 * starting a batch's delivery.
 */
import { validateSignal } from '../validate/validate-signal.js';
import type { ValidateOptions, ValidationResult } from '../validate/types.js';
import { makeBatch, releaseBatch, type BatchItem } from './batch.js';
import { deliverBatch, failBatch, type DeliveryContext } from './deliver.js';
import { InvalidResponseError } from './errors.js';
import type { Emitter } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import { ReportBuilder, type SignalOutcome } from './report.js';
import type { Slots } from './slots.js';
import type { Transport } from './transport.js';

/** The shared parts of one client. */
export interface Engine {
  readonly options: ResolvedOptions;
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  readonly slots: Slots;
  readonly events: Emitter;
  /** Aborted by `close()` at its deadline. */
  readonly closing: AbortController;
}

/** One stream of signals being settled: a send, or the app-mode queue. */
export interface Run {
  readonly report: ReportBuilder;
  readonly ctx: DeliveryContext;
}

/** Starts a run whose outcomes count in a fresh report and are emitted as `outcome` events. */
export function startRun(engine: Engine, signal?: AbortSignal): Run {
  const report = new ReportBuilder(engine.options.keepOutcomes, engine.options.dryRun);
  const settle = (outcome: SignalOutcome) => {
    report.settle(outcome);
    engine.events.emit('outcome', outcome);
  };
  const abort = signal === undefined ? engine.closing.signal : AbortSignal.any([engine.closing.signal, signal]);
  const ctx: DeliveryContext = { transport: engine.transport, limiter: engine.limiter, retry: engine.options.retry, events: engine.events, report, settle, signal: abort, refused: { error: undefined } };
  return { report, ctx };
}

/** How `send()` gets a signal, and its JSON text when known, out of each item. */
export interface Extract<T> {
  readonly signalOf?: ((item: T) => unknown) | undefined;
  readonly jsonOf?: ((item: T) => string | Uint8Array | undefined) | undefined;
}

/** One input validated: the result, and the signal's JSON text when the caller knows it and validation kept the signal as it was. */
export interface ValidatedInput {
  readonly result: ValidationResult;
  /** The text to send for a valid signal, when known exactly; else undefined (serialize `result.signal`). */
  readonly json: string | Uint8Array | undefined;
}

/**
 * Validates one input with the rules of `send` (tier, appKey filled in where missing). Also used by
 * the Redis queue's producer (src/queue/producer.ts), so that what is queued is what `send` would send.
 */
export function validateInput<T>(options: ValidateOptions, input: T, extract?: Extract<T>): ValidatedInput {
  // signalOf is called once per item, before jsonOf (SendOptions documents it: `send` relies on it).
  const signal = extract?.signalOf === undefined ? input : extract.signalOf(input);
  const result = validateSignal(signal, { tier: options.tier, appKey: options.appKey });
  // The text is the signal's only if validation sent it as it was (no appKey added, nothing removed).
  const json = result.valid && result.signal === signal ? extract?.jsonOf?.(input) : undefined;
  return { result, json };
}

/** Validates one input: an invalid one is settled at once; a valid one is returned as a batch item. */
export function admit<T>(engine: Engine, run: Run, input: T, index: number, extract?: Extract<T>): BatchItem | undefined {
  const { result, json } = validateInput(engine.options, input, extract);
  run.report.read(result.signalType, result.valid);
  if (!result.valid) {
    run.ctx.settle({ status: 'invalid', index, signalType: result.signalType, input, errors: result.errors });
    return undefined;
  }
  return { index, signalType: result.signalType, input, signal: result.signal, warnings: result.warnings, json };
}

/**
 * Makes a batch of `items` and waits for a slot to deliver it (the backpressure).
 * Resolves, once the delivery started, to its completion.
 */
export async function dispatch(engine: Engine, run: Run, items: readonly BatchItem[]): Promise<{ readonly done: Promise<void> }> {
  run.report.batches++;
  if (engine.options.dryRun) return { done: Promise.resolve() };
  const batch = makeBatch(run.report.batches, items);
  return engine.slots.run(async () => {
    try {
      await deliverBatch(batch, run.ctx);
    } catch (error) {
      // A bug, not a delivery failure: still, no signal goes unaccounted.
      failBatch(batch, new InvalidResponseError(`internal error: ${error instanceof Error ? error.message : String(error)}`), 1, true, run.ctx);
    } finally {
      releaseBatch(batch);
    }
  });
}
