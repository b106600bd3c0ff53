/**
 * Benchmark input: NDJSON files of the reference examples mixed (all 11
 * types), each line with its own ids, written once per size under .tmp/bench/.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { referenceExamples } from '../test/fixtures/reference-examples.js';

const dir = fileURLToPath(new URL('../.tmp/bench/', import.meta.url));

/** One signal of the mix, made distinct by `i`. */
export function benchSignal(i: number): Record<string, unknown> {
  const examples = Object.values(referenceExamples);
  const base = examples[i % examples.length]!;
  const content: Record<string, unknown> = { ...base.signalContent };
  if ('productId' in content) content.productId = `P-${i}`;
  if ('orderId' in content) content.orderId = `O-${i}`;
  return { ...base, sessionId: `SESS-${i % 1000}`, signalContent: content };
}

/** Path of an NDJSON file with `count` signals, written if it does not exist yet. */
export async function signalsFile(count: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = `${dir}signals-${count}.ndjson`;
  if (existsSync(file)) return file;
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${JSON.stringify(benchSignal(i))}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(tmp, file);
  return file;
}
