/**
 * Input limits through `send`: a line over --max-line-bytes, invalid UTF-8
 * and prototype-looking keys are data problems of one line each: reported
 * with the line number, dead-lettered, never object behaviour.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../src/emulator/index.js';
import { markedSignals } from './helpers/accounting.js';
import { readDeadLetters, receivedMarkers } from './helpers/reliability.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';

let emulator: EmulatorHandle;
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.stop());

it('a too-long line, invalid UTF-8 and __proto__ keys: each line dead-lettered or sent as data, with its line number', async () => {
  const dir = tempDir('cs-limits-');
  const [a, b, c] = markedSignals(3);
  const input = join(dir, 'in.ndjson');
  const huge = JSON.stringify({ ...b, padding: 'x'.repeat(2 * 1024 * 1024) });
  const proto = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(c).slice(1)}`;
  writeFileSync(input, Buffer.concat([
    Buffer.from(`${JSON.stringify(a)}\n${huge}\n`),
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), // {"\xff\xfe"}
    Buffer.from(`${proto}\n`),
  ]));
  const dead = join(dir, 'dead.ndjson');
  const run = await runCli(['send', input, '--endpoint', emulator.graphqlUrl, '--dead-letter', dead, '--json'], { env: { CONNECT_API_KEY: emulator.apiKey } });
  const summary = JSON.parse(run.stdout);
  expect(summary).toMatchObject({ total: 4, accepted: 2, unreadable: 2, failed: 0 });
  const letters = readDeadLetters(dead).sort((x, y) => x.line - y.line);
  expect(letters.map((l) => [l.line, l.code])).toEqual([[2, 'line_too_long'], [3, 'invalid_utf8']]);
  expect(letters[0]!.raw!.length).toBeLessThanOrEqual(1024);
  expect(run.stderr).toContain('line 2: unreadable:');
  expect(receivedMarkers(emulator).has('S2')).toBe(true);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
