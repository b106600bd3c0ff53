/**
 * The client's errors. Two kinds:
 * - thrown, for the caller's own mistakes: bad options, enqueueing on a closed client;
 * - delivery errors, never thrown: they are the `reason` of a failed signal, of
 *   `retry` and `failure` events, and the `reason` line of a dead letter.
 *
 * Every class has a fixed `name` and a stable `code`. Messages never contain the
 * API key (the transport redacts anything that came from the server).
 */

/** Options passed to {@link createSignalsClient} are wrong (thrown). */
export class ClientOptionsError extends Error {
  override readonly name: string = 'ClientOptionsError';
  readonly code: string = 'ERR_CLIENT_OPTIONS';
  /** The option at fault, e.g. `batchSize`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}

/** The endpoint is plain `http://` on a host that is not loopback (thrown). */
export class InsecureEndpointError extends ClientOptionsError {
  override readonly name = 'InsecureEndpointError';
  override readonly code = 'ERR_INSECURE_ENDPOINT';
  constructor(host: string) {
    super('endpoint', `plain http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost), not ${host}: use https://`);
  }
}

/** `enqueue()` after `close()` (thrown). */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
  readonly code = 'ERR_CLIENT_CLOSED';
  constructor() {
    super('the client is closed: create a new one to send more signals');
  }
}

/** Why a batch (or a signal) was not delivered. Never thrown by the client. */
export abstract class DeliveryError extends Error {
  abstract readonly code: string;
  /** True when Connect may have processed the request anyway (a retry or a replay can duplicate it). */
  readonly mayHaveBeenProcessed: boolean;
  constructor(message: string, mayHaveBeenProcessed: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.mayHaveBeenProcessed = mayHaveBeenProcessed;
  }
  /** A plain object for reports, events logged as JSON and dead-letter files. */
  toJSON(): { code: string; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

/** Connect answered with a non-2xx status. */
export class HttpError extends DeliveryError {
  override readonly name = 'HttpError';
  readonly code = 'ERR_HTTP';
  readonly status: number;
  /** `Retry-After`, in milliseconds, when the answer had one. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, detail: string, retryAfterMs?: number) {
    super(`HTTP ${status}${detail ? `: ${detail}` : ''}`, status === 502 || status === 504);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
  override toJSON() {
    return { ...super.toJSON(), status: this.status };
  }
}

/** The request failed below HTTP (refused, reset, DNS). */
export class NetworkError extends DeliveryError {
  override readonly name = 'NetworkError';
  readonly code = 'ERR_NETWORK';
  /** The system error code, e.g. `ECONNREFUSED`, `ECONNRESET`, when known. */
  readonly errno: string | undefined;
  constructor(message: string, errno: string | undefined, mayHaveBeenProcessed: boolean, cause?: unknown) {
    super(message, mayHaveBeenProcessed, { cause });
    this.errno = errno;
  }
}

/** No answer within `timeoutMs`. Connect may have processed the request. */
export class TimeoutError extends DeliveryError {
  override readonly name = 'TimeoutError';
  readonly code = 'ERR_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`, true);
  }
}

/** HTTP 2xx with GraphQL `errors` and no `signalIds`. */
export class GraphQLResponseError extends DeliveryError {
  override readonly name = 'GraphQLResponseError';
  readonly code = 'ERR_GRAPHQL';
  /** The GraphQL error messages (redacted). */
  readonly messages: readonly string[];
  /** True when the errors say the batch's content (the variables) was rejected: the batch is split to find the bad signals. */
  readonly rejectsContent: boolean;
  constructor(messages: readonly string[], rejectsContent: boolean) {
    super(`GraphQL error: ${messages.join('; ') || 'no message'}`, false);
    this.messages = messages;
    this.rejectsContent = rejectsContent;
  }
}

/** Connect returned a number of ids different from the number of signals sent. */
export class MissingIdsError extends DeliveryError {
  override readonly name = 'MissingIdsError';
  readonly code = 'ERR_MISSING_IDS';
  readonly sent: number;
  readonly received: number;
  constructor(sent: number, received: number) {
    super(
      `Connect returned ${received} signal ids for the ${sent} signals of this batch, so which signals were imported cannot be known; ` +
        'they may have been imported: check in Connect before re-sending (a replay can duplicate them)',
      true,
    );
    this.sent = sent;
    this.received = received;
  }
  override toJSON() {
    return { ...super.toJSON(), sent: this.sent, received: this.received };
  }
}

/** A 2xx answer that is not a GraphQL response. */
export class InvalidResponseError extends DeliveryError {
  override readonly name = 'InvalidResponseError';
  readonly code = 'ERR_BAD_RESPONSE';
  constructor(detail: string) {
    super(`the answer is not a createSignals response: ${detail}`, true);
  }
}

/** Connect rejected this very signal (its batch was split down to it). */
export class RejectedError extends DeliveryError {
  override readonly name = 'RejectedError';
  readonly code = 'ERR_REJECTED';
  constructor(cause: HttpError | GraphQLResponseError) {
    super(`Connect rejected this signal: ${cause.message}`, false, { cause });
  }
}

/** Not sent (or not answered) because the send was aborted or `close()` reached its deadline. */
export class AbortedError extends DeliveryError {
  override readonly name = 'AbortedError';
  readonly code = 'ERR_ABORTED';
  constructor(inFlight: boolean) {
    super(
      inFlight ? 'aborted while the request was in flight: Connect may have imported it' : 'aborted before it was sent',
      inFlight,
    );
  }
}

/** Whether `value` is one of the client's delivery errors. */
export function isDeliveryError(value: unknown): value is DeliveryError {
  return value instanceof DeliveryError;
}
