/**
 * The matcher functions, for any runner's `expect.extend` (vitest and jest
 * share the matcher `this` API: `isNot`, `equals`, `utils`). Each reads a
 * receiver (see receiver.ts); positive forms poll until the signal arrives or
 * the timeout passes, `.not` forms judge once, after the receiver has answered
 * every request it had already received.
 */
import type { StoredSignal } from '../emulator/inspection-types.js';
import { compareSignals, type Equality, type Expectation } from './compare.js';
import { TestkitError } from './errors.js';
import type { CountMatchOptions, DiscardMatchOptions, SignalMatchOptions, WaitOptions } from './matcher-types.js';
import { countMessage, foundMessage, notFoundMessage, type MessageContext, type PrintUtils } from './messages.js';
import { isSignalReceiver, poll, settle, type SignalReceiver } from './receiver.js';

/** The matchers' defaults, in one place. */
export const MATCHER_DEFAULTS = {
  timeout: 1000,
  interval: 20,
} as const;

/** The part of a runner's matcher context the matchers use. */
export interface MatcherContext {
  readonly isNot?: boolean;
  /** The runner's deep equality (with `subsetEquality` among `testers`: a partial match, asymmetric matchers honoured). */
  equals(a: unknown, b: unknown, testers?: readonly unknown[]): boolean;
  readonly utils: PrintUtils & {
    /** The runner's first line of a failure message (`expect(receiver).toHave…(…)`). */
    matcherHint(name: string, received?: string, expected?: string, options?: Record<string, unknown>): string;
    subsetEquality?: unknown;
  };
}

/** A matcher's result, as both runners read it. */
export interface MatcherResult {
  pass: boolean;
  /** The failure message (or, when `.not` fails, the message for a pass), built only when the runner asks. */
  message(): string;
}

function resolveWait(options: WaitOptions | undefined): Required<WaitOptions> {
  const timeout = options?.timeout ?? MATCHER_DEFAULTS.timeout;
  const interval = options?.interval ?? MATCHER_DEFAULTS.interval;
  if (!(timeout >= 0) || !(interval > 0)) throw new TestkitError('ERR_MATCHER_ARGS', `timeout must be ≥ 0 and interval > 0 (got ${timeout}, ${interval})`);
  return { timeout, interval };
}

function receiverOf(received: unknown, name: string): SignalReceiver {
  if (isSignalReceiver(received)) return received;
  throw new TestkitError('ERR_MATCHER_ARGS', `${name}: expect(…) must be given a receiver (from startEmulator, connectTo or createConnectMock), got ${typeof received === 'object' ? String(received) : typeof received}`);
}

function equalityOf(ctx: MatcherContext): Equality {
  if (ctx.utils.subsetEquality === undefined) throw new TestkitError('ERR_MATCHER_ARGS', 'this runner\'s matcher context has no utils.subsetEquality: use vitest ≥ 3 or jest ≥ 29');
  return { equals: (a, b, testers) => ctx.equals(a, b, testers), subsetEquality: ctx.utils.subsetEquality };
}

function expectationOf(content: unknown, options: DiscardMatchOptions | undefined, discarded: boolean): Expectation {
  const expected: Expectation = {};
  if (content !== undefined) {
    if (content === null || typeof content !== 'object') throw new TestkitError('ERR_MATCHER_ARGS', `content must be an object (got ${JSON.stringify(content)})`);
    expected.signalContent = content;
  }
  if (options?.contact !== undefined) expected.identifiableAttributes = options.contact;
  if (options?.sessionId !== undefined) expected.sessionId = options.sessionId;
  if (options?.test !== undefined) expected.test = options.test;
  if (discarded && options?.reason !== undefined) expected.reasonCode = options.reason;
  return expected;
}

