/**
 * The matchers' failure messages: what was expected, then the closest signals
 * of that type each with a diff (jest ignores a result's actual/expected, and
 * vitest would print a diff twice, so the diff lives here only), or, when none
 * of that type arrived, the counts of the types that did.
 */
import type { StoredSignal } from '../emulator/inspection-types.js';
import type { Comparison, Difference, Equality, Expectation } from './compare.js';
import { subsetFor } from './compare.js';

/** The runner's printing helpers (`this.utils`). */
export interface PrintUtils {
  /** A value as the runner prints an expected one (green). */
  printExpected(value: unknown): string;
  /** A value as the runner prints a received one (red). */
  printReceived(value: unknown): string;
  /** The runner's diff of two values, or nothing when it has none to show. */
  diff(expected: unknown, received: unknown, options?: Record<string, unknown>): string | null | undefined;
}

/** Which matcher failed. */
export interface MessageContext {
  readonly hint: string;
  readonly status: 'accepted' | 'discarded';
  readonly type: string;
  readonly expected: Expectation;
  readonly timeout: number;
  readonly utils: PrintUtils;
  readonly eq: Equality;
}

function describeSignal(s: StoredSignal): string {
  const parts = [`signalId ${s.signalId ?? '(none)'}`, `contact ${s.contactId ?? '(none)'}`, `mutation ${s.mutation}`];
  if (s.reasonCode !== null) parts.push(`discarded: ${s.reasonCode}`);
  return parts.join(', ');
}

function describeDifference(d: Difference, utils: PrintUtils): string {
  return d.missing
    ? `${d.path}: expected ${utils.printExpected(d.expected)}, missing`
    : `${d.path}: expected ${utils.printExpected(d.expected)}, received ${utils.printReceived(d.received)}`;
}

function indent(text: string, by = '   '): string {
  return text.split('\n').map((line) => (line === '' ? line : by + line)).join('\n');
}

function closestSection(ctx: MessageContext, closest: readonly Comparison[], total: number): string {
  const heading = `The closest of the ${total} ${ctx.status} "${ctx.type}" signal${total === 1 ? '' : 's'} (up to 3, closest first):`;
  const entries = closest.map((c, i) => {
    const differs = c.differences.map((d) => describeDifference(d, ctx.utils)).join('; ');
    const diff = ctx.utils.diff(ctx.expected, subsetFor(c.actual, ctx.expected, ctx.eq), { expand: false }) ?? '';
    return `${i + 1}. ${describeSignal(c.signal)}\n   differs at ${differs}\n\n${indent(diff)}`;
  });
  return [heading, ...entries].join('\n\n');
}

function countsLine(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([t, n]) => `${t} ${n}`).join(', ');
}

/** Signals per type. */
export function countByType(signals: readonly StoredSignal[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of signals) counts[s.signalType] = (counts[s.signalType] ?? 0) + 1;
  return counts;
}

/** The message when no signal matched within the timeout. */
export function notFoundMessage(
  ctx: MessageContext,
  closest: readonly Comparison[],
  ofType: number,
  otherStatus: { accepted: readonly StoredSignal[]; discardedOfType: readonly StoredSignal[] },
): string {
  const lines = [
    ctx.hint,
    '',
    `Expected: ${ctx.status === 'accepted' ? 'an accepted' : 'a discarded'} "${ctx.type}" signal within ${ctx.timeout} ms, matching`,
    indent(ctx.utils.printExpected(ctx.expected), '  '),
    '',
  ];
  if (ofType > 0) {
    lines.push(closestSection(ctx, closest, ofType));
  } else {
    lines.push(`No "${ctx.type}" signal was ${ctx.status}.`);
    lines.push(`Accepted signals by type: ${countsLine(countByType(otherStatus.accepted))}.`);
    if (ctx.status === 'accepted' && otherStatus.discardedOfType.length > 0) {
      const first = otherStatus.discardedOfType[0]!;
      lines.push(`${otherStatus.discardedOfType.length} "${ctx.type}" signal(s) were discarded; the first: ${first.reasonCode} (${first.reason ?? ''}).`);
    }
  }
  return lines.join('\n');
}

/** The message of `.not` when a signal matched. */
export function foundMessage(ctx: MessageContext, match: StoredSignal, actual: Expectation): string {
  return [
    ctx.hint,
    '',
    `Expected: no ${ctx.status} "${ctx.type}" signal matching`,
    indent(ctx.utils.printExpected(ctx.expected), '  '),
    '',
    `Received one: ${describeSignal(match)}`,
    indent(ctx.utils.printReceived(actual), '  '),
  ].join('\n');
}

/** The message of `toHaveReceivedSignals`. */
export function countMessage(hint: string, isNot: boolean, count: number, type: string | undefined, accepted: readonly StoredSignal[], timeout: number, utils: PrintUtils): string {
  const what = type === undefined ? 'signals' : `"${type}" signals`;
  const matching = type === undefined ? accepted.length : accepted.filter((s) => s.signalType === type).length;
  const expected = isNot ? `not exactly ${count} accepted ${what}` : `exactly ${count} accepted ${what} within ${timeout} ms`;
  return [
    hint,
    '',
    `Expected: ${expected}`,
    `Received: ${utils.printReceived(matching)}`,
    '',
    `Accepted signals by type: ${countsLine(countByType(accepted))}.`,
  ].join('\n');
}
