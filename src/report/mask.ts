/**
 * Masking of personal data (e-mail addresses, phone numbers) in text meant for
 * people: terminal output and logs. Machine output (--json) is left as it is.
 */

/** `jane.doe@example.com` → `j***@example.com`. A value without `@` is masked whole. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+14035549090` → `+1*******090`: the country code's first digit and the last three digits stay. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '***';
  const plus = phone.trimStart().startsWith('+') ? '+' : '';
  return `${plus}${digits[0]}${'*'.repeat(digits.length - 4)}${digits.slice(-3)}`;
}

// Anything shaped like local@domain, however malformed: an invalid address is still personal data.
const EMAIL = /[^\s"<>()[\],;:@\\]+@[^\s"<>()[\],;:@\\]+/g;
// `+` and at least 6 digits (separators allowed), a run of 10 to 15 digits standing alone,
// or a local number such as 555-1234 or (403) 554-9090.
const PHONE = /\+\d[\d ().-]{4,}\d|(?<![\w.-])\d{10,15}(?![\w.-])|(?<![\w.-])(?:\(?\d{3}\)?[ .-]?)?\d{3}[ .-]\d{4}(?![\w.-])/g;

/** `text` with every e-mail address and phone number in it masked. */
export function maskText(text: string): string {
  return text.replace(EMAIL, maskEmail).replace(PHONE, maskPhone);
}
