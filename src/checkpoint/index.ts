/** Resumable imports: the checkpoint of `send --checkpoint`. */
export { Checkpoint, type SettledAs } from './checkpoint.js';
export { CHECKPOINT_FORMAT, readCheckpoint, writeCheckpoint, checkCheckpoint, type CheckpointData, type CheckpointCounts } from './checkpoint-file.js';
export { CheckpointError, isCheckpointError, type CheckpointErrorCode } from './errors.js';
export { fingerprintFile, fingerprintDifference, FINGERPRINT_EDGE_BYTES, type InputFingerprint } from './fingerprint.js';
export { SettledRecords, type SettledJson } from './settled.js';
