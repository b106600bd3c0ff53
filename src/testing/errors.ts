/** The test kit's errors: each a class with a stable `code`. */

/** Codes of {@link TestkitError}. */
export type TestkitErrorCode =
  /** A matcher was given something that is not a receiver, or a bad argument. */
  | 'ERR_MATCHER_ARGS'
  /** `connectTo` was given a bad URL or no key. */
  | 'ERR_CONNECT_TO_OPTIONS'
  /** The emulator behind `connectTo` answered an error (wrong key, not an emulator) or could not be reached. */
  | 'ERR_CONNECT_TO_REQUEST'
  /** `createConnectMock` was given a bad option. */
  | 'ERR_MOCK_OPTIONS';

/** A mistake in how the test kit is called, or an emulator it cannot read. */
export class TestkitError extends Error {
  override readonly name = 'TestkitError';
  constructor(readonly code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Whether `error` is a {@link TestkitError}. */
export function isTestkitError(error: unknown): error is TestkitError {
  return error instanceof TestkitError;
}
