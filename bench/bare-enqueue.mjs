// The baseline of bench/queue-enqueue.ts: the least a producer can do.
// Streams lines and pipelines `XADD {connect-signals}:signals * signal <line>` with ioredis,
// 1000 per pipeline, 2 pipelines in flight (as `connect-signals enqueue` does); no parsing,
// no validation.
//   node bench/bare-enqueue.mjs FILE REDIS_URL
// Prints {"enqueued", "ms"}: ms from the first line read to the last reply.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';

const [file, url] = process.argv.slice(2);
const redis = new Redis(url);
const stream = '{connect-signals}:signals';
const inFlight = [];
const started = performance.now();
let enqueued = 0;

async function exec(pipeline) {
  const replies = await pipeline.exec();
  for (const [error] of replies) {
    if (error) throw error;
    enqueued++;
  }
}

let pipeline = redis.pipeline();
let size = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  pipeline.xadd(stream, '*', 'signal', line);
  if (++size === 1000) {
    inFlight.push(exec(pipeline));
    pipeline = redis.pipeline();
    size = 0;
    if (inFlight.length >= 2) await inFlight.shift();
  }
}
if (size > 0) inFlight.push(exec(pipeline));
await Promise.all(inFlight);
const ms = performance.now() - started;
await redis.quit();
console.log(JSON.stringify({ enqueued, ms }));
