/**
 * Errors the emulator throws: only for the caller's own mistakes (bad options,
 * an unreadable contacts file). Bad signals and failed requests are answered,
 * never thrown.
 */

/** Stable codes of {@link EmulatorError}. */
export type EmulatorErrorCode = 'ERR_EMULATOR_OPTIONS' | 'ERR_CONTACT_SEED';

/** A mistake in the emulator's options or in the contacts given to seed it. */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `error` is an {@link EmulatorError}. */
export function isEmulatorError(error: unknown): error is EmulatorError {
  return error instanceof EmulatorError;
}
