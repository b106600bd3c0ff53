/**
 * The README documents every default; this keeps its tables equal to the one
 * constant each default lives in, so neither can drift alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_DEFAULTS, EMULATOR_DEFAULTS, READ_DEFAULTS } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README table row whose first cell is exactly `cell`. */
function row(cell: string): string {
  const line = readme.split('\n').find((l) => l.startsWith(`| ${cell} |`));
  if (line === undefined) throw new Error(`README.md has no table row for ${cell}`);
  return line;
}

/** Whether the row's default column (the third: name | type | default | example) gives `n`, as 30000 or 30,000. */
function mentions(line: string, n: number): boolean {
  const cell = line.split('|')[3] ?? '';
  return [String(n), n.toLocaleString('en-US')].some((f) => new RegExp(`(^|[^\\d,.])${f}([^\\d,.]|$)`).test(cell));
}

describe('README defaults equal the code', () => {
  it.each([
    ['`batchSize`', CLIENT_DEFAULTS.batchSize],
    ['`concurrency`', CLIENT_DEFAULTS.concurrency],
    ['`timeoutMs`', CLIENT_DEFAULTS.timeoutMs],
    ['`retry.attempts`', CLIENT_DEFAULTS.retry.attempts],
    ['`retry.backoffMs`', CLIENT_DEFAULTS.retry.backoffMs],
    ['`retry.maxDelayMs`', CLIENT_DEFAULTS.retry.maxDelayMs],
    ['`retry.maxRetryAfterMs`', CLIENT_DEFAULTS.retry.maxRetryAfterMs],
    ['`flushIntervalMs`', CLIENT_DEFAULTS.flushIntervalMs],
    ['`keepOutcomes`', CLIENT_DEFAULTS.keepOutcomes],
  ])('client option %s', (cell, value) => {
    expect(mentions(row(cell), value), row(cell)).toBe(true);
  });

  it.each([
    ['`--batch-size N`', CLIENT_DEFAULTS.batchSize],
    ['`--concurrency N`', CLIENT_DEFAULTS.concurrency],
    ['`--timeout MS`', CLIENT_DEFAULTS.timeoutMs],
    ['`--attempts N`', CLIENT_DEFAULTS.retry.attempts],
    ['`--max-line-bytes N`', READ_DEFAULTS.maxLineBytes],
  ])('send flag %s', (cell, value) => {
    expect(mentions(row(cell), value), row(cell)).toBe(true);
  });

  it.each([
    ['`--max-line-bytes`', READ_DEFAULTS.maxLineBytes],
    ['`maxLineBytes`', READ_DEFAULTS.maxLineBytes],
    ['`maxDepth`', READ_DEFAULTS.maxDepth],
    ['`--max-body-bytes N`', EMULATOR_DEFAULTS.maxBodyBytes],
  ])('reader and emulator setting %s', (cell, value) => {
    expect(mentions(row(cell), value), row(cell)).toBe(true);
  });
});
