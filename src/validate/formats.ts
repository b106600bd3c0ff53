/**
 * The string formats the JSON Schema names beyond ajv-formats' own.
 * The compiled validators (generated/validators.ts) import this module, so a
 * format is defined once for codegen and run time alike.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** ISO 4217 codes as the runtime knows them (`Intl.supportedValuesOf('currency')`). */
const currencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 currency code, upper case, as listed by the runtime. */
export function iso4217(value: string): boolean {
  return currencies.has(value);
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** E.164 phone number: `+`, country code, at most 15 digits, no spaces. */
export function e164(value: string): boolean {
  return E164.test(value);
}

const CONNECT_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

/** `yyyy-MM-dd HH:mm:ss.SSS`, the format of productView's `dateAdded`, with a real calendar date. */
export function connectDateTime(value: string): boolean {
  const m = CONNECT_DATE_TIME.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const isoDateTimeFormat = fullFormats['iso-date-time'];

/** ISO 8601 date and time (`2025-11-01T08:29:30.001Z`; the offset may be omitted), with a real calendar date. */
export function isoDateTime(value: string): boolean {
  return typeof isoDateTimeFormat === 'object' && 'validate' in isoDateTimeFormat
    ? (isoDateTimeFormat.validate as (s: string) => boolean)(value)
    : false;
}

/** Formats by the names the JSON Schema uses. */
export const formats = {
  iso4217,
  e164,
  'connect-date-time': connectDateTime,
  'iso-date-time': isoDateTime,
} as const;
