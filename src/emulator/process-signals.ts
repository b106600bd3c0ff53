/**
 * One `createSignals` mutation, processed in Connect's two stages:
 * 1. At the mutation, each signal is validated (validateSignal, tier included):
 *    an invalid one is discarded and gets no id; the others get a UUID, in order.
 * 2. After acceptance, contact mapping: an unknown contact key alone discards
 *    the accepted signal (it keeps its id); an unknown e-mail or phone number
 *    creates a contact.
 */
import { randomUUID } from 'node:crypto';
import { passedResult, validateSignal } from '../validate/validate-signal.js';
import type { SignalInput } from '../../generated/graphql.js';
import { SignalRecord } from './signal-record.js';
import type { EmulatorState } from './state.js';
import type { PassedChecks } from './fast-path.js';

const NO_ISSUES: readonly never[] = [];

/**
 * Processes the signals of one mutation and returns the ids of the accepted ones, in order.
 * `checked`, from the fast path, says which compiled check each signal already passed
 * (it is not checked again), and holds the request's bytes, in which the records keep
 * their signals (see {@link PassedChecks}).
 */
export function processSignals(state: EmulatorState, signals: readonly unknown[], checked?: PassedChecks): string[] {
  const { tier, now } = state.options;
  const options = { tier };
  const receivedAt = now();
  const ids: string[] = [];
  const stats = state.stats;
  const mutation = ++stats.mutations;
  for (let i = 0; i < signals.length; i++) {
    const input = signals[i];
    const result = checked === undefined ? validateSignal(input, options) : passedResult(input as SignalInput, checked.known[i]!, options);
    // A signal stored as it was received is kept as its place in the request's bytes.
    const from = checked !== undefined && (!result.valid || result.signal === input) ? { body: checked.body, index: i } : undefined;
    if (!result.valid) {
      const tierOnly = result.errors.every((e) => e.code === 'tier_not_allowed');
      const reason = result.errors.map((e) => e.message).join('; ');
      const test = (input as { test?: unknown } | null)?.test === true;
      state.records.push(
        new SignalRecord(null, tierOnly ? 'tier_not_allowed' : 'invalid', reason, result.errors, null, null, test, result.signalType, receivedAt, input, mutation, from),
      );
      stats.discardedAtMutation++;
      continue;
    }
    const signal: SignalInput = result.signal;
    const signalId = randomUUID();
    ids.push(signalId);
    stats.accepted++;
    const session = typeof signal.sessionId === 'string' ? state.registerSession(signal.sessionId, receivedAt) : null;
    const mapping = state.contacts.map(signal.identifiableAttributes as Readonly<Record<string, unknown>>);
    const issues = result.warnings.length === 0 ? NO_ISSUES : result.warnings;
    const record = new SignalRecord(signalId, null, null, issues, mapping.contact, session, signal.test === true, result.signalType, receivedAt, signal, mutation, from);
    if (signal !== input) record.received = input; // an invalid optional field was removed: keep what was sent, for the inspector
    if (mapping.contact === null) {
      record.discarded = 'unknown_contact_key';
      record.reason = mapping.reason;
      stats.discardedAtMapping++;
    } else {
      mapping.contact.signals.push(record);
      mapping.contact.signalCount++;
    }
    state.records.push(record);
  }
  state.forgetOldest();
  state.changed();
  return ids;
}
