// The baseline of bench/send-throughput.ts: the least a sender can do.
// Streams lines, JSON.parse each, groups them by 500, POSTs {query, variables}
// with fetch, 4 in flight; no validation, no retries.
//   node bench/bare-send.mjs FILE URL   (env BARE_CONCURRENCY, default 4; BARE_API_KEY)
// Prints {"accepted", "ms"}: ms from the first line read to the last answer.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const [file, url] = process.argv.slice(2);
const query = 'mutation CreateSignals($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const inFlight = new Set();
const concurrency = Number(process.env.BARE_CONCURRENCY ?? 4);
const apiKey = process.env.BARE_API_KEY ?? 'bench';
const started = performance.now();
let accepted = 0;

async function post(signals) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query, variables: { signals } }),
  });
  const body = await res.json();
  accepted += body.data.createSignals.signalIds.length;
}

let batch = [];
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (line === '') continue;
  batch.push(JSON.parse(line));
  if (batch.length === 500) {
    const p = post(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
    batch = [];
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
}
if (batch.length > 0) await post(batch);
await Promise.all(inFlight);
console.log(JSON.stringify({ accepted, ms: performance.now() - started }));
