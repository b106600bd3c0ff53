/**
 * Shared settings of the fuzz tests (test/fuzz-*.test.ts).
 *
 * `FUZZ_RUNS` is the TOTAL number of generated inputs across every fuzz
 * property (default {@link DEFAULT_FUZZ_RUNS}, so that `npm test` stays quick).
 * Each property gets a fixed share of it ({@link FUZZ_SHARES}, summing to 1),
 * rounded up, so `FUZZ_RUNS=100000 npx vitest run test/fuzz-` generates at
 * least 100,000 inputs. `FUZZ_SEED` replays a failure (fast-check prints the
 * seed and path of any counterexample).
 */
import type { Parameters as FcParameters } from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Total inputs when `FUZZ_RUNS` is not set. */
export const DEFAULT_FUZZ_RUNS = 5000;

/**
 * The share of the total each property gets. The HTTP properties get small
 * shares: each of their inputs is a real request.
 */
export const FUZZ_SHARES = {
  /** NDJSON of arbitrary bytes, checked against an independent line count. */
  'read-bytes': 0.22,
  /** The same bytes in random chunks give the same records. */
  'read-chunking': 0.14,
  /** JSON array files with garbage. */
  'read-json-array': 0.12,
  /** Deep nesting against maxDepth. */
  'read-nesting': 0.02,
  /** Any JavaScript value (not only JSON) given to validateSignal. */
  'validate-anything': 0.2,
  /** Reference signals with hostile values spliced in. */
  'validate-hostile': 0.2,
  /** Random HTTP requests to the emulator. */
  'emulator-http': 0.07,
  /** Random bytes on a raw TCP connection to the emulator. */
  'emulator-raw': 0.01,
  /** Lines with __proto__/constructor keys through reader → validator → emulator. */
  'pipeline-pollution': 0.02,
} as const;

export type FuzzProperty = keyof typeof FUZZ_SHARES;

function envInteger(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`${name} must be a whole number ≥ 0 (got ${JSON.stringify(raw)})`);
  return n;
}

/** The total number of fuzz inputs in this run (`FUZZ_RUNS`). */
export const FUZZ_TOTAL = envInteger('FUZZ_RUNS', DEFAULT_FUZZ_RUNS)!;

/** Runs of one property: its share of {@link FUZZ_TOTAL}, rounded up, at least 10. */
export function fuzzRuns(property: FuzzProperty): number {
  return Math.max(10, Math.ceil(FUZZ_TOTAL * FUZZ_SHARES[property]));
}

/** fast-check parameters for one property (`FUZZ_SEED` replays a run). */
export function fuzzParams<T>(property: FuzzProperty): FcParameters<T> {
  const seed = envInteger('FUZZ_SEED', undefined);
  return { numRuns: fuzzRuns(property), ...(seed === undefined ? {} : { seed }) };
}

/**
 * A test time-out that grows with the run count (`msPerRun` on this busy
 * 2-core machine, generously): the default size stays within vitest's 30 s,
 * and a full-size run is not cut short. A hang still fails the test.
 */
export function fuzzTimeout(property: FuzzProperty, msPerRun: number): number {
  return Math.max(30_000, Math.ceil(fuzzRuns(property) * msPerRun) + 30_000);
}

let gc: (() => void) | undefined;

/** Forces a full garbage collection, so that memory measurements see what is retained, not garbage. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose_gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Bytes retained (V8 heap + Buffers), after a full collection. */
export function retainedBytes(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The own keys of the built-in prototypes, to prove afterwards that no input added any. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype]
    .map((p) => Reflect.ownKeys(p).map(String).sort().join(','))
    .join('|');
}

/** Whether anything reachable from a fresh object looks polluted. */
export function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined;
}
