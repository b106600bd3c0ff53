/**
 * The string formats the JSON Schema names beyond ajv-formats' own.
 * The compiled validators (generated/validators.js) import this module, so a
 * format is defined once for codegen and run time alike.
 */
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

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by `length` ASCII digits at `at`, or -1. */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Offset at `at` (`Z`, `+hh`, `+hhmm`, `+hh:mm`, or nothing) reaches the end of `s`. */
function isOffset(s: string, at: number): boolean {
  if (at === s.length) return true;
  const c = s.charCodeAt(at);
  if (c === 90 /* Z */ || c === 122 /* z */) return at + 1 === s.length;
  if (c !== 43 /* + */ && c !== 45 /* - */) return false;
  const hours = digits(s, at + 1, 2);
  if (hours < 0 || hours > 23) return false;
  const rest = s.length - (at + 3);
  if (rest === 0) return true;
  const minutesAt = s.charCodeAt(at + 3) === 58 /* : */ ? at + 4 : at + 3;
  const minutes = digits(s, minutesAt, 2);
  return minutesAt + 2 === s.length && minutes >= 0 && minutes <= 59;
}

/**
 * ISO 8601 date and time, `yyyy-MM-ddTHH:mm:ss[.fraction][offset]` (the offset
 * may be omitted), with a real calendar date. Written with character codes
 * because it runs for nearly every signal: ajv-formats' version and a
 * capturing regular expression each cost more than the rest of the schema.
 */
export function isoDateTime(s: string): boolean {
  if (s.length < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const t = s.charCodeAt(10);
  if (t !== 84 /* T */ && t !== 116 /* t */ && t !== 32) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  let at = 19;
  if (s.charCodeAt(at) === 46 /* . */) {
    at++;
    const start = at;
    while (at < s.length && s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57) at++;
    if (at === start) return false;
  }
  return isOffset(s, at);
}

/** Formats by the names the JSON Schema uses. */
export const formats = {
  iso4217,
  e164,
  'connect-date-time': connectDateTime,
  'iso-date-time': isoDateTime,
} as const;
