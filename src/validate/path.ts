/**
 * Paths into a signal: ajv's JSON Pointers become the dotted form users read
 * (`signalContent.orderedItems[0].productId`).
 */

/** One step into a signal: a property name or an array index. */
export type Segment = string | number;

/** Splits an ajv `instancePath` (a JSON Pointer) into segments. */
export function pointerToSegments(pointer: string): Segment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const s = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(s) ? Number(s) : s;
    });
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
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, s)) return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}
