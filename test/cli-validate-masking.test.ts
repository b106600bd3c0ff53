/**
 * Masking of personal data in human-readable output (src/report/mask.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, maskText } from '../src/index.js';

describe('maskEmail / maskPhone', () => {
  it('keep just enough to recognise the value', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskPhone('+14035549090')).toBe('+1*******090');
    expect(maskPhone('555-1234')).toBe('5***234');
    expect(maskPhone('12')).toBe('***');
  });
});

describe('maskText', () => {
  it.each([
    ['identifiableAttributes.email must be an e-mail address (got "jane.doe@example")', 'jane.doe'],
    ['identifiableAttributes.sms must be E.164 (got "+1 403 554 9090")', '554 9090'],
    ['identifiableAttributes.sms must be E.164 (got "403-554-9090")', '554-9090'],
    ['identifiableAttributes.whatsapp must be E.164 (got "14035549090")', '4035549090'],
    ['signalContent.identifierValue is "+37455190000"', '55190000'],
  ])('masks %s', (text, secret) => {
    expect(maskText(text)).not.toContain(secret);
  });

  it('leaves dates, prices, ids and paths alone', () => {
    const text = 'signalContent.orderedItems[0].unitPrice 39.99 at 2025-11-01T08:29:30.001Z, order 02937-2025-XIA, SESS-789456123AB, line 1048576';
    expect(maskText(text)).toBe(text);
  });

  it('never leaves a generated address or E.164 number readable', () => {
    // Checked as the text quotes them: a masked address keeps its first character, so for
    // "*@a.aa" (fast-check found it) the bare address is a substring of the mask "****@a.aa".
    fc.assert(fc.property(fc.emailAddress(), fc.stringMatching(/^\+[1-9]\d{6,14}$/), (email, phone) => {
      const masked = maskText(`got "${email}" and (${phone})`);
      expect(masked).not.toContain(`"${email}"`);
      expect(masked).not.toContain(`(${phone})`);
    }));
  });

  it('masks an address whose local part is one character, even "*"', () => {
    expect(maskText('got "*@a.aa"')).toBe('got "****@a.aa"');
    expect(maskText('got "j@a.aa"')).toBe('got "j***@a.aa"');
  });
});
