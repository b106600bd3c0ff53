export { validateSignal } from './validate-signal.js';
export { TIERS, TIER_SIGNAL_TYPES, tierAllows, isTier } from './tiers.js';
export type {
  Tier,
  IssueCode,
  ValidationIssue,
  ValidateOptions,
  ValidSignal,
  InvalidSignal,
  ValidationResult,
} from './types.js';
