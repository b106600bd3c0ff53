/**
 * `connect-signals validate` end to end, in-process, on real temp files:
 * exit statuses, the human report (masked) and the --json document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { addToCartExample, errorExample, orderExample, pageViewExample, referenceExamples } from './fixtures/reference-examples.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
async function file(content: string): Promise<string> {
  const p = path.join(dir, `signals-${n++}.ndjson`);
  await writeFile(p, content);
  return p;
}

const line = (v: unknown) => JSON.stringify(v);
const withContent = (base: object, change: Record<string, unknown>) => {
  const s = structuredClone(base) as { signalContent: Record<string, unknown> };
  Object.assign(s.signalContent, change);
  return s;
};

interface JsonReport {
  total: number;
  valid: number;
  invalid: number;
  results: { line: number; valid: boolean; errors: { path: string; code: string; message: string }[]; warnings: { path: string; code: string; message: string }[] }[];
}

describe('connect-signals validate', () => {
  it('exits 0 and summarises a file of the 11 reference examples', async () => {
    const f = await file(Object.values(referenceExamples).map(line).join('\n'));
    const run = await runCli(['validate', f]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${f}: 11 signals, 11 valid, 0 invalid, 0 warnings`);
    expect(run.stdout).toMatch(/^addToCart\s+1\s+0\s+0$/m);
    expect(run.stdout).toMatch(/^total\s+11\s+0\s+0$/m);
  });

  it('exits 1 and lists each problem with its line, signal type, field and code', async () => {
    const f = await file([
      line(addToCartExample),
      line(withContent(addToCartExample, { itemQuantity: 2.5 })),
      '',
      'this is not json',
      line(withContent(pageViewExample, { effect: 'neutral' })),
    ].join('\n'));
    const run = await runCli(['validate', f]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('line 2 (addToCart): error: signalContent.itemQuantity must be an integer (got 2.5) [integer]');
    expect(run.stdout).toMatch(/^line 4: error: line 4 is not valid JSON.*\[invalid_json\]$/m);
    expect(run.stdout).toMatch(/^line 5 \(pageView\): warning: signalContent\.effect must be one of negative, positive \(got "neutral"\).*\[enum\]$/m);
    expect(run.stdout).toContain('4 signals, 2 valid, 2 invalid, 1 warning');
    expect(run.stdout).toMatch(/^\(unreadable\)\s+0\s+1\s+0$/m);
    expect(run.stdout).toMatch(/^addToCart\s+1\s+1\s+0$/m);
    expect(run.stdout).toMatch(/^pageView\s+1\s+0\s+1$/m);
  });

  it('--json writes one object with every record in input order', async () => {
    const f = await file([
      line(withContent(orderExample, { orderedItems: [{ productName: 'x', unitPrice: 1 }] })),
      '{"signal": ' + line(errorExample) + '}',
      '{broken',
      line(withContent(pageViewExample, { productID: 'x', pageGroup: 3 })),
    ].join('\r\n'));
    const run = await runCli(['validate', f, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report).toMatchObject({ total: 4, valid: 2, invalid: 2 });
    expect(report.results.map((r) => [r.line, r.valid])).toEqual([[1, false], [2, true], [3, false], [4, true]]);
    expect(report.results[0]!.errors).toEqual([{ path: 'signalContent.orderedItems[0].productId', code: 'required', message: 'signalContent.orderedItems[0].productId is required' }]);
    expect(report.results[1]).toEqual({ line: 2, valid: true, errors: [], warnings: [] });
    expect(report.results[2]!.errors[0]).toMatchObject({ path: '', code: 'invalid_json' });
    expect(report.results[3]!.warnings.map((w) => w.code)).toEqual(['type']);
    expect(Object.keys(report).sort()).toEqual(['invalid', 'results', 'total', 'valid']);
  });

  it('--json of an empty file is a complete document', async () => {
    const run = await runCli(['validate', await file('\n\n'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ results: [], total: 0, valid: 0, invalid: 0 });
  });

  it('reads a JSON array file', async () => {
    const f = await file(`[\n${line(addToCartExample)},\n${line(withContent(pageViewExample, { url: '' }))}\n]\n`);
    const run = await runCli(['validate', f, '--json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.code).toBe(1);
    expect(report.results.map((r) => [r.line, r.valid])).toEqual([[2, true], [3, false]]);
    expect(report.results[1]!.errors[0]).toMatchObject({ path: 'signalContent.url', code: 'min_length' });
  });

  it('--tier pro makes types the tier cannot import invalid', async () => {
    const f = await file([line(addToCartExample), line(pageViewExample), line(orderExample)].join('\n'));
    expect((await runCli(['validate', f])).code).toBe(0);
    const run = await runCli(['validate', f, '--tier', 'pro', '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.results.map((r) => r.valid)).toEqual([true, false, true]);
    expect(report.results[1]!.errors[0]!.code).toBe('tier_not_allowed');
    expect((await runCli(['validate', f, '--tier=premium'])).code).toBe(0);
  });

  it('a line over --max-line-bytes is invalid with its line number', async () => {
    const f = await file([line(pageViewExample), line(withContent(addToCartExample, { pad: 'p'.repeat(3000) }))].join('\n'));
    const run = await runCli(['validate', f, '--max-line-bytes', '2048', '--json']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.code).toBe(1);
    expect(report.results[1]).toMatchObject({ line: 2, valid: false, errors: [{ code: 'line_too_long' }] });
  });

  it('masks e-mail addresses and phone numbers in human output, not in --json', async () => {
    const f = await file([
      line({ ...pageViewExample, identifiableAttributes: { email: 'jane.doe@example' } }),
      line({ ...pageViewExample, identifiableAttributes: { sms: '403 554 9090' } }),
    ].join('\n'));
    const human = await runCli(['validate', f]);
    expect(human.stdout).not.toContain('jane.doe@example');
    expect(human.stdout).not.toContain('403 554 9090');
    expect(human.stdout).toContain('j***@example');
    const json = await runCli(['validate', f, '--json']);
    expect(json.stdout).toContain('jane.doe@example');
    expect(json.stdout).toContain('403 554 9090');
  });

  it.each([
    [['validate'], /a file to validate is required/],
    [['validate', 'a', 'b'], /expected one file/],
    [['validate', 'f', '--tier', 'gold'], /--tier must be one of pro, premium, ultimate/],
    [['validate', 'f', '--bogus'], /Unknown option '--bogus'/],
    [['validate', 'f', '--max-line-bytes', 'lots'], /--max-line-bytes must be a whole number ≥ 1 \(got "lots"\)/],
  ])('exits 2 for bad arguments: %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: connect-signals validate');
  });

  it('exits 2 for a file that does not exist, naming it', async () => {
    const missing = path.join(dir, 'missing.ndjson');
    const run = await runCli(['validate', missing, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${missing}: no such file`);
    expect(run.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--tier');
  });
});
