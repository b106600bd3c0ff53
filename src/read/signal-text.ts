/**
 * The JSON text of a record's signal, when the record's `raw` is exactly that
 * signal: a bare signal line (or array element), not the file-import form
 * `{"signal": {...}}`. A sender can then put the text in its request body
 * instead of serializing the parsed signal again.
 *
 * The text is what the file says, so whatever JSON.parse made of it (the last
 * of duplicate keys wins, as in every mainstream JSON parser) is also what a
 * server makes of it.
 */
import type { SignalRecord } from './types.js';

/** Signals unwrapped from `{"signal": {...}}` (few): their record's `raw` is not their text. */
const unwrapped = new WeakSet<object>();

/** Notes that `signal` was unwrapped from the file-import form (called by the reader). */
export function markUnwrapped(signal: object): void {
  unwrapped.add(signal);
}

/**
 * `record.raw` when it is the JSON text of `record.signal` itself; undefined
 * for a signal unwrapped from `{"signal": {...}}`.
 *
 * @example
 * client.send(readSignals(file), { signalOf: (r) => r.signal, jsonOf: signalText })
 */
export function signalText(record: SignalRecord): string | undefined {
  const signal = record.signal;
  return signal !== null && typeof signal === 'object' && unwrapped.has(signal) ? undefined : record.raw;
}
