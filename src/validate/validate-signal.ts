/**
 * validateSignal: Connect's processing rules, applied before sending.
 *
 * The common case costs one compiled check: a signal that passes it is sent as
 * it is. Only a signal that fails goes through triage, where every error is
 * collected and judged: errors in required fields discard the signal, errors
 * in optional fields remove those fields (and become warnings).
 */
import { SIGNAL_META } from '../../generated/signal-meta.js';
import type { SignalInput } from '../../generated/graphql.js';
import { allErrors } from './all-errors.js';
import { fastCheck } from './compiled.js';
import { toIssue, type LocatedIssue } from './messages.js';
import { MAX_LISTED, misspellings } from './misspellings.js';
import { formatPath, type Segment } from './path.js';
import { TIER_SIGNAL_TYPES, tierAllows } from './tiers.js';
import { verdict, withoutPaths } from './triage.js';
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

function strip(issue: LocatedIssue): ValidationIssue {
  return { path: issue.path, code: issue.code, message: issue.message };
}

function dropWarning(issue: LocatedIssue, drop: readonly Segment[]): ValidationIssue {
  const removed = formatPath(drop);
  const tail = issue.code === 'unknown_field' ? '; it was removed' : `; ${removed} was removed and the signal is sent without it`;
  return { path: issue.path, code: issue.code, message: issue.message + tail };
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
  if (fastCheck(signal)) {
    // Valid: the schema guarantees signalContent.signalType is one of the 11 types.
    const content = (signal as SignalInput).signalContent;
    const signalType: string = content.signalType;
    const warnings = misspellings(content, signalType);
    const tier = options.tier === undefined ? undefined : tierIssue(signalType, options);
    if (tier !== undefined) return { valid: false, signalType, errors: [tier], warnings };
    return { valid: true, signal: signal as SignalInput, signalType, warnings };
  }
  return triage(signal, options);
}

/** Issues without duplicates, at most {@link MAX_LISTED} of them listed. */
class IssueList {
  readonly items: ValidationIssue[] = [];
  private readonly seen = new Set<string>();
  private omitted = 0;

  add(issue: ValidationIssue): void {
    const key = `${issue.code} ${issue.path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.items.length < MAX_LISTED) this.items.push(issue);
    else this.omitted++;
  }

  addAll(issues: readonly ValidationIssue[]): void {
    for (const issue of issues) this.add(issue);
  }

  /** The list, ending with a count of what was not listed. */
  done(what: string): ValidationIssue[] {
    if (this.omitted > 0) this.items.push({ path: '', code: 'invalid', message: `${this.omitted} more ${what} not listed` });
    return this.items;
  }
}

/** The slow path, for a signal that failed the compiled check: judge every error. */
function triage(signal: unknown, options: ValidateOptions): ValidationResult {
  const signalType = signalTypeOf(signal);
  const tier = tierIssue(signalType, options);
  const errors = new IssueList();
  const warnings = new IssueList();
  let current = signal;
  for (let round = 0; round < MAX_TRIAGE_ROUNDS; round++) {
    const drops: Segment[][] = [];
    const dropped = new Set<string>();
    for (const error of allErrors(current)) {
      const located = toIssue(error, current);
      const v = verdict(signalType, located.segments);
      if (v.fatal) errors.add(strip(located));
      else {
        const key = formatPath(v.drop);
        if (dropped.has(key)) continue;
        dropped.add(key);
        drops.push([...v.drop]);
        warnings.add(dropWarning(located, v.drop));
      }
    }
    if (tier !== undefined) errors.add(tier);
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
