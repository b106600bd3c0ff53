/**
 * Small readers the built-in mappings share: fields of untyped JSON, read
 * without throwing, and the contact rule.
 */
import type { IdentifiableAttributesInput } from '../../generated/graphql.js';

/** A JSON object's fields, or an empty object for anything else. */
export type Json = Readonly<Record<string, unknown>>;

/** `value` as an object (an empty one when it is not an object). */
export function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** `value` when it is a non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A decimal string or number as a number ("49.00" → 49); undefined when it is neither. */
export function decimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The contact of a signal: a contact key, else an e-mail, else a phone (as `sms`); undefined when none is known. */
export function contactOf(contactKey: string | undefined, email: string | undefined, phone: string | undefined): IdentifiableAttributesInput | undefined {
  if (contactKey !== undefined) return { contactKey };
  if (email !== undefined) return { email };
  if (phone !== undefined) return { sms: phone };
  return undefined;
}

/** `fields` without its undefined values (so optional signal fields are left out rather than null). */
export function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** An ISO 8601 UTC timestamp of a date text ("2026-01-05T10:00:00-05:00" → "2026-01-05T15:00:00.000Z"); undefined when unreadable. */
export function isoUtc(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
