/**
 * Turns ajv's errors into issues a person can act on: a dotted path, a stable
 * code, and a sentence naming the field, what was expected and what was found.
 *
 * An error is first given its shape: everything the message says that does
 * not depend on the value found. Invalid signals of a file repeat the same few
 * errors, so a shape is worked out once and reused (see judge.ts); rendering
 * adds the value (`… (got 2.5)`).
 */
import type { ErrorObject } from 'ajv';
import { IDENTIFIABLE_ATTRIBUTES, SIGNAL_TYPES } from '../../generated/signal-meta.js';
import { knownFieldsAt, type KnownFields } from './known-fields.js';
import { formatPath, pointerToSegments, valueAt, type Segment } from './path.js';
import { suggestField } from './suggest.js';
import type { IssueCode } from './types.js';

/**
 * What follows an issue's `head` in its message: nothing; the value found and
 * `)`; the length of the string found and `)`; or, for a missing field, a
 * sibling key it was probably misspelled as.
 */
export type Shown = 'none' | 'value' | 'length' | 'misspelling';

/** What one error says, but for the value found. */
export interface IssueShape {
  readonly segments: readonly Segment[];
  readonly path: string;
  readonly code: IssueCode;
  /** The message, or its beginning when {@link shown} adds to it. */
  readonly head: string;
  readonly shown: Shown;
  /** For `misspelling`: the missing field's object (its keys are the candidates)… */
  readonly parent?: readonly Segment[];
  /** …and its known fields (never candidates), if it is one the schema describes. */
  readonly known?: KnownFields | undefined;
  /** False when the message was made from this signal's data (its keys, its signalType): not to be reused. */
  readonly reusable: boolean;
}

const FORMATS: Readonly<Record<string, string>> = {
  email: 'an e-mail address such as jane.doe@example.com',
  e164: 'a phone number in E.164 form such as +14035549090',
  iso4217: 'an ISO 4217 currency code such as USD, EUR or GBP',
  'iso-date-time': 'an ISO 8601 date-time such as 2025-11-01T08:29:30.001Z',
  'connect-date-time': 'a date-time in the form yyyy-MM-dd HH:mm:ss.SSS such as 2025-11-01 08:29:30.001',
};

const MAX_SHOWN = 60;

