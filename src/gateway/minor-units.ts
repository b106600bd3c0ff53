/**
 * Stripe's amounts are integers in the currency's minor unit; signals carry
 * major units. The exponent is Stripe's: 0 for its zero-decimal currencies,
 * 3 for the three-decimal ones, 2 for every other.
 */

/** Stripe's zero-decimal currencies (amounts are already whole units). */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Stripe's three-decimal currencies (amounts in thousandths). */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Digits after the decimal point of `currency` (ISO 4217 code, any case) in Stripe's amounts. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  return ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
}

/** A Stripe amount in minor units as major units (`1999` USD → `19.99`, `5000` JPY → `5000`, `12345` KWD → `12.345`); undefined stays undefined. */
export function fromMinorUnits(amount: unknown, currency: string): number | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
  const exponent = currencyExponent(currency);
  // Rounded to the exponent's digits: 1999 / 100 is 19.99, but some quotients carry a binary tail.
  return Number((amount / 10 ** exponent).toFixed(exponent));
}
