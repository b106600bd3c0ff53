/**
 * Delivering one batch: rate limit, request, and then, by the retry policy,
 * accept, retry, split or give up. Every signal of the batch ends settled,
 * exactly once; nothing is thrown.
 */
import { AbortedError, GraphQLResponseError, HttpError, MissingIdsError, RejectedError, type DeliveryError } from './errors.js';
import type { Emitter } from './events.js';
import type { RetryOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { ReportBuilder, SignalOutcome } from './report.js';
import { retryDecision } from './retry.js';
import { sleep } from './sleep.js';
import { itemText, keepBuffer, releaseBatch, splitBatch, type Batch } from './batch.js';
import type { Transport } from './transport.js';

/** What delivering needs: shared by every batch of a send (or of the app-mode queue). */
export interface DeliveryContext {
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  readonly retry: Readonly<Required<RetryOptions>>;
  readonly events: Emitter;
  readonly report: ReportBuilder;
  /** Settles one signal (counts it and emits `outcome`). */
  readonly settle: (outcome: SignalOutcome) => void;
  /** Aborts waiting and requests in flight. */
  readonly signal: AbortSignal;
  /**
   * Set when Connect refused the API key (401/403): every later batch of the run
   * fails at once with that reason (attempts 0), instead of making a request
   * that would be refused the same way.
   */
  readonly refused: { error: DeliveryError | undefined };
}

/** A refusal of the credentials: no later request of the run can succeed. */
function refusesKey(error: DeliveryError): boolean {
  return error instanceof HttpError && (error.status === 401 || error.status === 403);
}

/** Marks every signal of `batch` failed. */
export function failBatch(batch: Batch, reason: DeliveryError, attempts: number, ambiguous: boolean, ctx: DeliveryContext): void {
  ctx.events.emit('failure', { batch: batch.id, size: batch.items.length, attempts, reason });
  batch.items.forEach((item, i) => {
    const json = itemText(batch, i);
    ctx.settle({ status: 'failed', index: item.index, signalType: item.signalType, input: item.input, reason, attempts, ambiguous, ...(json === undefined ? {} : { json }) });
  });
}

/** Sends `batch` until it is accepted, split, or given up. */
export async function deliverBatch(batch: Batch, ctx: DeliveryContext, inheritedAmbiguity = false): Promise<void> {
  const size = batch.items.length;
  let ambiguous = inheritedAmbiguity;
  for (let attempt = 1; ; attempt++) {
    if (ctx.refused.error !== undefined) return failBatch(batch, ctx.refused.error, attempt - 1, ambiguous, ctx);
    if (!(await ctx.limiter.take(size, ctx.signal))) return failBatch(batch, new AbortedError(false), attempt - 1, ambiguous, ctx);
    ctx.report.requests++;
    const started = performance.now();
    const result = await ctx.transport.post(size, batch.body, ctx.signal);
    if (result.ok) {
      ctx.events.emit('batch', { batch: batch.id, size, attempts: attempt, durationMs: performance.now() - started });
      batch.items.forEach((item, i) => {
        ctx.settle({ status: 'accepted', index: item.index, signalType: item.signalType, input: item.input, id: result.ids[i]!, attempts: attempt, warnings: item.warnings });
      });
      return;
    }
    const error = result.error;
    keepBuffer(batch);
    if (error instanceof MissingIdsError) ctx.report.mismatch({ batch: batch.id, sent: error.sent, received: error.received });
    const decision = retryDecision(error, attempt, ctx.retry);
    if (!decision.retry) {
      if (refusesKey(error)) ctx.refused.error ??= error;
      if (!decision.split) return failBatch(batch, error, attempt, ambiguous || error.mayHaveBeenProcessed, ctx);
      if (size === 1) return failBatch(batch, new RejectedError(error as HttpError | GraphQLResponseError), attempt, ambiguous, ctx);
      // Connect refused the batch for its content: halve it until the bad signals stand alone.
      ctx.report.splits++;
      ctx.events.emit('split', { batch: batch.id, size, reason: error });
      for (const half of splitBatch(batch)) {
        try {
          await deliverBatch(half, ctx, ambiguous);
        } finally {
          releaseBatch(half);
        }
      }
      return;
    }
    ctx.report.retries++;
    if (decision.ambiguous) {
      ctx.report.ambiguousRetries++;
      ambiguous = true;
    }
    ctx.events.emit('retry', { batch: batch.id, size, attempt, delayMs: decision.delayMs, reason: error, ambiguous: decision.ambiguous });
    if (error instanceof HttpError && error.status === 429 && error.retryAfterMs !== undefined) ctx.limiter.hold(decision.delayMs);
    if (!(await sleep(decision.delayMs, ctx.signal))) return failBatch(batch, new AbortedError(false), attempt, ambiguous, ctx);
  }
}
