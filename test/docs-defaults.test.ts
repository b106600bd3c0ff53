/**
 * The guides document every default (docs/client.md, docs/validation.md,
 * docs/emulator.md); this keeps their tables equal to the one constant each
 * default lives in, so neither can drift alone.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_DEFAULTS, EMULATOR_DEFAULTS, READ_DEFAULTS } from '../src/index.js';
import { readPage } from './helpers/markdown.js';

/** The table row of `page` whose first cell is exactly `cell`. */
function row(page: string, cell: string): string {
  const line = readPage(page).split('\n').find((l) => l.startsWith(`| ${cell} |`));
  if (line === undefined) throw new Error(`${page} has no table row for ${cell}`);
  return line;
}

/** Whether the row's default column (the third: name | type | default | example) gives `n`, as 30000 or 30,000. */
function mentions(line: string, n: number): boolean {
  const cell = line.split('|')[3] ?? '';
  return [String(n), n.toLocaleString('en-US')].some((f) => new RegExp(`(^|[^\\d,.])${f}([^\\d,.]|$)`).test(cell));
}

describe('the guides\' defaults equal the code', () => {
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
  ])('client option %s (docs/client.md)', (cell, value) => {
    expect(mentions(row('docs/client.md', cell), value), row('docs/client.md', cell)).toBe(true);
  });

  it.each([
    ['`--batch-size N`', CLIENT_DEFAULTS.batchSize],
    ['`--concurrency N`', CLIENT_DEFAULTS.concurrency],
    ['`--timeout MS`', CLIENT_DEFAULTS.timeoutMs],
    ['`--attempts N`', CLIENT_DEFAULTS.retry.attempts],
    ['`--max-line-bytes N`', READ_DEFAULTS.maxLineBytes],
  ])('send flag %s (docs/client.md)', (cell, value) => {
    expect(mentions(row('docs/client.md', cell), value), row('docs/client.md', cell)).toBe(true);
  });

  it.each([
    ['docs/validation.md', '`--max-line-bytes`', READ_DEFAULTS.maxLineBytes],
    ['docs/validation.md', '`maxLineBytes`', READ_DEFAULTS.maxLineBytes],
    ['docs/validation.md', '`maxDepth`', READ_DEFAULTS.maxDepth],
    ['docs/emulator.md', '`--max-body-bytes N`', EMULATOR_DEFAULTS.maxBodyBytes],
  ])('reader and emulator setting in %s: %s', (page, cell, value) => {
    expect(mentions(row(page, cell), value), row(page, cell)).toBe(true);
  });
});
