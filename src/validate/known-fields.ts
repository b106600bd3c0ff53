/**
 * The fields the schema knows, per kind of object in a signal input: what a
 * misspelled key is compared with, and what is never taken for a misspelling.
 *
 * Finding an object's unknown keys runs for every valid signal (misspelling
 * warnings), so its common case is made cheap: the keys of one kind of object
 * nearly always come in the same order in a file, so the last order met is
 * remembered with its unknown keys, and an object whose keys come in that
 * order costs a reference comparison per key (property names are interned)
 * and no allocation. Any other key takes a Set lookup.
 */
import { IDENTIFIABLE_ATTRIBUTES, INPUT_FIELDS, SIGNAL_META } from '../../generated/signal-meta.js';
import type { Segment } from './path.js';
import { suggestField } from './suggest.js';

/** Suggestions remembered per kind of object (unknown keys of a file are few, and repeat). */
const MAX_SUGGESTIONS = 512;

/** The known fields of one kind of object. */
export class KnownFields {
  readonly names: ReadonlySet<string>;
  /** The last order of keys met, whether each is known, and its unknown keys (shared: never changed). */
  private order: readonly string[] = [];
  private knownAt: readonly boolean[] = [];
  private orderUnknown: readonly string[] | undefined;
  private readonly suggestions = new Map<string, string | null>();

  constructor(names: Iterable<string>) {
    this.names = new Set(names);
  }

  /**
   * The own keys of `object` that are not known fields, in order; undefined
   * when there are none. An object whose keys come in the last order met gets
   * that order's list, which the caller must not change.
   */
  unknownKeys(object: object): readonly string[] | undefined {
    const { names, order, knownAt } = this;
    let unknown: string[] | undefined;
    let n = 0;
    let exact = true;
    let looked = false;
    for (const key in object) {
      if (exact) {
        if (order[n] === key) {
          n++;
          continue;
        }
        // Leaving the remembered order: the unknown keys met so far, from it.
        exact = false;
        unknown = this.unknownOfFirst(n);
      }
      // A key of the remembered order is what it was there; so is the one after a key this object lacks.
      const at = order[n] === key ? n : order[n + 1] === key ? n + 1 : -1;
      if (at >= 0) {
        if (!knownAt[at] && Object.hasOwn(object, key)) (unknown ??= []).push(key);
        n = at + 1;
      } else {
        looked = true;
        if (!names.has(key) && Object.hasOwn(object, key)) (unknown ??= []).push(key);
      }
    }
    if (exact) {
      if (n === order.length) return this.orderUnknown;
      unknown = this.unknownOfFirst(n); // a beginning of the order
    }
    // Only keys the remembered order lacks make it the new one (once per order met in a file): an
    // object that lacks some of its keys (items with fewer optional fields) leaves it as it is.
    if (!looked) return unknown;
    this.order = Object.keys(object);
    this.knownAt = this.order.map((key) => names.has(key));
    this.orderUnknown = unknown;
    return unknown;
  }

  /** The unknown keys among the first `n` of the remembered order (a new array), or undefined. */
  private unknownOfFirst(n: number): string[] | undefined {
    let unknown: string[] | undefined;
    for (let i = 0; i < n; i++) if (!this.knownAt[i]) (unknown ??= []).push(this.order[i]!);
    return unknown;
  }

  /** The known field `key` is probably a misspelling of, if any (see suggest.ts); remembered. */
  suggestion(key: string): string | undefined {
    let near = this.suggestions.get(key);
    if (near === undefined) {
      near = suggestField(this.names, key) ?? null;
      if (this.suggestions.size < MAX_SUGGESTIONS) this.suggestions.set(key, near);
    }
    return near ?? undefined;
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
