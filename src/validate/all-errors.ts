/**
 * Every schema error of a signal, in time linear in its size.
 *
 * Ajv's all-errors code concatenates the error list each time a referenced
 * schema (an ordered item, say) fails, which is quadratic in the number of
 * failing items: a 1 MiB line of 10,000 bad items took seconds, 100,000 took
 * minutes. Long arrays of objects in signalContent (the schema's item arrays)
 * are therefore checked in slices, and the errors' paths put back at the
 * items' real indexes.
 */
import type { ErrorObject } from 'ajv';
import { fullCheck } from './compiled.js';
import { TYPE_FIELDS } from './known-fields.js';

/** Items checked at a time; short arrays (every real signal's) go through one check. */
const SLICE = 256;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function check(data: unknown): ErrorObject[] {
  fullCheck(data);
  return fullCheck.errors ?? [];
}

/** JSON Pointer escaping of one segment (`~` → `~0`, `/` → `~1`). */
function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** All of ajv's errors for `signal`, as one full check would give them (in another order). */
export function allErrors(signal: unknown): ErrorObject[] {
  const content = isObject(signal) ? signal.signalContent : undefined;
  if (!isObject(signal) || !isObject(content)) return check(signal);
  let long: [string, unknown[]][] | undefined;
  // Only the arrays of objects the schema describes: other arrays' errors are collected in linear time.
  const arrays = typeof content.signalType === 'string' ? TYPE_FIELDS.get(content.signalType)?.itemArrays : undefined;
  for (let i = 0; arrays !== undefined && i < arrays.length; i++) {
    const key = arrays[i]!;
    const value = content[key];
    if (Array.isArray(value) && value.length > SLICE && Object.hasOwn(content, key)) (long ??= []).push([key, value]);
  }
  if (long === undefined) return check(signal);

  // The signal with the long arrays emptied: every error outside them.
  const base: Record<string, unknown> = { ...content };
  for (const [key] of long) Object.defineProperty(base, key, { value: [], writable: true, enumerable: true, configurable: true });
  const errors = [...check({ ...signal, signalContent: base })];
  for (const [key, items] of long) {
    const prefix = `/signalContent/${escapeSegment(key)}/`;
    for (let start = 0; start < items.length; start += SLICE) {
      const sliced: Record<string, unknown> = { ...base };
      // Not items.slice(): it would call the array's own `constructor` key, if it has one (a caller's value can).
      const slice = Array.from({ length: Math.min(SLICE, items.length - start) }, (_, i) => items[start + i]);
      Object.defineProperty(sliced, key, { value: slice, writable: true, enumerable: true, configurable: true });
      for (const error of check({ ...signal, signalContent: sliced })) {
        if (!error.instancePath.startsWith(prefix)) continue; // already found by the base check
        const rest = error.instancePath.slice(prefix.length);
        const slash = rest.indexOf('/');
        const index = Number(slash === -1 ? rest : rest.slice(0, slash)) + start;
        errors.push({ ...error, instancePath: `${prefix}${index}${slash === -1 ? '' : rest.slice(slash)}` });
      }
    }
  }
  return errors;
}
