/**
 * validateSignal: Connect's processing rules, applied before sending.
 *
 * The common case costs one compiled check: a signal that passes it is sent as
 * it is. Only a signal that fails goes through triage, where every error is
 * collected and judged: errors in required fields discard the signal, errors
 * in optional fields remove those fields (and become warnings).
 */
import { SIGNAL_META, type SignalType } from '../../generated/signal-meta.js';
import type { SignalInput } from '../../generated/graphql.js';
import { fastCheck, fullCheck } from './compiled.js';
import { toIssue, type LocatedIssue } from './messages.js';
import { formatPath, type Segment } from './path.js';
import { suggestField } from './suggest.js';
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

const knownFields = new Map<string, ReadonlySet<string>>(
  Object.entries(SIGNAL_META).map(([type, meta]) => [type, new Set([...meta.required, ...meta.optional])]),
);

const NONE: readonly ValidationIssue[] = Object.freeze([]);

/** Warnings for unknown signalContent fields that look like a misspelled known one (they are still sent). */
function misspellings(content: unknown, signalType: string): readonly ValidationIssue[] {
  const known = knownFields.get(signalType);
  if (known === undefined || !isObject(content)) return NONE;
  let out: ValidationIssue[] | undefined;
  // Hot path: one Set lookup per key; the rest runs only for an unknown key.
  for (const key in content) {
    if (known.has(key) || !Object.hasOwn(content, key)) continue;
    const near = suggestField(known, key);
    if (near === undefined || Object.hasOwn(content, near)) continue;
    const path = formatPath(['signalContent', key]);
    (out ??= []).push({
      path,
      code: 'unknown_field',
      message: `${path} is not a field of ${signalType} signals: did you mean ${near}? It is sent as it is`,
    });
  }
  return out ?? NONE;
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

/** The slow path, for a signal that failed the compiled check: judge every error. */
function triage(signal: unknown, options: ValidateOptions): ValidationResult {
  const signalType = signalTypeOf(signal);
  const tier = tierIssue(signalType, options);
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  let current = signal;
  for (let round = 0; round < MAX_TRIAGE_ROUNDS; round++) {
    fullCheck(current);
    const drops: Segment[][] = [];
    for (const error of fullCheck.errors ?? []) {
      const located = toIssue(error, current);
      const v = verdict(signalType, located.segments);
      if (v.fatal) {
        if (!errors.some((e) => e.path === located.path && e.code === located.code)) errors.push(strip(located));
      } else if (!drops.some((d) => formatPath(d) === formatPath(v.drop))) {
        drops.push([...v.drop]);
        warnings.push(dropWarning(located, v.drop));
      }
    }
    if (tier !== undefined) errors.push(tier);
    if (errors.length > 0) {
      if (isObject(current)) warnings.push(...misspellings(current.signalContent, signalType));
      return { valid: false, signalType, errors, warnings };
    }
    current = withoutPaths(current, drops);
    if (fastCheck(current)) {
      warnings.push(...misspellings((current as Record<string, unknown>).signalContent, signalType));
      return { valid: true, signal: current as SignalInput, signalType, warnings };
    }
  }
  return {
    valid: false,
    signalType,
    errors: [{ path: '', code: 'invalid', message: 'the signal could not be repaired by removing invalid optional fields' }],
    warnings,
  };
}
