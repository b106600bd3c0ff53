// The transactional outbox on PostgreSQL: its tables, writeSignals (the producer), the relay, administration.
export { OUTBOX_TABLE_DEFAULTS, OutboxNameError, outboxTables, outboxDdl, type OutboxTables } from './tables.js';
export { writeSignals, WriteSignalsOptionsError, type OutboxQueryable, type WriteSignalsOptions, type WriteSignalsResult, type NotWrittenSignal } from './write.js';
export { OutboxPostgresError, redactPostgresUrl, type PostgresTarget } from './connection.js';
export { startOutboxRelay, RELAY_STOP_GRACE_MS, type OutboxRelay, type RelayReport, type RelayStopOptions } from './relay.js';
export { RELAY_DEFAULTS, RelayOptionsError, type OutboxRelayOptions } from './relay-options.js';
export { initOutbox, outboxStatus, listOutboxDead, replayOutboxDead, type OutboxStatus, type OutboxLeaseHolder, type OutboxDeadRow, type OutboxReplayResult, type RowsQueryable } from './admin.js';
export type { DeliveryDeadLetter, DeliveryDeadLetterCode } from '../delivery/letters.js';
export type { DeliveryEvents, DeliveryEventName, DeliveryHandler, DeliveryReport } from '../delivery/events.js';
