/**
 * Which signal types each Connect subscription tier can import (the reference's
 * "Signal limits" table). Premium and Ultimate import all 11 types.
 */
import { SIGNAL_TYPES, type SignalType } from '../../generated/signal-meta.js';
import type { Tier } from './types.js';

/** Every tier, for argument parsing and help texts. */
export const TIERS: readonly Tier[] = ['pro', 'premium', 'ultimate'];

/** Signal types importable per tier. */
export const TIER_SIGNAL_TYPES: Readonly<Record<Tier, readonly SignalType[]>> = {
  pro: ['addToCart', 'identification', 'order'],
  premium: SIGNAL_TYPES,
  ultimate: SIGNAL_TYPES,
};

const allowed: Readonly<Record<Tier, ReadonlySet<string>>> = {
  pro: new Set(TIER_SIGNAL_TYPES.pro),
  premium: new Set(TIER_SIGNAL_TYPES.premium),
  ultimate: new Set(TIER_SIGNAL_TYPES.ultimate),
};

/** Whether `tier` can import `signalType`; with no tier every type is allowed. */
export function tierAllows(tier: Tier | undefined, signalType: string): boolean {
  return tier === undefined || allowed[tier].has(signalType);
}

/** Whether `value` names a tier. */
export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
