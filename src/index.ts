/**
 * connect-signals: import behavior signals into Acoustic Connect.
 *
 * The public surface, in the order a signal travels:
 * types → read → validate → batch/send (client) → report; plus the emulator.
 */

// Types generated from schema/ (npm run codegen).
export type {
  SignalContent,
  AddToCartSignal,
  BrowseAbandonmentSignal,
  CartAbandonmentSignal,
  ErrorSignal,
  IdentificationSignal,
  OnSiteSearchSignal,
  OrderSignal,
  PageViewSignal,
  ProductConfigurationSignal,
  ProductViewSignal,
  RichMediaInteractionSignal,
  OrderedItem,
  AbandonedItem,
  SignalCustomAttribute,
} from '../generated/signal-content.js';
export type {
  SignalInput,
  IdentifiableAttributesInput,
  CreateSignalsMutation,
  CreateSignalsMutationVariables,
} from '../generated/graphql.js';
export { CreateSignalsDocument } from '../generated/graphql.js';
export { SIGNAL_TYPES, SIGNAL_META, type SignalType, type SignalTypeMeta } from '../generated/signal-meta.js';

// Validation.
export * from './validate/index.js';

// Reading files of signals. (@exports:read)
export * from './read/index.js';
export { maskEmail, maskPhone, maskText } from './report/mask.js';

// The local Connect emulator. (@exports:emulator)
export * from './emulator/index.js';
export * from './schema-check/index.js';

// The batching client. (@exports:client)
export * from './client/index.js';

// The durable queue on Redis Streams: producer, administration (and the worker). (@exports:queue)
export * from './queue/index.js';

// The gateway's mapping helper (an identity function: the server itself is `connect-signals/gateway`).
export { defineMapping, type Mapping, type MappingContext, type MappedSignal, type MappingResult } from './gateway/define-mapping.js';

// The transactional outbox on PostgreSQL: writeSignals and the relay (pg is loaded only when a relay or command connects). (@exports:outbox)
export * from './outbox/index.js';
