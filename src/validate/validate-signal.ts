/**
 * validateSignal: Connect's processing rules, applied before sending.
 *
 * The common case costs one compiled check: a signal that passes it is sent as
 * it is. That check (knownCheck) also rejects fields the schema does not name,
 * so a valid signal with no unknown field needs no scan for misspelled keys;
 * one with unknown fields takes a second check (fastCheck) and the scan. Only a signal that fails goes through triage, where every error is
 * collected and judged: errors in required fields discard the signal, errors
 * in optional fields remove those fields (and become warnings).
 */
import { SIGNAL_META } from '../../generated/signal-meta.js';
import type { SignalInput } from '../../generated/graphql.js';
import { allErrors } from './all-errors.js';
import { fastCheck, knownCheck } from './compiled.js';
import { IssueList } from './issue-list.js';
import { judge } from './judge.js';
import { render } from './messages.js';
import { misspellings, NONE } from './misspellings.js';
import type { Segment } from './path.js';
import { TIER_SIGNAL_TYPES, tierAllows } from './tiers.js';
import { withoutPaths } from './triage.js';
import type { ValidateOptions, ValidationIssue, ValidationResult } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function signalTypeOf(signal: unknown): string {
  const content = isObject(signal) ? signal.signalContent : undefined;
  const type = isObject(content) ? content.signalType : undefined;
  return typeof type === 'string' && Object.hasOwn(SIGNAL_META, type) ? type : 'unknown';
}

function tierIssue(signalType: string, options: ValidateOptions): ValidationIssue | undefined {
  if (signalType === 'unknown' || tierAllows(options.tier, signalType)) return undefined;
  const tier = options.tier!;
  return {
    path: 'signalContent.signalType',
    code: 'tier_not_allowed',
    message: `signalContent.signalType ${JSON.stringify(signalType)} cannot be imported on the ${tier} tier (${tier} imports ${TIER_SIGNAL_TYPES[tier].join(', ')})`,
  };
}

const MAX_TRIAGE_ROUNDS = 3;

/**
 * Validates one signal input (the `createSignals` `signals` element) with the
 * rules Connect applies. Never throws: any value gives a result.
 */
export function validateSignal(input: unknown, options: ValidateOptions = {}): ValidationResult {
  let signal = input;
  if (options.appKey !== undefined && isObject(signal) && signal.appKey === undefined) {
    signal = { ...signal, appKey: options.appKey };
  }
  const known = knownCheck(signal);
  if (known || fastCheck(signal)) return passedResult(signal as SignalInput, known, options);
  return triage(signal, options);
}

/**
 * The result for a signal that passed the compiled check: {@link knownCheck}
 * when `known`, else {@link fastCheck} (then its unknown keys are scanned for
 * misspellings). What is left to judge is the tier. For a caller that has
 * already run the check (the emulator's fast path checks every signal of a
 * bulk request before answering it), so that no signal is checked twice;
 * `options.appKey` must already be applied.
 */
export function passedResult(signal: SignalInput, known: boolean, options: ValidateOptions): ValidationResult {
  // Valid: the schema guarantees signalContent.signalType is one of the 11 types.
  const content = signal.signalContent;
  const signalType: string = content.signalType;
  const warnings = known ? NONE : misspellings(content, signalType);
  const tier = options.tier === undefined ? undefined : tierIssue(signalType, options);
  if (tier !== undefined) return { valid: false, signalType, errors: [tier], warnings };
  return { valid: true, signal, signalType, warnings };
}

/** The slow path, for a signal that failed the compiled check: judge every error. */
function triage(signal: unknown, options: ValidateOptions): ValidationResult {
  const signalType = signalTypeOf(signal);
  const tier = tierIssue(signalType, options);
  const errors = new IssueList();
  const warnings = new IssueList();
  let current = signal;
  for (let round = 0; round < MAX_TRIAGE_ROUNDS; round++) {
    const drops: (readonly Segment[])[] = [];
    let dropped: Set<string> | undefined;
    for (const error of allErrors(current)) {
      const { issue, drop, dropPath, removed } = judge(error, current, signalType);
      if (drop === undefined) {
        if (!errors.has(issue.code, issue.path)) errors.add(issue.path, issue.code, render(issue, current));
        continue;
      }
      if ((dropped ??= new Set()).has(dropPath)) continue;
      dropped.add(dropPath);
      drops.push(drop);
      if (!warnings.has(issue.code, issue.path)) warnings.add(issue.path, issue.code, render(issue, current) + removed);
    }
    if (tier !== undefined) errors.addAll([tier]);
    if (errors.items.length > 0) {
      if (isObject(current)) warnings.addAll(misspellings(current.signalContent, signalType));
      return { valid: false, signalType, errors: errors.done('errors'), warnings: warnings.done('warnings') };
    }
    current = withoutPaths(current, drops);
    if (fastCheck(current)) {
      warnings.addAll(misspellings((current as Record<string, unknown>).signalContent, signalType));
      return { valid: true, signal: current as SignalInput, signalType, warnings: warnings.done('warnings') };
    }
  }
  return {
    valid: false,
    signalType,
    errors: [{ path: '', code: 'invalid', message: 'the signal could not be repaired by removing invalid optional fields' }],
    warnings: warnings.done('warnings'),
  };
}
