/**
 * When to try a request again: a chain of early exits, in the style of ky.
 * Anything not named here as retryable is given up at once: an unknown error
 * is never retried.
 */
import { AbortedError, GraphQLResponseError, HttpError, NetworkError, TimeoutError, type DeliveryError } from './errors.js';
import type { RetryOptions } from './options.js';

/** The verdict on a failed attempt. */
export type RetryDecision =
  | { readonly retry: false; readonly split: boolean }
  | { readonly retry: true; readonly delayMs: number; readonly ambiguous: boolean };

const GIVE_UP = { retry: false, split: false } as const;
const SPLIT = { retry: false, split: true } as const;

/** 408, 429 and every 5xx except 501 (not implemented) and 505 (HTTP version). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/** 4xx answers that reject the batch's content: the batch is split to find the bad signals. */
export function isContentRejection(error: DeliveryError): boolean {
  if (error instanceof HttpError) return error.status === 400 || error.status === 413 || error.status === 422;
  return error instanceof GraphQLResponseError && error.rejectsContent;
}

/** Exponential backoff with jitter (×0.5–1), capped. `attempt` is the attempt that failed, from 1. */
export function backoffDelay(attempt: number, retry: Readonly<Required<RetryOptions>>, random: () => number = Math.random): number {
  const exponential = retry.backoffMs * 2 ** (attempt - 1);
  return Math.min(retry.maxDelayMs, Math.round(exponential * (0.5 + random() / 2)));
}

/** `Retry-After` (seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Decides what to do after attempt number `attempt` (from 1) failed with `error`.
 * The order of the checks is the policy.
 */
export function retryDecision(error: DeliveryError, attempt: number, retry: Readonly<Required<RetryOptions>>, random?: () => number): RetryDecision {
  // Stopped by the caller or by close(): nothing more is sent.
  if (error instanceof AbortedError) return GIVE_UP;
  // Connect refused the content: sending it again cannot help, splitting can.
  if (isContentRejection(error)) return SPLIT;
  // Limit reached.
  if (attempt >= retry.attempts) return GIVE_UP;
  if (error instanceof HttpError) {
    // Any other 4xx (auth, not found, ...) and 501/505: the same request would get the same answer.
    if (!isRetryableStatus(error.status)) return GIVE_UP;
    // The server said when: honour it, capped.
    if (error.retryAfterMs !== undefined) {
      return { retry: true, delayMs: Math.min(error.retryAfterMs, retry.maxRetryAfterMs), ambiguous: error.mayHaveBeenProcessed };
    }
    return { retry: true, delayMs: backoffDelay(attempt, retry, random), ambiguous: error.mayHaveBeenProcessed };
  }
  // No answer in time, or the connection failed: retry; ambiguous if the request may have reached Connect.
  if (error instanceof TimeoutError || error instanceof NetworkError) {
    return { retry: true, delayMs: backoffDelay(attempt, retry, random), ambiguous: error.mayHaveBeenProcessed };
  }
  // GraphQL errors, wrong number of ids, unreadable answers: unknown, never retried.
  return GIVE_UP;
}
