/**
 * The `send` process bounds V8's young generation at the size a short run
 * reaches (8 MB semi-spaces), so that peak RSS does not grow with the file.
 * Real child processes: one runs a workload whose objects survive scavenges
 * (as a stream's signals in flight do) with the bounds, one without them, and
 * each reports the largest young generation it saw.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SEND_SEMI_SPACE_BYTES } from '../src/cli/commands/send-heap.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Allocates ~1.5 s worth of short-lived objects, keeping the last few MB alive; prints the largest new space seen. */
const WORKLOAD = `
import { getHeapSpaceStatistics } from 'node:v8';
if (process.env.BOUND === '1') (await import('./src/cli/commands/send-heap.ts')).boundSendHeap();
const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const ring = new Array(20000);
let largest = 0;
for (let round = 0, i = 0; round < 300; round++) {
  for (let k = 0; k < 5000; k++, i++) ring[i % ring.length] = { i, text: 'x'.repeat(64) + i, list: [i, i + 1, i + 2] };
  largest = Math.max(largest, newSpace());
  await new Promise((resolve) => setImmediate(resolve));
  if (round % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
console.log(largest);
`;

/** Drops 256 fresh 1 MiB Buffers one after another (as a stream's chunks are); prints the most they held at once. */
const BUFFERS = `
if (process.env.BOUND === '1') (await import('./src/cli/commands/send-heap.ts')).boundSendHeap();
const before = process.memoryUsage().arrayBuffers;
let peak = 0;
for (let i = 0; i < 256; i++) {
  peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
  Buffer.alloc(1024 * 1024, 0x61);
  if (i % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
}
console.log(peak);
`;

/** Runs a workload in a child process, with or without the bounds; returns the number it prints. */
async function measure(workload: string, bound: boolean): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', workload], {
    cwd: root,
    env: { ...process.env, BOUND: bound ? '1' : '0' },
  });
  return Number(stdout.trim());
}

describe('send: V8 heap bounds of the process', () => {
  it('the young generation stops at 8 MB semi-spaces, where it would otherwise grow on', async () => {
    const [unbounded, bounded] = await Promise.all([measure(WORKLOAD, false), measure(WORKLOAD, true)]);
    // The workload makes the young generation grow past the bound when nothing stops it...
    expect(unbounded).toBeGreaterThan(2 * SEND_SEMI_SPACE_BYTES);
    // ...and boundSendHeap stops it there (V8 reports both semi-spaces together).
    expect(bounded).toBeLessThanOrEqual(2 * SEND_SEMI_SPACE_BYTES);
  }, 30_000);

  it('frees dropped Buffers within 64 MiB (Node 24 alone waits for 128 MiB of them)', async () => {
    // V8 13 scavenges for young Buffers only at 2 × its default largest semi-space (youngGenerationFlags).
    expect(await measure(BUFFERS, true)).toBeLessThan(64 * 1024 * 1024);
  }, 30_000);
});
