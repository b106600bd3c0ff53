// The baseline of bench/outbox.ts: the least a relay can do. Loops that each claim 500 rows with
// the relay's query (FOR UPDATE SKIP LOCKED, a lease, committed at once, starting after the last id
// claimed, from the head again when a claim comes back short: src/outbox/claim-start.ts), POST them
// with fetch (the rows' JSON text joined into the body, not parsed), and delete them; 4 loops (as the
// relay's 4 requests in flight), until a claim from the head finds nothing. No validation, no retries.
//   node bench/outbox-bare-relay.mjs POSTGRES_URL ENDPOINT   (env BARE_CONCURRENCY, default 4)
// Prints {"accepted", "ms"}.
import pg from 'pg';

const [url, endpoint] = process.argv.slice(2);
const concurrency = Number(process.env.BARE_CONCURRENCY ?? 4);
const query = 'mutation CreateSignals($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }';
const t = '"public"."connect_signals_outbox"';
const claim = `UPDATE ${t} SET deliveries = deliveries + 1, leased_until = now() + 30000 * interval '1 millisecond', leased_by = $2
WHERE id IN (SELECT id FROM ${t} WHERE (leased_until IS NULL OR leased_until < now()) AND id > $3 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING id::text AS id, signal::text AS text, deliveries`;
const pool = new pg.Pool({ connectionString: url, max: concurrency });
const started = performance.now();
let accepted = 0;
/** The last id claimed ('0': the head), shared by the loops as a relay's claims share it. */
let after = '0';
/** Whether id `a` (decimal text, no leading zeros) is after `b`: compared as text, as the relay does (no BigInt per row). */
const isAfter = (a, b) => a.length > b.length || (a.length === b.length && a > b);

async function loop(n) {
  for (;;) {
    const from = after;
    const { rows } = await pool.query(claim, [500, `bare-${n}`, from]);
    if (rows.length < 500) after = '0';
    else for (const r of rows) if (isAfter(r.id, after)) after = r.id;
    if (rows.length === 0) {
      if (from === '0') return;
      continue;
    }
    const body = `{"query":${JSON.stringify(query)},"variables":{"signals":[${rows.map((r) => r.text).join(',')}]}}`;
    const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'bench' }, body });
    const answer = await res.json();
    accepted += answer.data.createSignals.signalIds.length;
    await pool.query(`DELETE FROM ${t} WHERE id = ANY($1::bigint[])`, [`{${rows.map((r) => r.id).join(',')}}`]); // an array literal, as the relay sends
  }
}

await Promise.all(Array.from({ length: concurrency }, (_, n) => loop(n)));
await pool.end();
console.log(JSON.stringify({ accepted, ms: performance.now() - started }));
