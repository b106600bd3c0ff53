/**
 * The crash test: `send --checkpoint` in a real child process against a slow
 * emulator, SIGKILLed mid-import, then the same command again: every signal
 * arrives, and duplicates stay within the batches in flight at the crash
 * (concurrency + 1 batches: those in flight, and one filled and waiting for a slot).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../src/checkpoint/index.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { duplicatesOf, readDeadLetters, receivedMarkers, writeMarkedInput, type JsonSummary } from './helpers/reliability.js';
import { runCli, spawnCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

let emulator: EmulatorHandle;
let dir: string;
beforeEach(async () => {
  emulator = await startEmulator();
  dir = tempDir('cs-crash-');
});
afterEach(() => emulator.stop());

const BATCH = 25;
const CONCURRENCY = 3;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('crash (SIGKILL) and resume', () => {
  it('after SIGKILL mid-import, running the same command again delivers every signal; duplicates ≤ the batches in flight ((concurrency + 1) × batch size)', async () => {
    emulator.setFaults({ latencyMs: 80 });
    const input = writeMarkedInput(dir, 1500);
    const checkpoint = join(dir, 'cp.json');
    const dead = join(dir, 'dead.ndjson');
    const args = ['send', input.path, '--endpoint', emulator.graphqlUrl, '--checkpoint', checkpoint, '--dead-letter', dead,
      '--batch-size', String(BATCH), '--concurrency', String(CONCURRENCY), '--json'];
    const child = spawnCli(args, { CONNECT_API_KEY: emulator.apiKey });
    const exited = once(child, 'exit');
    await waitFor(() => receivedMarkers(emulator).size >= 400 && existsSync(checkpoint), 'the import to be under way');
    child.kill('SIGKILL');
    const [code, signal] = await exited;
    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');
    const atCrash = receivedMarkers(emulator).size;
    expect(atCrash).toBeLessThan(1500); // killed mid-import
    const saved = (await readCheckpoint(checkpoint))!;
    expect(saved.complete).toBe(false);
    expect(saved.counts.accepted).toBeGreaterThan(0);

    emulator.setFaults({});
    const resumed = await runCli(args, { env: { CONNECT_API_KEY: emulator.apiKey } });
    const summary = JSON.parse(resumed.stdout) as JsonSummary;
    expect(summary.checkpoint).toMatchObject({ resumed: true, complete: true });
    expect(summary.checkpoint!.skipped).toBe(saved.settled.below + saved.settled.ranges.reduce((n, [a, b]) => n + b - a + 1, 0));
    expect(summary.checkpoint!.skipped + summary.total).toBe(input.lines);

    const seen = receivedMarkers(emulator);
    expect([...input.markers.values()].filter((m) => !seen.has(m))).toEqual([]);
    const duplicates = duplicatesOf(seen);
    expect(duplicates).toBeLessThanOrEqual((CONCURRENCY + 1) * BATCH);
    // The invalid and the unreadable line, each dead-lettered once over both runs.
    expect(readDeadLetters(dead).map((l) => l.status).sort()).toEqual(['invalid', 'unreadable']);

    // A completed import: the same command again sends nothing.
    const requests = emulator.stats().requests;
    const again = await runCli(args, { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(again.code).toBe(0);
    expect(emulator.stats().requests).toBe(requests);
  });

  it('resuming with another input file is refused with a clear message, exit 2', async () => {
    emulator.setFaults({ latencyMs: 80 });
    const input = writeMarkedInput(dir, 600);
    const other = writeMarkedInput(dir, 600, { name: 'other.ndjson', from: 5000 });
    const checkpoint = join(dir, 'cp.json');
    const child = spawnCli(['send', input.path, '--endpoint', emulator.graphqlUrl, '--checkpoint', checkpoint, '--batch-size', '25', '--concurrency', '2'], { CONNECT_API_KEY: emulator.apiKey });
    const exited = once(child, 'exit');
    await waitFor(() => existsSync(checkpoint), 'a checkpoint');
    child.kill('SIGKILL');
    await exited;
    const run = await runCli(['send', other.path, '--endpoint', emulator.graphqlUrl, '--checkpoint', checkpoint], { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`is for another input: it was made for ${input.path}, not ${other.path}`);
    expect(run.stderr).toContain('delete');
  });
});
