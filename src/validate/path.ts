/**
 * Paths into a signal: ajv's JSON Pointers become the dotted form users read
 * (`signalContent.orderedItems[0].productId`).
 */

/** One step into a signal: a property name or an array index. */
export type Segment = string | number;

/** Pointers already split: invalid signals of a file repeat the same few paths. */
const splitPointers = new Map<string, readonly Segment[]>();
const MAX_CACHED_POINTERS = 1024;

/** Splits an ajv `instancePath` (a JSON Pointer) into segments (a shared, frozen array). */
export function pointerToSegments(pointer: string): readonly Segment[] {
  let segments = splitPointers.get(pointer);
  if (segments === undefined) {
    segments = Object.freeze(split(pointer));
    // Paths with item indexes are open-ended: stop caching rather than grow without bound.
    if (splitPointers.size < MAX_CACHED_POINTERS) splitPointers.set(pointer, segments);
  }
  return segments;
}

function split(pointer: string): Segment[] {
  if (pointer === '') return [];
  const parts = pointer.slice(1).split('/');
  const out: Segment[] = new Array<Segment>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    let s = parts[i]!;
    if (s.includes('~')) s = s.replace(/~1/g, '/').replace(/~0/g, '~');
    out[i] = isIndex(s) ? Number(s) : s;
  }
  return out;
}

/** `0`, `1`, `42`… but not `01` or `-1`: what ajv writes for an array index. */
function isIndex(s: string): boolean {
  if (s.length === 0 || s.length > 15 || (s.length > 1 && s.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['signalContent', 'orderedItems', 0, 'productId']` → `signalContent.orderedItems[0].productId`. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** The value at `segments` inside `data`, or undefined. Reads own properties only. */
export function valueAt(data: unknown, segments: readonly Segment[]): unknown {
  let cur: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, s)) return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
