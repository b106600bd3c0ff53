export { createSignalsClient, DEFAULT_CLOSE_TIMEOUT_MS, type SignalsClient, type CloseOptions } from './client.js';
export { DEFAULTS as CLIENT_DEFAULTS, MAX_BATCH_SIZE, REGION_ENDPOINTS, type Region, type RetryOptions, type RateLimitOptions, type RequestLimiter, type SignalsClientOptions } from './options.js';
export { SourceError, type SendOptions, type SignalSource } from './send.js';
export type { SendReport, SignalOutcome, AcceptedOutcome, InvalidOutcome, FailedOutcome, TypeCounts, IdMismatch } from './report.js';
export type { SignalsClientEvents, SignalsClientEventName, SignalsClientHandler, SignalsClientHandlers } from './events.js';
export {
  ClientOptionsError,
  InsecureEndpointError,
  ClientClosedError,
  DeliveryError,
  HttpError,
  NetworkError,
  TimeoutError,
  GraphQLResponseError,
  MissingIdsError,
  InvalidResponseError,
  RejectedError,
  AbortedError,
  isDeliveryError,
} from './errors.js';
