// The ingest gateway (`connect-signals/gateway`): webhooks and apps → the Redis queue.
export { startGateway, type Gateway } from './server.js';
export { GATEWAY_DEFAULTS, GatewayOptionsError, type GatewayOptions, type GatewaySecrets, type GatewaySource } from './options.js';
export { SECRET_ENV, sourceSecretEnv, readSecret, GatewaySecretError } from './secrets.js';
export { loadMapping, MappingLoadError } from './load-mapping.js';
export { mapStripeEvent } from './stripe-mapping.js';
export { mapShopifyWebhook } from './shopify-mapping.js';
export { currencyExponent, fromMinorUnits } from './minor-units.js';
export type { GatewayDeadLetter } from './answer.js';
export { defineMapping, type Mapping, type MappingContext, type MappedSignal, type MappingResult } from './define-mapping.js';
