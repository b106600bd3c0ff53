/**
 * The fault matrix: each scenario of the emulator's fault injection, run
 * through `connect-signals send` (and, where a per-signal view helps, the
 * client), ends with every line accepted, invalid or in the dead-letter file,
 * `accepted + invalid + failed = input`, and duplicates at the emulator
 * bounded by the ambiguous retries the report counts.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSignalsClient } from '../src/client/client.js';
import type { SignalOutcome } from '../src/client/report.js';
import { startEmulator, type EmulatorHandle, type FaultOptions } from '../src/emulator/index.js';
import { markedSignals } from './helpers/accounting.js';
import { duplicatesOf, expectEveryLineAccounted, readDeadLetters, receivedMarkers, writeMarkedInput, type JsonSummary } from './helpers/reliability.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

let emulator: EmulatorHandle;
let dir: string;
beforeEach(async () => {
  emulator = await startEmulator({ apiKey: 'fault-matrix-key' });
  dir = tempDir('cs-faults-');
});
afterEach(() => emulator.stop());

const BATCH = 20;

/** Sends 200 marked signals (+1 invalid, +1 unreadable) through the CLI under `faults`. */
async function sendUnder(faults: FaultOptions, extra: string[] = []) {
  emulator.setFaults(faults);
  const input = writeMarkedInput(dir, 200);
  const dead = join(dir, 'dead.ndjson');
  const run = await runCli(
    ['send', input.path, '--endpoint', emulator.graphqlUrl, '--batch-size', String(BATCH), '--concurrency', '4', '--dead-letter', dead, '--json', ...extra],
    { env: { CONNECT_API_KEY: emulator.apiKey } },
  );
  const summary = JSON.parse(run.stdout) as JsonSummary;
  expectEveryLineAccounted(input, summary, dead, emulator, BATCH);
  return { run, summary, input, dead };
}

/** Sends marked signals through the client; checks one outcome per signal and the duplicate bound. */
async function clientUnder(faults: FaultOptions, options: { timeoutMs?: number; attempts?: number; onRetry?: () => void } = {}) {
  emulator.setFaults(faults);
  const outcomes: SignalOutcome[] = [];
  const client = createSignalsClient({
    endpoint: emulator.graphqlUrl,
    apiKey: emulator.apiKey,
    batchSize: BATCH,
    concurrency: 2,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { attempts: options.attempts ?? 4, backoffMs: 5, maxDelayMs: 20 },
    keepOutcomes: 0,
    on: { outcome: (o) => outcomes.push(o), ...(options.onRetry ? { retry: options.onRetry } : {}) },
  });
  const signals = markedSignals(120);
  const report = await client.send(signals);
  expect(report.accepted + report.invalid + report.failed).toBe(signals.length);
  expect(new Set(outcomes.map((o) => o.index)).size).toBe(signals.length);
  expect(outcomes).toHaveLength(signals.length);
  const seen = receivedMarkers(emulator);
  for (const o of outcomes) if (o.status === 'accepted') expect(seen.has(`S${o.index}`)).toBe(true);
  expect(duplicatesOf(seen)).toBeLessThanOrEqual(report.ambiguousRetries * BATCH);
  return { report, outcomes, seen };
}

