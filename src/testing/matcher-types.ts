/**
 * The matchers' public types: options, the typed content a matcher accepts for
 * each signal type (from the generated union), and the matcher methods that
 * the runner entries (vitest.ts, types/jest.d.ts) add to `expect(…)`.
 */
import type { SignalContent } from '../../generated/signal-content.js';
import type { SignalType } from '../../generated/signal-meta.js';
import type { DiscardReason } from '../emulator/inspection-types.js';

/** An asymmetric matcher such as `expect.any(Number)` or `expect.stringContaining('x')`, in any runner. */
export interface AsymmetricMatcherLike {
  /** True when `other` matches. */
  asymmetricMatch(other: unknown): boolean;
}

/** A deep partial of `T` whose every value may also be an asymmetric matcher. */
export type PartialMatch<T> = T extends readonly (infer E)[]
  ? ReadonlyArray<PartialMatch<E> | AsymmetricMatcherLike>
  : T extends object
    ? { [K in keyof T]?: PartialMatch<T[K]> | AsymmetricMatcherLike }
    : T;

/** The `signalContent` of signal type `T` (e.g. OrderSignal for `'order'`). */
export type ContentOf<T extends SignalType> = Extract<SignalContent, { signalType: T }>;

/** What `content` may be for signal type `T`: a deep partial of its content, with asymmetric matchers allowed. */
export type ContentMatch<T extends SignalType> = PartialMatch<ContentOf<T>>;

/** A partial of `identifiableAttributes`. */
export interface ContactMatch {
  contactKey?: string | AsymmetricMatcherLike;
  email?: string | AsymmetricMatcherLike;
  sms?: string | AsymmetricMatcherLike;
  whatsapp?: string | AsymmetricMatcherLike;
}

/** How long a matcher waits. */
export interface WaitOptions {
  /**
   * Milliseconds to wait for the signal(s) to arrive (not used by `.not`, which judges at once).
   * @default 1000
   */
  timeout?: number;
  /**
   * Milliseconds between two looks at the receiver while waiting.
   * @default 20
   */
  interval?: number;
}

/** Options of `toHaveReceivedSignal`. */
export interface SignalMatchOptions extends WaitOptions {
  /**
   * A partial of the signal's `identifiableAttributes`.
   * @example { contactKey: 'AAUN-132417508' }
   */
  contact?: ContactMatch;
  /**
   * The `sessionId` your code sent (the emulator's registered form, `ABC.1751479037630`, matches too).
   * @default undefined (any)
   */
  sessionId?: string | AsymmetricMatcherLike;
  /**
   * Whether it is a test signal (`test: true`).
   * @default undefined (either)
   */
  test?: boolean;
}

/** Options of `toHaveDiscardedSignal`. */
export interface DiscardMatchOptions extends SignalMatchOptions {
  /**
   * The discard code, as the inspection API gives it (`reasonCode`).
   * @default undefined (any)
   */
  reason?: DiscardReason;
}

/** Options of `toHaveReceivedSignals`. */
export interface CountMatchOptions extends WaitOptions {
  /**
   * Count only signals of this type.
   * @default undefined (every type)
   */
  type?: SignalType;
}

/**
 * The matchers, as `expect(receiver)` has them once `connect-signals/vitest` or
 * `connect-signals/jest` is imported. All are asynchronous: `await` them.
 */
export interface ConnectSignalMatchers {
  /**
   * Passes once the receiver has accepted a signal of `type` whose `signalContent` contains `content`
   * (and matches `options.contact`, `sessionId`, `test`), waiting up to `options.timeout`.
   * @example await expect(emulator).toHaveReceivedSignal('order', { orderId: 'A-1' }, { contact: { email: 'jane@example.com' } });
   */
  toHaveReceivedSignal<T extends SignalType>(type: T, content?: ContentMatch<T>, options?: SignalMatchOptions): Promise<void>;
  /**
   * Passes once the receiver has discarded a signal of `type` matching `content` (and `options.reason`, …).
   * @example await expect(emulator).toHaveDiscardedSignal('order', { orderId: 'A-1' }, { reason: 'unknown_contact_key' });
   */
  toHaveDiscardedSignal<T extends SignalType>(type: T, content?: ContentMatch<T>, options?: DiscardMatchOptions): Promise<void>;
  /**
   * Passes when exactly `count` signals (of `options.type`) have been accepted, waiting up to `options.timeout`.
   * @example await expect(mock).toHaveReceivedSignals(2, { type: 'pageView' });
   */
  toHaveReceivedSignals(count: number, options?: CountMatchOptions): Promise<void>;
}
