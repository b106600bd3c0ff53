/**
 * Warnings for unknown signalContent (and item) fields that look like a
 * misspelled known one: `prodcutId` near `productId`. They are still sent.
 *
 * This runs for every valid signal, so its common case, where every key is
 * known, is made cheap: the keys of one type's objects nearly always come in
 * the same order in a file, so the last all-known order is remembered and a
 * key equal to the next one in it is known without a Set lookup (interned
 * property names compare by reference). Any other key takes the Set lookup.
 */
import { SIGNAL_META } from '../../generated/signal-meta.js';
import { formatPath } from './path.js';
import { suggestField } from './suggest.js';
import type { ValidationIssue } from './types.js';

/** Issues listed per signal; the rest are counted in one last issue (a line of 1 MiB can hold 100,000 bad items). */
export const MAX_LISTED = 100;

const NONE: readonly ValidationIssue[] = Object.freeze([]);

/** The known fields of one kind of object, and the last order of keys seen with all of them known. */
interface Fields {
  readonly known: ReadonlySet<string>;
  order: string[];
}

const fields = (names: readonly string[]): Fields => ({ known: new Set(names), order: [] });

/** Per signal type: its content fields, and its arrays of objects with their items' fields. */
const byType = new Map<string, { readonly content: Fields; readonly arrays: readonly { readonly array: string; readonly items: Fields }[] }>(
  Object.entries(SIGNAL_META).map(([type, meta]) => [
    type,
    {
      content: fields([...meta.required, ...meta.optional]),
      arrays: Object.entries(meta.itemArrays).map(([array, item]) => ({ array, items: fields(item.fields) })),
    },
  ]),
);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Warnings for each key of `object` that is unknown but close to a known one,
 * appended to `out` (allocated on the first). `object` is signalContent, or
 * item `index` of its array `array`. No allocation unless a key is unknown.
 */
function warnMisspelled(object: Record<string, unknown>, f: Fields, signalType: string, array: string | undefined, index: number, out: ValidationIssue[] | undefined): ValidationIssue[] | undefined {
  const { known, order } = f;
  let n = 0;
  let inOrder = true;
  let allKnown = true;
  for (const key in object) {
    if (inOrder && order[n] === key) {
      n++;
      continue;
    }
    inOrder = false;
    n++;
    if (known.has(key) || !Object.hasOwn(object, key)) continue;
    allKnown = false;
    const near = suggestField(known, key);
    if (near === undefined) continue;
    const path = formatPath(array === undefined ? ['signalContent', key] : ['signalContent', array, index, key]);
    const what = array === undefined ? `${signalType} signals` : `${array} items`;
    const also = Object.hasOwn(object, near) ? ` (${near} is also present)` : '';
    (out ??= []).push({ path, code: 'unknown_field', message: `${path} is not a field of ${what}: did you mean ${near}?${also} It is sent as it is` });
  }
  // A new order of known keys: remember it for the next objects (rare: once per order met).
  if (!inOrder && allKnown) f.order = Object.keys(object);
  return out;
}

/** Warnings for fields of `content` (and of its items) that look misspelled, at most {@link MAX_LISTED} listed. */
export function misspellings(content: unknown, signalType: string): readonly ValidationIssue[] {
  const type = byType.get(signalType);
  if (type === undefined || !isObject(content)) return NONE;
  let out = warnMisspelled(content, type.content, signalType, undefined, 0, undefined);
  const arrays = type.arrays;
  for (let a = 0; a < arrays.length; a++) {
    const { array, items: f } = arrays[a]!;
    const items = content[array];
    if (!Array.isArray(items) || !Object.hasOwn(content, array)) continue;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (isObject(item)) out = warnMisspelled(item, f, signalType, array, i, out);
    }
  }
  if (out === undefined) return NONE;
  if (out.length <= MAX_LISTED) return out;
  const more = out.length - MAX_LISTED;
  return [...out.slice(0, MAX_LISTED), { path: '', code: 'unknown_field', message: `${more} more fields that look misspelled not listed` }];
}
