/**
 * Argument parsing shared by the commands: node's own `parseArgs` (strict,
 * positionals allowed, `-h/--help` always known) with its errors turned into
 * UsageError, and the checks of flag values more than one command takes.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TIERS, isTier, type Tier } from '../validate/index.js';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

type FlagValue<F> = F extends { type: 'boolean' } ? boolean : string;

/** The values of parsed flags: a flag with a default always has a value. */
export type FlagValues<O extends Options> = {
  [K in keyof O]: O[K] extends { default: unknown } ? FlagValue<O[K]> : FlagValue<O[K]> | undefined;
} & { readonly help: boolean };

/** What {@link parseCommandArgs} returns. */
export interface ParsedArgs<O extends Options> {
  readonly values: FlagValues<O>;
  readonly positionals: string[];
}

/** Parses `args` against `options` (plus `--help`); a mistake throws UsageError with parseArgs' message. */
export function parseCommandArgs<const O extends Options>(args: string[], options: O): ParsedArgs<O> {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, ...HELP }, allowPositionals: true, strict: true });
    return { values: values as unknown as FlagValues<O>, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--tier`: undefined, or one of the tiers. */
export function tierFlag(value: string | undefined): Tier | undefined {
  if (value === undefined || isTier(value)) return value;
  throw new UsageError(`--tier must be one of ${TIERS.join(', ')} (got ${JSON.stringify(value)})`);
}

/** A whole-number flag within [min, max]; undefined when not given. */
export function integerFlag(flag: string, value: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`--${flag} must be ${range} (got ${JSON.stringify(value)})`);
  }
  return n;
}
