/**
 * The public shapes of validation: what a caller passes and what comes back.
 */
import type { SignalInput } from '../../generated/graphql.js';

/** Connect subscription tier: decides which signal types can be imported. */
export type Tier = 'pro' | 'premium' | 'ultimate';

/**
 * Stable, machine-readable reason of one problem.
 * - `required`: a required field is missing.
 * - `type`: a value of the wrong JSON type (`integer` when a whole number was expected).
 * - `enum`, `format`, `max_length`, `min_length`: a value outside what the reference allows.
 * - `identifiable_attributes`: not exactly one of contactKey, email, sms, whatsapp.
 * - `unknown_signal_type`: `signalType` is none of the 11 types.
 * - `tier_not_allowed`: the tier cannot import this signal type.
 * - `not_an_object`: the signal (or `signalContent`) is not a JSON object.
 * - `unknown_field`: a field that is not part of the signal input (removed) or that looks misspelled (kept).
 * - `invalid`: any other schema violation.
 */
export type IssueCode =
  | 'required'
  | 'type'
  | 'integer'
  | 'enum'
  | 'format'
  | 'max_length'
  | 'min_length'
  | 'identifiable_attributes'
  | 'unknown_signal_type'
  | 'tier_not_allowed'
  | 'not_an_object'
  | 'unknown_field'
  | 'invalid';

/** One problem found in a signal. */
export interface ValidationIssue {
  /** Where in the signal, e.g. `signalContent.orderedItems[0].productId`; `` for the signal itself. */
  readonly path: string;
  /** Stable reason, for programs. */
  readonly code: IssueCode;
  /** Plain English naming the field and what was expected, e.g. `signalContent.itemQuantity must be an integer (got 2.5)`. */
  readonly message: string;
}

/** Options of {@link validateSignal}. */
export interface ValidateOptions {
  /**
   * Subscription tier. `pro` imports only addToCart, identification and order;
   * `premium` and `ultimate` import all 11 types.
   * @default undefined (every type allowed)
   */
  tier?: Tier | undefined;
  /**
   * Application key to fill in when a signal has none.
   * @default undefined
   */
  appKey?: string | undefined;
}

/** A signal Connect will accept: `signal` is what to send (invalid optional fields removed). */
export interface ValidSignal {
  readonly valid: true;
  readonly signal: SignalInput;
  /** The signal type, for per-type counts. */
  readonly signalType: string;
  /** Optional fields that were removed, and fields that look misspelled. */
  readonly warnings: readonly ValidationIssue[];
}

/** A signal Connect would discard, with every reason. */
export interface InvalidSignal {
  readonly valid: false;
  /** The signal type when one could be read, otherwise `unknown`. */
  readonly signalType: string;
  /** At least one error. */
  readonly errors: readonly ValidationIssue[];
  readonly warnings: readonly ValidationIssue[];
}

/** Outcome of validating one signal. */
export type ValidationResult = ValidSignal | InvalidSignal;
