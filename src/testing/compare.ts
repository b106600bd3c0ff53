/**
 * Comparing a stored signal with what a matcher expects: the partial match
 * itself (the runner's own `equals` with subset equality, so asymmetric
 * matchers work), the fields that differ, and the part of the signal to show
 * in a diff. Ranks signals by how close they come.
 */
import type { StoredSignal } from '../emulator/inspection-types.js';

/** The runner's deep equality (`this.equals`) with its subset tester. */
export interface Equality {
  equals(a: unknown, b: unknown, testers?: readonly unknown[]): boolean;
  subsetEquality: unknown;
}

/** The parts of a signal a matcher compares, by name (only the ones asked for). */
export type Expectation = Partial<Record<'signalContent' | 'identifiableAttributes' | 'sessionId' | 'test' | 'reasonCode', unknown>>;

/** One field that differs. */
export interface Difference {
  /** Dotted path, e.g. `signalContent.orderValue` or `signalContent.orderedItems[0].unitPrice`. */
  readonly path: string;
  readonly expected: unknown;
  /** `undefined` when the signal lacks the field. */
  readonly received: unknown;
  readonly missing: boolean;
}

/** A signal compared with the expectation. */
export interface Comparison {
  readonly signal: StoredSignal;
  /** What the signal has of the expected fields. */
  readonly actual: Expectation;
  readonly differences: readonly Difference[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isAsymmetric(value: unknown): boolean {
  return typeof (value as { asymmetricMatch?: unknown } | null)?.asymmetricMatch === 'function';
}

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** The parts of `signal` that `expected` names. */
export function actualOf(signal: StoredSignal, expected: Expectation): Expectation {
  const sent = (isPlainObject(signal.signal) ? signal.signal : {}) as Record<string, unknown>;
  const actual: Expectation = {};
  for (const key of Object.keys(expected) as Array<keyof Expectation>) {
    if (key === 'test') actual.test = signal.test;
    else if (key === 'reasonCode') actual.reasonCode = signal.reasonCode;
    else if (key === 'sessionId') {
      // The session as sent; the registered form (`ABC.1751479037630`) stands for it too.
      const want = expected.sessionId;
      actual.sessionId = typeof want === 'string' && signal.sessionId === want ? want : sent.sessionId;
    } else actual[key] = sent[key];
  }
  return actual;
}

/** The fields of `actual` that do not match `expected`, deepest first where both are objects. */
export function differencesOf(actual: unknown, expected: unknown, eq: Equality, path = ''): Difference[] {
  if (eq.equals(actual, expected, [eq.subsetEquality])) return [];
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
  if (isPlainObject(expected) && isPlainObject(actual)) {
    return Object.keys(expected).flatMap((key) =>
      hasOwn(actual, key)
        ? differencesOf(actual[key], expected[key], eq, at(key))
        : [{ path: at(key), expected: expected[key], received: undefined, missing: true }]);
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((item, i) => differencesOf(actual[i], item, eq, at(i)));
  }
  return [{ path: path === '' ? '(value)' : path, expected, received: actual, missing: actual === undefined }];
}

/**
 * The part of `actual` to diff against `expected`: only the keys `expected`
 * names, and where a value matches (an asymmetric matcher included), the
 * expected value itself, so the diff shows only what differs.
 */
export function subsetFor(actual: unknown, expected: unknown, eq: Equality): unknown {
  if (isAsymmetric(expected)) return eq.equals(actual, expected) ? expected : actual;
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(expected)) if (hasOwn(actual, key)) out[key] = subsetFor(actual[key], expected[key], eq);
    return out;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return actual.map((item, i) => subsetFor(item, expected[i], eq));
  }
  return eq.equals(actual, expected, [eq.subsetEquality]) ? expected : actual;
}

/** Compares each signal; returns the first exact match, or the closest (fewest differences; newest first among equals). */
export function compareSignals(
  signals: readonly StoredSignal[],
  expected: Expectation,
  eq: Equality,
  closest = 3,
): { match: StoredSignal | undefined; closest: Comparison[] } {
  const compared: Comparison[] = [];
  for (const signal of signals) {
    const actual = actualOf(signal, expected);
    if (eq.equals(actual, expected, [eq.subsetEquality])) return { match: signal, closest: [] };
    compared.push({ signal, actual, differences: differencesOf(actual, expected, eq) });
  }
  const order = compared.map((c, i) => ({ c, i }));
  order.sort((a, b) => a.c.differences.length - b.c.differences.length || b.i - a.i);
  return { match: undefined, closest: order.slice(0, closest).map((o) => o.c) };
}
