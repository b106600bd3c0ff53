// The emulator benchmark's client: reads an NDJSON file once, makes every
// 500-signal request body up front, then POSTs them with fetch, N in flight,
// so that the client costs as little as possible and the server is measured.
//   node bench/lean-client.mjs FILE URL   (env LEAN_CONCURRENCY, default 8; LEAN_API_KEY)
// Prints {"accepted", "ms"}: ms from the first request to the last answer.
import { readFileSync } from 'node:fs';

const [file, url] = process.argv.slice(2);
const query = 'mutation CreateSignals($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const concurrency = Number(process.env.LEAN_CONCURRENCY ?? 8);
const apiKey = process.env.LEAN_API_KEY ?? 'bench';
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const bodies = [];
for (let i = 0; i < lines.length; i += 500) bodies.push(`{"query":${JSON.stringify(query)},"variables":{"signals":[${lines.slice(i, i + 500).join(',')}]}}`);

let accepted = 0;
let next = 0;
async function worker() {
  while (next < bodies.length) {
    const body = bodies[next++];
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });
    const answer = await res.json();
    if (answer.data?.createSignals?.signalIds === undefined) throw new Error(`lean-client: ${JSON.stringify(answer).slice(0, 300)}`);
    accepted += answer.data.createSignals.signalIds.length;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(JSON.stringify({ accepted, ms: performance.now() - started }));
