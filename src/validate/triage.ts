/**
 * Connect's processing rule, applied to one located issue: a problem in a
 * required field (an item's required field included) discards the signal; a
 * problem in an optional field removes that field and the signal goes on.
 */
import { INPUT_FIELDS, SIGNAL_META, type SignalType } from '../../generated/signal-meta.js';
import type { Segment } from './path.js';

/** What to do about one issue: discard the signal, or remove the value at `drop`. */
export type Verdict = { readonly fatal: true } | { readonly fatal: false; readonly drop: readonly Segment[] };

const FATAL: Verdict = { fatal: true };
const required: ReadonlySet<string> = new Set(INPUT_FIELDS.required);

function contentVerdict(signalType: string, rest: readonly Segment[]): Verdict {
  const meta = Object.hasOwn(SIGNAL_META, signalType) ? SIGNAL_META[signalType as SignalType] : undefined;
  const [field, index, itemField] = rest;
  if (meta === undefined || typeof field !== 'string' || meta.required.includes(field)) return FATAL;
  const items = meta.itemArrays[field];
  if (items !== undefined && index !== undefined) {
    // "If you add optional arrays such as orderedItems, they must contain all required fields."
    if (typeof itemField !== 'string' || items.required.includes(itemField)) return FATAL;
    return { fatal: false, drop: ['signalContent', field, index, itemField] };
  }
  return { fatal: false, drop: ['signalContent', field] };
}

/** The verdict on an issue at `segments` of a signal of type `signalType`. */
export function verdict(signalType: string, segments: readonly Segment[]): Verdict {
  const [top, ...rest] = segments;
  if (typeof top !== 'string') return FATAL;
  if (top === 'signalContent') return contentVerdict(signalType, rest);
  if (required.has(top)) return FATAL;
  // `test` is optional, but dropping a bad one would import a signal meant as a test as a real one
  // (campaigns, feeds, insights): a `test` that is not a boolean discards the signal instead.
  if (top === 'test') return FATAL;
  // An optional or unknown field of the signal input (sessionId, a stray key).
  return { fatal: false, drop: [top] };
}

/**
 * A copy of `signal` without the values at `drops`. Only the objects on a
 * dropped path are copied, each once however many drops pass through it; the
 * caller's signal is never changed.
 */
export function withoutPaths<T>(signal: T, drops: readonly (readonly Segment[])[]): T {
  const root = { ...(signal as object) } as Record<string | number, unknown>;
  const copies = new Set<object>([root]);
  next: for (const path of drops) {
    let parent: Record<string | number, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      if (!Object.hasOwn(parent, key)) continue next;
      let child = parent[key];
      if (child === null || typeof child !== 'object') continue next;
      if (!copies.has(child)) {
        // Not slice(): it would call the array's own `constructor` key, if it has one (a caller's value can).
        child = Array.isArray(child) ? Array.from({ length: child.length }, (_, i) => (child as unknown[])[i]) : { ...child };
        copies.add(child as object);
        // defineProperty, not assignment: a key such as __proto__ stays a plain data property.
        Object.defineProperty(parent, key, { value: child, writable: true, enumerable: true, configurable: true });
      }
      parent = child as Record<string | number, unknown>;
    }
    delete parent[path[path.length - 1]!];
  }
  return root as T;
}
