/**
 * Shared factories and checks for the client tests: signals with a unique
 * marker each, and the accounting every scenario must satisfy.
 */
import { expect } from 'vitest';
import type { SendReport } from '../../src/client/report.js';
import { addToCartExample } from '../fixtures/reference-examples.js';
import type { FakeConnect } from './fake-connect.js';

/** `count` valid addToCart signals; signal i has sessionId `S<i>` (its marker). */
export function markedSignals(count: number, from = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({ ...addToCartExample, sessionId: `S${from + i}` }));
}

/** Options that keep retries fast in tests (no real waiting). */
export const FAST_RETRY = { attempts: 4, backoffMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20 } as const;

/** accepted + invalid + failed = total = input, and per type the same. */
export function expectAccounted(report: SendReport, input: number): void {
  expect(report.total).toBe(input);
  expect(report.accepted + report.invalid + report.failed).toBe(input);
  for (const counts of Object.values(report.byType)) expect(counts.accepted + counts.invalid + counts.failed).toBe(counts.total);
}

/**
 * Nothing imported twice, unless an ambiguous retry (counted in the report) may have caused it;
 * and every accepted signal was imported.
 */
export function expectNoUncountedDuplicates(report: SendReport, fake: FakeConnect, batchSize = 500): void {
  const seen = new Map<unknown, number>();
  for (const s of fake.imported) seen.set(s.sessionId, (seen.get(s.sessionId) ?? 0) + 1);
  const duplicates = [...seen.values()].reduce((sum, n) => sum + n - 1, 0);
  expect(duplicates).toBeLessThanOrEqual(report.ambiguousRetries * batchSize);
  if (report.ambiguousRetries === 0) expect(duplicates).toBe(0);
  expect(seen.size).toBeGreaterThanOrEqual(report.accepted);
}
