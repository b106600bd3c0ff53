/**
 * The error `checkSchema` throws when it cannot compare at all (endpoint
 * unreachable, key refused, no introspection). A comparison that finds
 * breaking changes is a result, not an error.
 */

/** Stable codes of {@link SchemaCheckError}. */
export type SchemaCheckErrorCode =
  /** The endpoint could not be reached (refused, DNS, timeout). */
  | 'ERR_SCHEMA_CHECK_NETWORK'
  /** The endpoint answered with an HTTP error status (401: the key was refused). */
  | 'ERR_SCHEMA_CHECK_HTTP'
  /** The endpoint answered, but not with a usable introspection result. */
  | 'ERR_SCHEMA_CHECK_INTROSPECTION'
  /** The local SDL could not be read or built. */
  | 'ERR_SCHEMA_CHECK_LOCAL';

/** Why a schema check could not be made. */
export class SchemaCheckError extends Error {
  override readonly name = 'SchemaCheckError';
  readonly code: SchemaCheckErrorCode;
  /** The endpoint checked. */
  readonly endpoint: string | undefined;
  /** The HTTP status, for `ERR_SCHEMA_CHECK_HTTP`. */
  readonly status: number | undefined;

  constructor(code: SchemaCheckErrorCode, message: string, details: { endpoint?: string; status?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.endpoint = details.endpoint;
    this.status = details.status;
  }
}

/** Whether `error` is a {@link SchemaCheckError}. */
export function isSchemaCheckError(error: unknown): error is SchemaCheckError {
  return error instanceof SchemaCheckError;
}
