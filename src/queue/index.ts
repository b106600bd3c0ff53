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
// The worker (startSignalsWorker) and its shared rate limit.
export { startSignalsWorker, DEFAULT_STOP_GRACE_MS, type SignalsWorker, type StopOptions } from './worker.js';
export { WORKER_DEFAULTS, WorkerOptionsError, type SignalsWorkerOptions } from './worker-options.js';
export type { WorkerReport, SignalsWorkerEvents, SignalsWorkerEventName, SignalsWorkerHandler } from './worker-events.js';
export { DELIVER_AGAIN_CODES } from './worker-policy.js';
export { rateKeyOf } from './shared-rate.js';
export { serveMetrics, workerMetrics, METRIC_PREFIX, type MetricsServer } from './metrics.js';
// Consumers of dead workers, removed by the workers and listed by queueStatus.
export { GONE_AFTER_CLAIM_IDLE, type GoneConsumer } from './consumers.js';