/** `s` as a JSON string; without JSON.stringify when nothing in it needs escaping (the common, short case). */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, `"`, `\` and surrogates (a lone one is escaped): leave them to JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** A short description of a value for messages: `2.5`, `"abc"`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > MAX_SHOWN ? `${JSON.stringify(value.slice(0, MAX_SHOWN))}… (${value.length} characters)` : quote(value);
  }
  return String(value);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function subject(segments: readonly Segment[]): string {
  return segments.length === 0 ? 'the signal' : formatPath(segments);
}

function shape(segments: readonly Segment[], code: IssueCode, head: string, shown: Shown = 'none'): IssueShape {
  return { path: formatPath(segments), segments, code, head, shown, reusable: true };
}

function attributesShape(data: unknown): IssueShape {
  const attrs = valueAt(data, ['identifiableAttributes']);
  const keys = attrs !== null && typeof attrs === 'object' ? Object.keys(attrs) : [];
  const got = keys.length === 0 ? 'none' : `${keys.length}: ${keys.join(', ')}`;
  const head = `identifiableAttributes must have exactly one of ${IDENTIFIABLE_ATTRIBUTES.join(', ')} (got ${got})`;
  return { ...shape(['identifiableAttributes'], 'identifiable_attributes', head), reusable: false };
}

function discriminatorShape(at: readonly Segment[], p: Record<string, unknown>, data: unknown): IssueShape {
  const segments = [...at, 'signalType'];
  const tag = valueAt(data, segments);
  const path = formatPath(segments);
  const made = (code: IssueCode, head: string): IssueShape => ({ ...shape(segments, code, head), reusable: false });
  if (tag === undefined) return made('required', `${path} is required`);
  if (p.error === 'tag' && typeof tag !== 'string') return made('type', `${path} must be a string (got ${describeValue(tag)})`);
  const near = typeof tag === 'string' ? suggestField(SIGNAL_TYPES, tag) : undefined;
  const hint = near === undefined ? '' : `: did you mean ${near}?`;
  return made('unknown_signal_type', `${path} must be one of ${SIGNAL_TYPES.join(', ')} (got ${describeValue(tag)})${hint}`);
}

/**
 * The shape of one ajv error of a signal of type `signalType`; `data` is the
 * whole signal input (read only for the errors whose message names its keys).
 */
export function shapeOf(error: ErrorObject, data: unknown, signalType: string): IssueShape {
  const at = pointerToSegments(error.instancePath);
  const p = error.params as Record<string, unknown>;
  const inAttributes = at.length === 1 && at[0] === 'identifiableAttributes';
  switch (error.keyword) {
    case 'required': {
      const segments = [...at, String(p.missingProperty)];
      return { ...shape(segments, 'required', `${subject(segments)} is required`, 'misspelling'), parent: at, known: knownFieldsAt(signalType, at) };
    }
    case 'additionalProperties': {
      if (inAttributes) return attributesShape(data);
      const segments = [...at, String(p.additionalProperty)];
      return shape(segments, 'unknown_field', `${formatPath(segments)} is not a field of a signal input (Connect's schema would reject the whole batch)`);
    }
    case 'minProperties':
    case 'maxProperties':
      return attributesShape(data);
    case 'type': {
      const expected = String(p.type).split(',').filter((t) => t !== 'null').join(' or ');
      if (at.length === 0) return shape(at, 'not_an_object', 'the signal must be a JSON object (got ', 'value');
      return shape(at, expected === 'integer' ? 'integer' : 'type', `${subject(at)} must be ${article(expected)} (got `, 'value');
    }
    case 'enum':
      return shape(at, 'enum', `${subject(at)} must be one of ${(p.allowedValues as unknown[]).join(', ')} (got `, 'value');
    case 'const':
      return shape(at, 'enum', `${subject(at)} must be ${describeValue(p.allowedValue)} (got `, 'value');
    case 'format': {
      const expected = FORMATS[String(p.format)] ?? `in ${String(p.format)} format`;
      return shape(at, 'format', `${subject(at)} must be ${expected} (got `, 'value');
    }
    case 'maxLength':
      return shape(at, 'max_length', `${subject(at)} must be at most ${String(p.limit)} characters (got `, 'length');
    case 'minLength':
      return shape(at, 'min_length', `${subject(at)} must not be empty`);
    case 'discriminator':
      return discriminatorShape(at, p, data);
    default:
      return shape(at, 'invalid', `${subject(at)} ${error.message ?? 'is invalid'}`);
  }
}

/** ` (found "productID": a misspelling?)` when a key of the missing field's object looks like it. */
function misspellingHint(data: unknown, issue: IssueShape): string {
  const parent = valueAt(data, issue.parent!);
  if (parent === null || typeof parent !== 'object') return '';
  const known = issue.known;
  // A key the schema knows is meant as itself: only the others can be misspellings.
  const candidates = known === undefined ? Object.keys(parent) : known.unknownKeys(parent);
  const near = candidates === undefined || candidates.length === 0 ? undefined : suggestField(candidates, issue.segments[issue.parent!.length] as string);
  return near === undefined ? '' : ` (found ${JSON.stringify(near)}: a misspelling?)`;
}

/** The message of an issue of shape `issue` in the signal input `data`. */
export function render(issue: IssueShape, data: unknown): string {
  switch (issue.shown) {
    case 'none':
      return issue.head;
    case 'value':
      return `${issue.head}${describeValue(valueAt(data, issue.segments))})`;
    case 'length': {
      const value = valueAt(data, issue.segments);
      return `${issue.head}${typeof value === 'string' ? value.length : '?'})`;
    }
    case 'misspelling':
      return issue.head + misspellingHint(data, issue);
  }
}
