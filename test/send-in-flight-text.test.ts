/**
 * A batch in flight holds its signals only as the bytes of its request body
 * (and `send` holds each record only as its line's text): the halves of a
 * batch Connect rejects are cut out of those bytes, and a dead letter's
 * signal is parsed again from the line. Nothing is lost or changed on the
 * way: a real HTTP server on 127.0.0.1 records each body's exact text.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSignalsClient, readSignals, signalText, type SignalOutcome, type SignalRecord } from '../src/index.js';
import { markedSignals } from './helpers/accounting.js';
import { startFakeConnect, type FakeConnect } from './helpers/fake-connect.js';
import { runCli } from './helpers/run-cli.js';

type Signal = Record<string, unknown>;

let dir: string;
let connect: FakeConnect;
let url: string;
/** How the server answers: ids, except 400 for a body with a BAD signal; or 503 to everything. */
let mode: 'up' | 'down' = 'up';
/** Signals answered with ids. */
let imported: Signal[];
/** Each request body's exact text. */
const bodies = () => connect.requests.map((r) => r.text);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'send-in-flight-'));
  connect = await startFakeConnect((request) => {
    if (request.body.variables === undefined) return { status: 400, body: { errors: [{ message: 'the body is not JSON' }] } };
    if (mode === 'down') return { status: 503, body: {} };
    if (request.signals.some((s) => String(s.sessionId).startsWith('BAD'))) {
      return { status: 400, body: { errors: [{ message: 'Variable "$signals" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] } };
    }
    return undefined; // an id for each
  });
  url = connect.url;
});
afterAll(async () => {
  await connect.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  mode = 'up';
  connect.requests.length = 0;
  connect.imported.length = 0;
  imported = connect.imported as Signal[];
});

/** Every other signal spaced out, so that a body made from the lines differs from one serialized again. */
function lineOf(signal: Signal, i: number): string {
  return i % 2 === 0 ? JSON.stringify(signal) : JSON.stringify(signal, null, 1).replace(/\n/g, ' ');
}

async function recordsOf(file: string): Promise<SignalRecord[]> {
  const records: SignalRecord[] = [];
  for await (const r of readSignals(file)) if (r.ok) records.push(r);
  return records;
}

describe('signals in flight as body bytes', () => {
  it('a rejected batch is halved out of its body: each half carries its lines exactly, the good signals get through once, the bad ones fail', async () => {
    const signals = markedSignals(10).map((s, i) => (i === 3 || i === 7 ? { ...s, sessionId: `BAD${i}` } : i === 5 ? { ...s, sessionId: 'S5-ünïcødé-✓' } : s));
    const lines = signals.map(lineOf);
    const file = path.join(dir, 'split.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const outcomes: SignalOutcome[] = [];
    const client = createSignalsClient({ endpoint: url, apiKey: 'k', batchSize: 10, on: { outcome: (o) => outcomes.push(o) } });

    const report = await client.send(await recordsOf(file), { signalOf: (r) => r.signal, jsonOf: signalText });

    expect(report).toMatchObject({ total: 10, accepted: 8, failed: 2 });
    expect(report.splits).toBeGreaterThan(0);
    const failedLines = outcomes.filter((o) => o.status === 'failed').map((o) => (o.input as SignalRecord).line);
    expect(failedLines.sort((a, b) => a - b)).toEqual([4, 8]);
    expect(imported.map((s) => s.sessionId).sort()).toEqual(signals.filter((_, i) => i !== 3 && i !== 7).map((s) => s.sessionId).sort());
    // Every body (the whole batch, then each half) is the lines it carries, joined as the file wrote them.
    expect(bodies().length).toBeGreaterThan(1);
    for (const body of bodies()) {
      const sent = (JSON.parse(body) as { variables: { signals: Signal[] } }).variables.signals;
      const at = sent.map((s) => signals.findIndex((x) => x.sessionId === s.sessionId));
      expect(at.every((i, k) => i >= 0 && (k === 0 || i === at[k - 1]! + 1))).toBe(true);
      expect(body).toContain(`"signals":[${at.map((i) => lines[i]).join(',')}]}`);
    }
  });

  it('a signal given without its text keeps its own body: halves are serialized from the signals', async () => {
    const signals = markedSignals(6).map((s, i) => (i === 2 ? { ...s, sessionId: 'BAD2' } : s));
    const client = createSignalsClient({ endpoint: url, apiKey: 'k', batchSize: 6 });
    const report = await client.send(signals);
    expect(report).toMatchObject({ total: 6, accepted: 5, failed: 1 });
    expect(imported.map((s) => s.sessionId).sort()).toEqual(['S0', 'S1', 'S3', 'S4', 'S5']);
  });
});

describe('send: dead letters parsed again from the line', () => {
  const env = { CONNECT_API_KEY: 'k' };

  it('every form of record (bare line, {"signal": ...} line, multi-line array element) comes back whole, on one line, and replays', async () => {
    const [a, b, c, d] = markedSignals(4);
    const ndjson = path.join(dir, 'forms.ndjson');
    await writeFile(ndjson, `${lineOf(a!, 1)}\n${JSON.stringify({ signal: b })}\n`);
    const array = path.join(dir, 'forms.json');
    const arrayText = JSON.stringify([c, d], null, 2);
    await writeFile(array, `${arrayText}\n`);
    /** The line where the array's second element starts. */
    const dLine = arrayText.slice(0, arrayText.lastIndexOf('\n  {') + 1).split('\n').length;
    mode = 'down';

    const dead = path.join(dir, 'dead.ndjson');
    const first = await runCli(['send', ndjson, '--endpoint', url, '--dead-letter', dead, '--attempts', '1', '--json'], { env });
    expect(JSON.parse(first.stdout)).toMatchObject({ total: 2, failed: 2, deadLetters: 2 });
    const deadArray = path.join(dir, 'dead-array.ndjson');
    const second = await runCli(['send', array, '--endpoint', url, '--dead-letter', deadArray, '--attempts', '1', '--json'], { env });
    expect(JSON.parse(second.stdout)).toMatchObject({ total: 2, failed: 2, deadLetters: 2 });

    const letters = [...(await readFile(dead, 'utf8')).trim().split('\n'), ...(await readFile(deadArray, 'utf8')).trim().split('\n')].map(
      (l) => JSON.parse(l) as { line: number; status: string; code: string; signal: Signal },
    );
    expect(letters.map((l) => [l.line, l.status, l.code])).toEqual([
      [1, 'failed', 'ERR_HTTP'],
      [2, 'failed', 'ERR_HTTP'],
      [2, 'failed', 'ERR_HTTP'],
      [dLine, 'failed', 'ERR_HTTP'],
    ]);
    expect(letters.map((l) => l.signal)).toEqual([a, b, c, d]);

    mode = 'up';
    for (const file of [dead, deadArray]) {
      const replay = await runCli(['send', file, '--endpoint', url, '--json'], { env });
      expect(JSON.parse(replay.stdout)).toMatchObject({ total: 2, accepted: 2 });
    }
    expect(imported).toEqual([a, b, c, d]);
  });

  it('an invalid signal is dead-lettered with the signal as the file had it', async () => {
    const [a] = markedSignals(1);
    const invalid = { ...a, signalContent: { ...(a!.signalContent as Signal), signalType: 'noSuchType' } };
    const file = path.join(dir, 'invalid.ndjson');
    await writeFile(file, `${lineOf(invalid, 1)}\n`);
    const dead = path.join(dir, 'dead-invalid.ndjson');
    const run = await runCli(['send', file, '--endpoint', url, '--dead-letter', dead, '--json'], { env });
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1, invalid: 1, deadLetters: 1 });
    const letter = JSON.parse((await readFile(dead, 'utf8')).trim()) as { line: number; status: string; signal: Signal };
    expect(letter).toMatchObject({ line: 1, status: 'invalid' });
    expect(letter.signal).toEqual(invalid);
  });
});
