/**
 * `connect-signals send` on real files against a real local server: every
 * line accounted for, the summary, the dead-letter file and its replay,
 * progress only on a TTY, and exit statuses.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { startFakeConnect, type FakeConnect } from './helpers/fake-connect.js';
import { markedSignals } from './helpers/accounting.js';
import { referenceExamples } from './fixtures/reference-examples.js';
import { tempDir } from './helpers/temp-dir.js';

let fake: FakeConnect;
let dir: string;
beforeEach(async () => {
  fake = await startFakeConnect();
  dir = tempDir('cs-send-');
});
afterEach(() => fake.close());

const env = { CONNECT_API_KEY: 'cli-key' };
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
const json = (v: unknown) => JSON.stringify(v);

/** 4 valid, 1 invalid, 1 unreadable, 1 in the file-import form. */
function mixedFile(): string {
  const [a, b, c, d] = markedSignals(4);
  return file('mixed.ndjson', [
    json(a),
    json({ ...referenceExamples.order, signalContent: { ...referenceExamples.order.signalContent, orderId: undefined } }),
    json(b),
    '{not json',
    json({ signal: c }),
    json(d),
  ]);
}

describe('connect-signals send', () => {
  it('accounts for every line: --json summary, dead letters, exit 1', async () => {
    const dead = join(dir, 'dead.ndjson');
    const run = await runCli(['send', mixedFile(), '--endpoint', fake.url, '--dead-letter', dead, '--json'], { env });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ total: 6, valid: 4, invalid: 2, unreadable: 1, accepted: 4, failed: 0, batches: 1, requests: 1, deadLetters: 2 });
    expect(summary.accepted + summary.invalid + summary.failed).toBe(summary.total);
    expect(summary.byType).toMatchObject({ addToCart: { accepted: 4 }, order: { invalid: 1 }, '(unreadable)': { invalid: 1 } });
    const letters = readFileSync(dead, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.line - b.line);
    expect(letters).toMatchObject([
      { line: 2, status: 'invalid', code: 'invalid', reason: 'signalContent.orderId is required', signal: { signalContent: { signalType: 'order' } } },
      { line: 4, status: 'unreadable', code: 'invalid_json', raw: '{not json' },
    ]);
    expect(run.stderr).toContain('line 2: invalid: signalContent.orderId is required');
  });

  it('exit 0 when every signal is accepted; 1,234 lines make exactly 3 requests', async () => {
    const path = file('many.ndjson', markedSignals(1234).map(json));
    const run = await runCli(['send', path, '--endpoint', fake.url, '--json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 1234, accepted: 1234, batches: 3, requests: 3 });
    expect(fake.requests.map((r) => r.signals.length).sort()).toEqual([234, 500, 500]);
  });

  it('reads a JSON array too', async () => {
    const path = file('array.json', [json(markedSignals(3))]);
    const run = await runCli(['send', path, '--endpoint', fake.url, '--json'], { env });
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 3, accepted: 3 });
  });

  it('failed deliveries go to the dead-letter file, and replaying it delivers them once the cause is fixed', async () => {
    fake.script = () => ({ status: 503 });
    const dead = join(dir, 'dead.ndjson');
    const path = file('in.ndjson', markedSignals(3).map(json));
    const first = await runCli(['send', path, '--endpoint', fake.url, '--dead-letter', dead, '--attempts', '2', '--json'], { env });
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout)).toMatchObject({ accepted: 0, failed: 3, deadLetters: 3 });
    const letters = readFileSync(dead, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(letters[0]).toMatchObject({ line: 1, status: 'failed', code: 'ERR_HTTP', reason: 'HTTP 503: Service Unavailable', attempts: 2, ambiguous: false });

    fake.script = () => undefined;
    const before = fake.imported.length;
    const replay = await runCli(['send', dead, '--endpoint', fake.url, '--json'], { env });
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ total: 3, accepted: 3 });
    expect(fake.imported.slice(before).map((s) => s.sessionId)).toEqual(['S0', 'S1', 'S2']);
  }, 20_000);

  it('--dry-run validates and batches, sends nothing, needs no key', async () => {
    const run = await runCli(['send', mixedFile(), '--dry-run', '--batch-size', '2', '--json'], { env: {} });
    expect(fake.requests).toHaveLength(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 6, valid: 4, invalid: 2, batches: 2, accepted: 0, dryRun: true });
    expect(run.code).toBe(1);
  });

  it('a human summary on stdout without --json', async () => {
    const run = await runCli(['send', mixedFile(), '--endpoint', fake.url], { env });
    expect(run.stdout).toContain(`Sent 4 of 6 signals to ${fake.url} in 1 batch (1 request)`);
    expect(run.stdout).toMatch(/accepted\s+4/);
    expect(run.stdout).toContain('Use --dead-letter FILE');
  });

  it('a progress bar on stderr only when stderr is a TTY', async () => {
    const path = mixedFile();
    const tty = await runCli(['send', path, '--endpoint', fake.url, '--json'], { env, tty: true });
    expect(tty.stderr).toMatch(/signals\/s \| accepted 4 \| invalid 2 \| failed 0/);
    const pipe = await runCli(['send', path, '--endpoint', fake.url, '--json'], { env });
    expect(pipe.stderr).not.toContain('\u001b');
    expect(pipe.stderr).not.toContain('signals/s');
  });

  it('--batch-size, --concurrency, --tier, --app-key, --rate and --timeout reach the client', async () => {
    const { appKey: _drop, ...noKey } = referenceExamples.addToCart;
    const path = file('t.ndjson', [json(noKey), json(referenceExamples.pageView), json(noKey)]);
    const run = await runCli(
      ['send', path, '--endpoint', fake.url, '--tier', 'pro', '--app-key', 'app-1', '--batch-size', '1', '--concurrency', '1', '--rate', '1000/s', '--timeout', '5000', '--json'],
      { env },
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 3, accepted: 2, invalid: 1, requests: 2 });
    expect(fake.requests.map((r) => r.signals[0]!.appKey)).toEqual(['app-1', 'app-1']);
  });

  it.each([
    [['send'], 'give the file of signals to send'],
    [['send', 'a', 'b', '--endpoint', 'http://127.0.0.1:1/'], 'give one file'],
    [['send', 'a.ndjson'], 'give --endpoint URL or --region'],
    [['send', 'a.ndjson', '--endpoint', 'http://127.0.0.1:1/', '--batch-size', '501'], 'batchSize: must be a whole number from 1 to 500'],
    [['send', 'a.ndjson', '--region', 'mars-1'], '--region must be one of us-1, eu-1, ap-3'],
    [['send', 'a.ndjson', '--endpoint', 'http://10.0.0.1/'], 'plain http:// is only allowed for loopback hosts'],
    [['send', 'a.ndjson', '--endpoint', 'http://127.0.0.1:1/', '--tier', 'gold'], '--tier must be one of pro, premium, ultimate'],
    [['send', 'a.ndjson', '--endpoint', 'http://127.0.0.1:1/', '--rate', 'fast'], '--rate must be'],
    [['send', 'a.ndjson', '--endpoint', 'http://127.0.0.1:1/', '--bogus'], "Unknown option '--bogus'"],
  ])('usage error %j → exit 2', async (args, message) => {
    const run = await runCli(args, { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('a missing input file or an unwritable dead-letter file → exit 2, nothing sent', async () => {
    const missing = await runCli(['send', join(dir, 'nope.ndjson'), '--endpoint', fake.url], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const unwritable = await runCli(['send', mixedFile(), '--endpoint', fake.url, '--dead-letter', join(dir, 'no', 'such', 'dir.ndjson')], { env });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the dead-letter file');
    expect(fake.requests).toHaveLength(0);
  });

  it('needs an API key unless --dry-run', async () => {
    const run = await runCli(['send', mixedFile(), '--endpoint', fake.url], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give --api-key or set CONNECT_API_KEY');
  });

  it('SIGINT (io.signal aborted): stops reading, prints the summary, exit 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await runCli(['send', mixedFile(), '--endpoint', fake.url, '--json'], { env, signal: controller.signal });
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 0, aborted: true });
    expect(fake.requests).toHaveLength(0);
  });

  it('--help prints the options', async () => {
    const run = await runCli(['send', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--dead-letter FILE');
  });
});
