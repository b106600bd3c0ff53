export { readSignals, readSignalBatches } from './read-signals.js';
export { signalText } from './signal-text.js';
export { ReadError, isReadError, SignalFileError, isSignalFileError, ReadOptionsError } from './errors.js';
export type { ReadErrorCode, SignalFileErrorCode } from './errors.js';
export { READ_DEFAULTS, RAW_PREVIEW_BYTES } from './types.js';
export type { SignalRecord, UnreadableRecord, ReadRecord, ReadOptions } from './types.js';
