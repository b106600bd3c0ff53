/**
 * `send --checkpoint`: the settled-records set, the checkpoint file (atomic,
 * checked), resuming after a stop (only what had not settled is sent, dead
 * letters appended), a completed import that sends nothing, and refusals.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettledRecords, readCheckpoint } from '../src/checkpoint/index.js';
import { DeadLetterWriter } from '../src/report/dead-letter.js';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { duplicatesOf, readDeadLetters, receivedMarkers, writeMarkedInput, type JsonSummary } from './helpers/reliability.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

let emulator: EmulatorHandle;
let dir: string;
beforeEach(async () => {
  emulator = await startEmulator();
  dir = tempDir('cs-checkpoint-');
});
afterEach(() => emulator.stop());

const send = (input: string, extra: string[], options: { signal?: AbortSignal } = {}) =>
  runCli(['send', input, '--endpoint', emulator.graphqlUrl, '--json', ...extra], { env: { CONNECT_API_KEY: emulator.apiKey }, ...options });

describe('SettledRecords', () => {
  it('holds exactly the records added, in any order, and survives its JSON form', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 300 }), { maxLength: 400 }), (added) => {
        const set = new SettledRecords();
        for (const n of added) set.add(n);
        const back = SettledRecords.fromJSON(JSON.parse(JSON.stringify(set)));
        const expected = new Set(added);
        for (let n = 0; n <= 301; n++) {
          if (set.has(n) !== expected.has(n) || back.has(n) !== expected.has(n)) return false;
        }
        return set.size === expected.size && back.size === expected.size;
      }),
      { numRuns: 300 },
    );
  });
});

describe('send --checkpoint', () => {
  it('a completed import leaves a checkpoint that makes a re-run send nothing ("nothing to send", exit 0)', async () => {
    const input = writeMarkedInput(dir, 120);
    const checkpoint = join(dir, 'cp.json');
    const first = await send(input.path, ['--checkpoint', checkpoint, '--batch-size', '50']);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ accepted: 120, invalid: 2, checkpoint: { complete: true, resumed: false, counts: { accepted: 120, invalid: 2, failed: 0 } } });
    const saved = await readCheckpoint(checkpoint);
    expect(saved).toMatchObject({ complete: true, records: 122, settled: { below: 122, ranges: [] } });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const requests = emulator.stats().requests;

    const again = await send(input.path, ['--checkpoint', checkpoint]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ total: 0, accepted: 0, checkpoint: { complete: true, resumed: true, skipped: 122 } });
    const text = await runCli(['send', input.path, '--endpoint', emulator.graphqlUrl, '--checkpoint', checkpoint], { env: { CONNECT_API_KEY: emulator.apiKey } });
    expect(text.stdout).toContain('Nothing to send');
    expect(emulator.stats().requests).toBe(requests);
  });

  it('after a stop, the same command sends only what had not settled, and appends to the dead-letter file', async () => {
    emulator.setFaults({ latencyMs: 60 });
    const input = writeMarkedInput(dir, 600);
    const checkpoint = join(dir, 'cp.json');
    const dead = join(dir, 'dead.ndjson');
    const args = ['--checkpoint', checkpoint, '--dead-letter', dead, '--batch-size', '25', '--concurrency', '2'];
    const stop = new AbortController();
    const poll = setInterval(() => {
      if (emulator.signals().length >= 100) stop.abort('SIGINT');
    }, 5);
    const first = await send(input.path, args, { signal: stop.signal });
    clearInterval(poll);
    expect(first.code).toBe(130);
    const s1 = JSON.parse(first.stdout) as JsonSummary;
    expect(s1.aborted).toBe(true);
    expect(s1.stoppedAtLine).toBeGreaterThan(1);
    expect(s1.accepted + s1.invalid + s1.failed).toBe(s1.total);
    expect(s1.checkpoint).toMatchObject({ complete: false, pending: 0 });
    expect(s1.total).toBeLessThan(input.lines);
    const settledFirst = (await readCheckpoint(checkpoint))!;
    expect(settledFirst.counts.accepted).toBe(s1.accepted);

    emulator.setFaults({});
    const second = await send(input.path, args);
    expect(second.code).toBe(1);
    const s2 = JSON.parse(second.stdout) as JsonSummary;
    expect(s2.checkpoint).toMatchObject({ resumed: true, complete: true, counts: { accepted: 600, invalid: 2, failed: 0 } });
    expect(s2.checkpoint!.skipped + s2.total).toBe(input.lines);
    const seen = receivedMarkers(emulator);
    expect([...input.markers.values()].every((m) => seen.has(m))).toBe(true);
    expect(duplicatesOf(seen)).toBe(0);
    // Both runs' dead letters, each line once.
    const letters = readDeadLetters(dead);
    expect(letters.map((l) => l.status).sort()).toEqual(['invalid', 'unreadable']);
  });

  it('refuses, exit 2, to resume for another input file, a changed one, or a file that is not a checkpoint', async () => {
    const input = writeMarkedInput(dir, 10);
    const other = writeMarkedInput(dir, 10, { name: 'other.ndjson', from: 50 });
    const checkpoint = join(dir, 'cp.json');
    await send(input.path, ['--checkpoint', checkpoint]);
    const requests = emulator.stats().requests;

    const wrong = await send(other.path, ['--checkpoint', checkpoint]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`the checkpoint ${checkpoint} is for another input: it was made for ${input.path}, not ${other.path}`);

    appendFileSync(input.path, `${JSON.stringify({ appended: true })}\n`);
    const grown = await send(input.path, ['--checkpoint', checkpoint]);
    expect(grown.code).toBe(2);
    expect(grown.stderr).toMatch(/changed size \(\d+ bytes then, \d+ now\)/);

    writeFileSync(checkpoint, '{"format": "something else"}');
    const bad = await send(input.path, ['--checkpoint', checkpoint]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a checkpoint of connect-signals send');
    expect(emulator.stats().requests).toBe(requests);
  });

  it('is refused with --dry-run (usage error)', async () => {
    const run = await runCli(['send', 'x.ndjson', '--dry-run', '--checkpoint', join(dir, 'cp.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--checkpoint records what was sent: it cannot be used with --dry-run');
    expect(existsSync(join(dir, 'cp.json'))).toBe(false);
  });
});

describe('the dead-letter file on resume', () => {
  it('is appended to, and a last line cut short by a crash is removed first', async () => {
    const path = join(dir, 'dead.ndjson');
    writeFileSync(path, '{"line":1,"status":"invalid"}\n{"line":2,"sta');
    const writer = await DeadLetterWriter.open(path, { append: true });
    writer.write({ line: 3, status: 'invalid', code: 'invalid', reason: 'x' });
    await writer.sync();
    await writer.close();
    expect(readFileSync(path, 'utf8').split('\n').map((l) => (l === '' ? l : JSON.parse(l).line))).toEqual([1, 3, '']);
  });
});
