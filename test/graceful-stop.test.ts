/**
 * Graceful stop: SIGTERM/SIGINT to a real `send` process against a slow
 * emulator. It stops reading, lets requests in flight finish, writes the
 * dead letters and the checkpoint, prints the summary, and exits 143/130;
 * every line read is accounted for and the same command then sends the rest.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
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
  emulator.setFaults({ latencyMs: 100 });
  dir = tempDir('cs-stop-');
});
afterEach(() => emulator.stop());

function collect(child: ChildProcess): () => { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => err.push(c));
  return () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
}

async function stopMidImport(signal: 'SIGTERM' | 'SIGINT', extra: string[]) {
  const input = writeMarkedInput(dir, 1200);
  const dead = join(dir, 'dead.ndjson');
  const args = ['send', input.path, '--endpoint', emulator.graphqlUrl, '--dead-letter', dead, '--batch-size', '25', '--concurrency', '3', '--json', ...extra];
  const child = spawnCli(args, { CONNECT_API_KEY: emulator.apiKey });
  const output = collect(child);
  const exited = once(child, 'exit');
  const deadline = Date.now() + 20_000;
  while (receivedMarkers(emulator).size < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return { code, ...output(), input, dead, args };
}

describe('graceful stop (real process, real signal)', () => {
  it('SIGTERM: stops reading, finishes what is in flight, prints the summary, exit 143; the same command resumes', async () => {
    const checkpoint = join(dir, 'cp.json');
    const run = await stopMidImport('SIGTERM', ['--checkpoint', checkpoint]);
    expect(run.code).toBe(143);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    expect(summary.aborted).toBe(true);
    expect(summary.stoppedAtLine).toBeGreaterThan(1);
    expect(summary.total).toBeLessThan(run.input.lines);
    expect(summary.accepted + summary.invalid + summary.failed).toBe(summary.total);
    // In flight requests finished within the grace period: nothing was cut off.
    expect(summary.checkpoint).toMatchObject({ pending: 0, complete: false });
    expect(summary.failed).toBe(0);
    const saved = (await readCheckpoint(checkpoint))!;
    expect(saved.counts.accepted).toBe(summary.accepted);
    expect(saved.settled.below).toBe(summary.total);

    emulator.setFaults({});
    const resumed = await runCli(run.args, { env: { CONNECT_API_KEY: emulator.apiKey } });
    const s2 = JSON.parse(resumed.stdout) as JsonSummary;
    expect(s2.checkpoint).toMatchObject({ resumed: true, complete: true, skipped: summary.total });
    const seen = receivedMarkers(emulator);
    expect([...run.input.markers.values()].filter((m) => !seen.has(m))).toEqual([]);
    expect(duplicatesOf(seen)).toBe(0);
    expect(readDeadLetters(run.dead).map((l) => l.status).sort()).toEqual(['invalid', 'unreadable']);
  });

  it('SIGINT without --checkpoint: exit 130, every line read accounted for, and the summary names the line it stopped at', async () => {
    const run = await stopMidImport('SIGINT', []);
    expect(run.code).toBe(130);
    const summary = JSON.parse(run.stdout) as JsonSummary;
    expect(summary.aborted).toBe(true);
    expect(summary.accepted + summary.invalid + summary.failed).toBe(summary.total);
    expect(summary.stoppedAtLine).toBe(summary.total + 1); // no unreadable line before it: lines = records
    const seen = receivedMarkers(emulator);
    for (let line = 1; line < summary.stoppedAtLine!; line++) {
      const marker = run.input.markers.get(line);
      if (marker !== undefined) expect(seen.has(marker)).toBe(true);
    }
    expect(readDeadLetters(run.dead)).toHaveLength(summary.invalid + summary.failed);
  });

  it('the summary for people says where it stopped and how to resume', async () => {
    const input = writeMarkedInput(dir, 600, { clean: true });
    const stop = new AbortController();
    const poll = setInterval(() => receivedMarkers(emulator).size >= 100 && stop.abort('SIGINT'), 5);
    const run = await runCli(['send', input.path, '--endpoint', emulator.graphqlUrl, '--batch-size', '25'], { env: { CONNECT_API_KEY: emulator.apiKey }, signal: stop.signal });
    clearInterval(poll);
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/Stopped at line \d+: it and the lines after it were not read \(use --checkpoint FILE to resume where an import stopped\)\./);
  });
});
