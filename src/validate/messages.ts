/**
 * Turns ajv's errors into issues a person can act on: a dotted path, a stable
 * code, and a sentence naming the field, what was expected and what was found.
 */
import type { ErrorObject } from 'ajv';
import { IDENTIFIABLE_ATTRIBUTES, SIGNAL_TYPES } from '../../generated/signal-meta.js';
import { formatPath, pointerToSegments, valueAt, type Segment } from './path.js';
import { suggestField } from './suggest.js';
import type { IssueCode, ValidationIssue } from './types.js';

/** An issue plus the segments it points at, for triage. */
export interface LocatedIssue extends ValidationIssue {
  readonly segments: readonly Segment[];
}

const FORMATS: Readonly<Record<string, string>> = {
  email: 'an e-mail address such as jane.doe@example.com',
  e164: 'a phone number in E.164 form such as +14035549090',
  iso4217: 'an ISO 4217 currency code such as USD, EUR or GBP',
  'iso-date-time': 'an ISO 8601 date-time such as 2025-11-01T08:29:30.001Z',
  'connect-date-time': 'a date-time in the form yyyy-MM-dd HH:mm:ss.SSS such as 2025-11-01 08:29:30.001',
};

const MAX_SHOWN = 60;

/** A short description of a value for messages: `2.5`, `"abc"`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > MAX_SHOWN ? `${JSON.stringify(value.slice(0, MAX_SHOWN))}… (${value.length} characters)` : JSON.stringify(value);
  }
  return String(value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function subject(segments: readonly Segment[]): string {
  return segments.length === 0 ? 'the signal' : formatPath(segments);
}

function issue(segments: readonly Segment[], code: IssueCode, message: string): LocatedIssue {
  return { path: formatPath(segments), segments, code, message };
}

function requiredIssue(data: unknown, parent: readonly Segment[], field: string): LocatedIssue {
  const segments = [...parent, field];
  const siblings = valueAt(data, parent);
  const near = siblings !== null && typeof siblings === 'object' ? suggestField(Object.keys(siblings), field) : undefined;
  const hint = near === undefined ? '' : ` (found ${JSON.stringify(near)}: a misspelling?)`;
  return issue(segments, 'required', `${subject(segments)} is required${hint}`);
}

function attributesIssue(data: unknown): LocatedIssue {
  const attrs = valueAt(data, ['identifiableAttributes']);
  const keys = attrs !== null && typeof attrs === 'object' ? Object.keys(attrs) : [];
  const got = keys.length === 0 ? 'none' : `${keys.length}: ${keys.join(', ')}`;
  return issue(['identifiableAttributes'], 'identifiable_attributes',
    `identifiableAttributes must have exactly one of ${IDENTIFIABLE_ATTRIBUTES.join(', ')} (got ${got})`);
}

/** One ajv error as a located issue, with `data` the whole signal input. */
export function toIssue(error: ErrorObject, data: unknown): LocatedIssue {
  const at = pointerToSegments(error.instancePath);
  const value = valueAt(data, at);
  const p = error.params as Record<string, unknown>;
  const inAttributes = at.length === 1 && at[0] === 'identifiableAttributes';
  switch (error.keyword) {
    case 'required':
      return requiredIssue(data, at, String(p.missingProperty));
    case 'additionalProperties':
      if (inAttributes) return attributesIssue(data);
      return issue([...at, String(p.additionalProperty)], 'unknown_field',
        `${formatPath([...at, String(p.additionalProperty)])} is not a field of a signal input (Connect's schema would reject the whole batch)`);
    case 'minProperties':
    case 'maxProperties':
      return attributesIssue(data);
    case 'type': {
      const expected = String(p.type).split(',').filter((t) => t !== 'null').join(' or ');
      const code: IssueCode = expected === 'integer' ? 'integer' : 'type';
      if (at.length === 0) return issue(at, 'not_an_object', `the signal must be a JSON object (got ${describeValue(value)})`);
      return issue(at, code, `${subject(at)} must be ${article(expected)} (got ${describeValue(value)})`);
    }
    case 'enum':
      return issue(at, 'enum', `${subject(at)} must be one of ${(p.allowedValues as unknown[]).join(', ')} (got ${describeValue(value)})`);
    case 'const':
      return issue(at, 'enum', `${subject(at)} must be ${describeValue(p.allowedValue)} (got ${describeValue(value)})`);
    case 'format': {
      const expected = FORMATS[String(p.format)] ?? `in ${String(p.format)} format`;
      return issue(at, 'format', `${subject(at)} must be ${expected} (got ${describeValue(value)})`);
    }
    case 'maxLength':
      return issue(at, 'max_length',
        `${subject(at)} must be at most ${String(p.limit)} characters (got ${typeof value === 'string' ? value.length : '?'})`);
    case 'minLength':
      return issue(at, 'min_length', `${subject(at)} must not be empty`);
    case 'discriminator':
      return discriminatorIssue(at, p, value);
    default:
      return issue(at, 'invalid', `${subject(at)} ${error.message ?? 'is invalid'}`);
  }
}

function discriminatorIssue(at: readonly Segment[], p: Record<string, unknown>, content: unknown): LocatedIssue {
  const segments = [...at, 'signalType'];
  const tag = valueAt(content, ['signalType']);
  if (tag === undefined) return issue(segments, 'required', `${formatPath(segments)} is required`);
  if (p.error === 'tag' && typeof tag !== 'string') {
    return issue(segments, 'type', `${formatPath(segments)} must be a string (got ${describeValue(tag)})`);
  }
  const near = typeof tag === 'string' ? suggestField(SIGNAL_TYPES, tag) : undefined;
  const hint = near === undefined ? '' : `: did you mean ${near}?`;
  return issue(segments, 'unknown_signal_type',
    `${formatPath(segments)} must be one of ${SIGNAL_TYPES.join(', ')} (got ${describeValue(tag)})${hint}`);
}
