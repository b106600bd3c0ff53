/**
 * Typed handles on the validators that `npm run codegen` compiled from the
 * JSON Schemas (generated/validators.js): nothing is compiled at run time.
 */
import type { ErrorObject } from 'ajv';
import { validateSignalInputAllErrors, validateSignalInputFast, validateSignalInputKnown } from '../../generated/validators.js';

/** A compiled ajv validator: returns whether `data` is valid and leaves the errors on itself. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Stops at the first error: one call decides the common, valid case. */
export const fastCheck = validateSignalInputFast as CompiledValidator;

/**
 * {@link fastCheck} that also fails on a field the schema does not name in
 * signalContent or in an item of its item arrays: a signal that passes it is
 * valid and has nothing that could be a misspelling, so it needs no scan of
 * its keys (the scan cost validateSignal ~35% on top of the check).
 */
export const knownCheck = validateSignalInputKnown as CompiledValidator;

/** Collects every error, for the triage of signals that fail {@link fastCheck}. */
export const fullCheck = validateSignalInputAllErrors as CompiledValidator;
