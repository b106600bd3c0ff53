/**
 * Warnings for unknown signalContent (and item) fields that look like a
 * misspelled known one: `prodcutId` near `productId`. They are still sent.
 * This runs for every valid signal: its common case, keys in the order met
 * before, costs about a reference comparison per key (see known-fields.ts).
 */
import { TYPE_FIELDS, type KnownFields } from './known-fields.js';
import { formatPath } from './path.js';
import type { ValidationIssue } from './types.js';

/** Issues listed per signal; the rest are counted in one last issue (a line of 1 MiB can hold 100,000 bad items). */
export const MAX_LISTED = 100;

/** No warnings (shared, frozen). */
export const NONE: readonly ValidationIssue[] = Object.freeze([]);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Warnings for each key of `object` that is unknown but close to a known one,
 * appended to `out` (allocated on the first). `object` is signalContent, or
 * item `index` of its array `array`. No allocation unless a key is unknown.
 */
function warnMisspelled(object: Record<string, unknown>, fields: KnownFields, signalType: string, array: string | undefined, index: number, out: ValidationIssue[] | undefined): ValidationIssue[] | undefined {
  const unknown = fields.unknownKeys(object);
  if (unknown === undefined) return out;
  for (const key of unknown) {
    const near = fields.suggestion(key);
    if (near === undefined) continue;
    const path = formatPath(array === undefined ? ['signalContent', key] : ['signalContent', array, index, key]);
    const what = array === undefined ? `${signalType} signals` : `${array} items`;
    const also = Object.hasOwn(object, near) ? ` (${near} is also present)` : '';
    (out ??= []).push({ path, code: 'unknown_field', message: `${path} is not a field of ${what}: did you mean ${near}?${also} It is sent as it is` });
  }
  return out;
}

/** Warnings for fields of `content` (and of its items) that look misspelled, at most {@link MAX_LISTED} listed. */
export function misspellings(content: unknown, signalType: string): readonly ValidationIssue[] {
  const type = TYPE_FIELDS.get(signalType);
  if (type === undefined || !isObject(content)) return NONE;
  let out = warnMisspelled(content, type.content, signalType, undefined, 0, undefined);
  const arrays = type.itemArrays;
  for (let a = 0; a < arrays.length; a++) {
    const array = arrays[a]!;
    const items = content[array];
    if (!Array.isArray(items) || !Object.hasOwn(content, array)) continue;
    const fields = type.items.get(array)!;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (isObject(item)) out = warnMisspelled(item, fields, signalType, array, i, out);
    }
  }
  if (out === undefined) return NONE;
  if (out.length <= MAX_LISTED) return out;
  const more = out.length - MAX_LISTED;
  return [...out.slice(0, MAX_LISTED), { path: '', code: 'unknown_field', message: `${more} more fields that look misspelled not listed` }];
}