describe('fault matrix (every line accepted, invalid or dead-lettered; duplicates ≤ counted ambiguous retries)', () => {
  it('20% of requests answered 503: retried, every valid signal accepted once', async () => {
    const { summary, run } = await sendUnder({ unavailableShare: 0.2 });
    expect(run.code).toBe(1); // the invalid and the unreadable line
    expect(summary).toMatchObject({ accepted: 200, invalid: 2, failed: 0, ambiguousRetries: 0 });
    expect(summary.retries).toBeGreaterThanOrEqual(2);
    expect(duplicatesOf(receivedMarkers(emulator))).toBe(0);
  });

  it('429 bursts with Retry-After: waited out, every valid signal accepted once', async () => {
    const { summary } = await sendUnder({ rateLimit: { requests: 6, windowMs: 400 } });
    expect(summary).toMatchObject({ accepted: 200, failed: 0, ambiguousRetries: 0 });
    expect(emulator.stats().faults.rateLimited).toBeGreaterThan(0);
    expect(duplicatesOf(receivedMarkers(emulator))).toBe(0);
  });

  it('connections dropped after the request was processed: retried as ambiguous, and every duplicate is counted', async () => {
    const { summary } = await sendUnder({ dropShare: 0.25, dropAfterProcessing: true });
    expect(summary).toMatchObject({ accepted: 200, failed: 0 });
    const duplicates = duplicatesOf(receivedMarkers(emulator));
    expect(summary.ambiguousRetries).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0); // the write reached the emulator: the retry duplicated it
    expect(duplicates).toBeLessThanOrEqual(summary.ambiguousRetries * BATCH);
  });

  it('connections dropped before processing: retried, nothing duplicated in fact', async () => {
    const { summary } = await sendUnder({ dropShare: 0.25 });
    expect(summary).toMatchObject({ accepted: 200, failed: 0 });
    expect(duplicatesOf(receivedMarkers(emulator))).toBe(0);
  });

  it('latency beyond the time-out on every attempt: every signal failed (ambiguous) and dead-lettered, none imported', async () => {
    const { summary, dead } = await sendUnder({ latencyMs: 400 }, ['--timeout', '100', '--attempts', '2']);
    expect(summary).toMatchObject({ accepted: 0, invalid: 2, failed: 200, ambiguousFailures: 200 });
    const letters = readDeadLetters(dead).filter((l) => l.status === 'failed');
    expect(letters.every((l) => l.code === 'ERR_TIMEOUT' && l.ambiguous === true)).toBe(true);
    await new Promise((r) => setTimeout(r, 450)); // the emulator's latency ends after the client gave up
    expect(receivedMarkers(emulator).size).toBe(0);
  });

  it('latency beyond the time-out, then recovering (client): time-outs retried as ambiguous, all accepted', async () => {
    let recovered = false;
    const { report } = await clientUnder({ latencyMs: 300 }, {
      timeoutMs: 100,
      onRetry: () => {
        if (!recovered) emulator.setFaults({});
        recovered = true;
      },
    });
    expect(report.accepted).toBe(120);
    expect(report.ambiguousRetries).toBeGreaterThan(0);
  });

  it('GraphQL errors: not retried (unknown error), dead-lettered, and a replay of the dead letters delivers them', async () => {
    const { summary, dead, input } = await sendUnder({ graphqlErrorShare: 0.25 });
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.ambiguousFailures).toBe(0);
    expect(readDeadLetters(dead).filter((l) => l.status === 'failed').every((l) => l.code === 'ERR_GRAPHQL')).toBe(true);
    emulator.setFaults({});
    const replay = await runCli(['send', dead, '--endpoint', emulator.graphqlUrl, '--json'], { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(JSON.parse(replay.stdout)).toMatchObject({ accepted: summary.failed, invalid: 2 });
    const seen = receivedMarkers(emulator);
    expect([...input.markers.values()].every((m) => seen.get(m) === 1)).toBe(true);
  });

  it('fewer ids than signals (client): the batch is failed as ambiguous with ERR_MISSING_IDS, never retried', async () => {
    const { report, outcomes, seen } = await clientUnder({ fewerIdsShare: 0.5 });
    expect(report.failed).toBeGreaterThan(0);
    expect(report.idMismatches.length).toBeGreaterThan(0);
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(failed.every((o) => o.reason.code === 'ERR_MISSING_IDS' && o.ambiguous)).toBe(true);
    expect(report.ambiguousFailures).toBe(report.failed);
    expect(duplicatesOf(seen)).toBe(0);
  });

  it('fewer ids than signals (CLI): the lines are dead-lettered as ambiguous', async () => {
    const { summary, dead } = await sendUnder({ fewerIdsShare: 0.5 });
    expect(summary.idMismatches.length).toBeGreaterThan(0);
    const failed = readDeadLetters(dead).filter((l) => l.status === 'failed');
    expect(failed.length).toBe(summary.failed);
    expect(failed.every((l) => l.code === 'ERR_MISSING_IDS' && l.ambiguous === true)).toBe(true);
  });
});
