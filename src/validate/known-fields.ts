/**
 * The fields the schema knows, per kind of object in a signal input: what a
 * misspelled key is compared with, and what is never taken for a misspelling.
 *
 * Finding an object's unknown keys runs for every valid signal (misspelling
 * warnings), so its common case, where every key is known, is made cheap: the
 * keys of one kind of object nearly always come in the same order in a file,
 * so the last all-known order is remembered and a key equal to the next one in
 * it is known without a Set lookup (property names are interned, so equal
 * names compare by reference). Any other key takes the Set lookup.
 */
import { IDENTIFIABLE_ATTRIBUTES, INPUT_FIELDS, SIGNAL_META } from '../../generated/signal-meta.js';
import type { Segment } from './path.js';

/** The known fields of one kind of object. */
export class KnownFields {
  readonly names: ReadonlySet<string>;
  /** The last order of keys met with every key known. */
  private order: readonly string[] = [];

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
  }

  /** The own keys of `object` that are not known fields, in order; undefined (nothing allocated) when there are none. */
  unknownKeys(object: object): string[] | undefined {
    const { names, order } = this;
    let unknown: string[] | undefined;
    let n = 0;
    let inOrder = true;
    for (const key in object) {
      // A key of the remembered order is known; so is the one after a key this object lacks.
      if (order[n] === key) {
        n++;
        continue;
      }
      if (order[n + 1] === key) {
        n += 2;
        continue;
      }
      inOrder = false;
      if (!names.has(key) && Object.hasOwn(object, key)) (unknown ??= []).push(key);
    }
    // A new order of known keys: remember it for the next objects (rare: once per order met).
    if (!inOrder && unknown === undefined) this.order = Object.keys(object);
    return unknown;
  }
}

/** Per signal type: its signalContent fields, and the item fields of each of its arrays of objects. */
export interface TypeFields {
  readonly content: KnownFields;
  readonly items: ReadonlyMap<string, KnownFields>;
  /** The names of its arrays of objects (the keys of `items`). */
  readonly itemArrays: readonly string[];
}

export const TYPE_FIELDS: ReadonlyMap<string, TypeFields> = new Map(
  Object.entries(SIGNAL_META).map(([type, meta]) => [
    type,
    {
      content: new KnownFields([...meta.required, ...meta.optional]),
      items: new Map(Object.entries(meta.itemArrays).map(([array, item]) => [array, new KnownFields(item.fields)])),
      itemArrays: Object.keys(meta.itemArrays),
    },
  ]),
);

const INPUT = new KnownFields([...INPUT_FIELDS.required, ...INPUT_FIELDS.optional]);
const ATTRIBUTES = new KnownFields(IDENTIFIABLE_ATTRIBUTES);

/**
 * The known fields of the object at `at` in a signal of type `signalType`:
 * the signal input itself, identifiableAttributes, signalContent or an item of
 * one of its arrays. Undefined anywhere else.
 */
export function knownFieldsAt(signalType: string, at: readonly Segment[]): KnownFields | undefined {
  if (at.length === 0) return INPUT;
  if (at.length === 1) return at[0] === 'identifiableAttributes' ? ATTRIBUTES : at[0] === 'signalContent' ? TYPE_FIELDS.get(signalType)?.content : undefined;
  if (at.length === 3 && at[0] === 'signalContent' && typeof at[1] === 'string' && typeof at[2] === 'number') {
    return TYPE_FIELDS.get(signalType)?.items.get(at[1]);
  }
  return undefined;
}
