/**
 * The shapes shared by the routes: an answer (status, body, extra headers)
 * and the validation of mapped signals into what the store writes.
 */
import { validateInput, type Extract } from '../client/engine.js';
import type { QueueDeadLetter } from '../queue/dead-letters.js';
import type { ValidationIssue } from '../validate/types.js';
import type { ResolvedGatewayOptions } from './options.js';

/** One HTTP answer. */
export interface Answer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A dead letter written by the gateway: the queue's letter, plus where the event came from. */
export interface GatewayDeadLetter extends QueueDeadLetter {
  /** The route's source: `stripe`, `shopify`, or a `--source` name. */
  readonly source: string;
  /** The event's id (Stripe's `id`, Shopify's webhook id, `webhook-id`). */
  readonly eventId: string;
}

/** A signal judged: its text to store, or its problems. */
export type Judged =
  | { readonly valid: true; readonly text: string; readonly signalType: string }
  | { readonly valid: false; readonly signalType: string; readonly errors: readonly ValidationIssue[]; readonly warnings: readonly ValidationIssue[] };

/** Validates one signal with `send`'s rules (tier, appKey filled in): the text to store, as the queue's producer makes it. */
export function judge<T>(options: ResolvedGatewayOptions, item: T, extract?: Extract<T>): Judged {
  const { result, json } = validateInput(options, item, extract);
  if (!result.valid) return { valid: false, signalType: result.signalType, errors: result.errors, warnings: result.warnings };
  const text = json === undefined ? JSON.stringify(result.signal) : typeof json === 'string' ? json : Buffer.from(json.buffer, json.byteOffset, json.length).toString();
  return { valid: true, text, signalType: result.signalType };
}

/** The dead letter of a mapped signal that failed validation: `send`'s invalid letter, with the event's source and id. */
export function gatewayDeadLetter(source: string, eventId: string, signal: unknown, errors: readonly ValidationIssue[]): GatewayDeadLetter {
  return {
    entry: `${source}:${eventId}`,
    status: 'invalid',
    code: 'invalid',
    reason: errors.map((e) => e.message).join('; '),
    errors,
    signal,
    at: new Date().toISOString(),
    source,
    eventId,
  };
}