async function signalMatcher(
  ctx: MatcherContext,
  name: string,
  status: 'accepted' | 'discarded',
  received: unknown,
  type: unknown,
  content: unknown,
  options: DiscardMatchOptions | undefined,
): Promise<MatcherResult> {
  const receiver = receiverOf(received, name);
  if (typeof type !== 'string' || type === '') throw new TestkitError('ERR_MATCHER_ARGS', `${name}: the signal type must be a string such as 'order' (got ${JSON.stringify(type)})`);
  const { timeout, interval } = resolveWait(options);
  const expected = expectationOf(content, options, status === 'discarded');
  const eq = equalityOf(ctx);
  const look = async () => {
    const signals = await receiver.signals({ status, type });
    const compared = compareSignals(signals, expected, eq);
    return { done: compared.match !== undefined, result: { ...compared, ofType: signals.length } };
  };
  let result;
  if (ctx.isNot === true) {
    await settle(receiver, timeout, interval);
    result = (await look()).result;
  } else {
    result = await poll(timeout, interval, look);
  }
  const isNot = ctx.isNot === true;
  const hint = ctx.utils.matcherHint(name, 'receiver', 'type, content, options', { isNot });
  const msg: MessageContext = { hint, status, type, expected, timeout, utils: ctx.utils, eq };
  const match = result.match;
  if (match !== undefined) return { pass: true, message: () => foundMessage(msg, match, expected) };
  // Only on failure: what else arrived, for the message.
  const accepted = await receiver.signals({ status: 'accepted' });
  const discardedOfType = result.ofType === 0 && status === 'accepted' ? await receiver.signals({ status: 'discarded', type }) : [];
  const text = notFoundMessage(msg, result.closest, result.ofType, { accepted, discardedOfType });
  return { pass: false, message: () => text };
}

async function countMatcher(ctx: MatcherContext, received: unknown, count: unknown, options: CountMatchOptions | undefined): Promise<MatcherResult> {
  const name = 'toHaveReceivedSignals';
  const receiver = receiverOf(received, name);
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new TestkitError('ERR_MATCHER_ARGS', `${name}: count must be a whole number ≥ 0 (got ${JSON.stringify(count)})`);
  const { timeout, interval } = resolveWait(options);
  const type = options?.type;
  const isNot = ctx.isNot === true;
  const matching = (signals: readonly StoredSignal[]) => (type === undefined ? signals.length : signals.filter((s) => s.signalType === type).length);
  let accepted: readonly StoredSignal[];
  if (isNot) {
    await settle(receiver, timeout, interval);
    accepted = await receiver.signals({ status: 'accepted' });
  } else {
    // Done when the count is reached (then judged again once requests in flight are answered) or passed (it cannot come back down).
    accepted = await poll(timeout, interval, async () => {
      let signals = await receiver.signals({ status: 'accepted' });
      if (matching(signals) === count) {
        await settle(receiver, timeout, interval);
        signals = await receiver.signals({ status: 'accepted' });
      }
      return { done: matching(signals) >= count, result: signals };
    });
  }
  const pass = matching(accepted) === count;
  const hint = ctx.utils.matcherHint(name, 'receiver', 'count, options', { isNot });
  const text = countMessage(hint, isNot, count, type, accepted, timeout, ctx.utils);
  return { pass, message: () => text };
}

/**
 * The matchers, for `expect.extend(connectMatchers)`. Importing
 * `connect-signals/vitest` or `connect-signals/jest` does that for you, with types.
 */
export const connectMatchers = {
  /** Passes once the receiver accepted a signal of `type` whose content contains `content` (see docs/testing.md). */
  toHaveReceivedSignal(this: MatcherContext, received: unknown, type: unknown, content?: unknown, options?: SignalMatchOptions): Promise<MatcherResult> {
    return signalMatcher(this, 'toHaveReceivedSignal', 'accepted', received, type, content, options);
  },
  /** Passes once the receiver discarded a signal of `type` whose content contains `content` (`options.reason`: the discard code). */
  toHaveDiscardedSignal(this: MatcherContext, received: unknown, type: unknown, content?: unknown, options?: DiscardMatchOptions): Promise<MatcherResult> {
    return signalMatcher(this, 'toHaveDiscardedSignal', 'discarded', received, type, content, options);
  },
  /** Passes when exactly `count` signals (of `options.type`) were accepted, waiting up to `options.timeout`. */
  toHaveReceivedSignals(this: MatcherContext, received: unknown, count: unknown, options?: CountMatchOptions): Promise<MatcherResult> {
    return countMatcher(this, received, count, options);
  },
};
