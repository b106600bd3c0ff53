/**
 * How values are shown: local times with the UTC value on hover, the rule that
 * decided a signal's fate, masked personal data (as the CLI masks it). Every
 * function returns text; the components render it as text, never as HTML.
 */
import { maskEmail, maskPhone, maskText } from '../../report/mask.js';
import type { Signal } from './wire.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** `04:21:07.123` today, `2026-11-29 04:21:07.123` another day, in the browser's time zone. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  const date = localDate(d);
  return date === localDate(new Date()) ? time : `${date} ${time}`;
}

/** The hover text of a time: its UTC value. */
export const utcTitle = (iso: string): string => `${iso.replace('T', ' ').replace('Z', '')} UTC`;

/** The processing rule that applied to a signal, in words (README: "What happens to a signal"). */
export function ruleApplied(s: Signal): string {
  switch (s.reasonCode) {
    case 'invalid':
      return 'Missing or invalid required field: the whole signal is discarded at the mutation (no id).';
    case 'tier_not_allowed':
      return 'Tier: the subscription tier cannot import this signal type, so it is discarded at the mutation (no id).';
    case 'unknown_contact_key':
      return 'Unknown contact key: accepted with an id, then discarded at contact mapping (a contact key alone cannot create a contact).';
    case null:
      break;
  }
  // The validator's warnings say "… was removed" for a dropped field and nothing of the kind for one kept (a likely misspelling).
  const dropped = s.issues.filter((i) => i.message.includes('removed'));
  const parts = [dropped.length > 0
    ? `Dropped optional field${dropped.length === 1 ? '' : 's'}: accepted and processed without ${dropped.map((i) => i.path).join(', ')}.`
    : s.issues.length > 0 ? 'Valid: accepted as sent, with warnings.' : 'Valid: accepted.'];
  if (s.test) parts.push('Test signal: kept out of activity feeds.');
  if (s.signalType === 'identification') parts.push('Identification signals are not shown in activity feeds.');
  return parts.join(' ');
}

const EMAIL_ATTRIBUTES = new Set(['email']);
const PHONE_ATTRIBUTES = new Set(['sms', 'whatsapp']);

/** An attribute's value as shown: e-mail and phone attributes masked, and any address or number inside other text. */
export function attributeText(name: string, value: unknown, reveal: boolean): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  if (reveal) return text;
  if (EMAIL_ATTRIBUTES.has(name)) return maskEmail(text);
  if (PHONE_ATTRIBUTES.has(name)) return maskPhone(text);
  return maskText(text);
}

/** `1,234`. */
export const count = (n: number): string => n.toLocaleString('en-US');
