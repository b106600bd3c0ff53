// The Redis queue: keys, connection, dead letters, the producer, administration.
export { QUEUE_DEFAULTS, SIGNAL_FIELD, LETTER_FIELD, QueueNameError, queueKeys, type QueueKeys } from './keys.js';
export { QueueRedisError, redactRedisUrl, type RedisClient, type RedisTarget } from './redis.js';
export { parseDeadLetter, type QueueDeadLetter, type QueueDeadLetterCode } from './dead-letters.js';
export {
  createSignalsQueue,
  SIGNALS_QUEUE_DEFAULTS,
  QueueOptionsError,
  QueueWriteError,
  type SignalsQueue,
  type SignalsQueueOptions,
  type EnqueueResult,
  type EnqueuedSignal,
  type NotEnqueuedSignal,
  type EnqueueManyOptions,
} from './producer.js';
export { QUEUE_ADMIN_DEFAULTS, type QueueAdminOptions } from './admin.js';
export { queueStatus, type QueueStatus, type QueueStatusOptions, type GroupStatus, type ConsumerStatus } from './status.js';
export { listDeadLetters, replayDeadLetters, type ListDeadLettersOptions, type DeadLetterList, type DeadLetterEntry, type ReplayResult } from './replay.js';
