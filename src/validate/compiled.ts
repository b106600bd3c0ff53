/**
 * Typed handles on the validators that `npm run codegen` compiled from the
 * JSON Schemas (generated/validators.ts): nothing is compiled at run time.
 */
import type { ErrorObject } from 'ajv';
import { validateSignalInputAllErrors, validateSignalInputFast } from '../../generated/validators.js';

/** A compiled ajv validator: returns whether `data` is valid and leaves the errors on itself. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Stops at the first error: one call decides the common, valid case. */
export const fastCheck = validateSignalInputFast as CompiledValidator;

/** Collects every error, for the triage of signals that fail {@link fastCheck}. */
export const fullCheck = validateSignalInputAllErrors as CompiledValidator;
