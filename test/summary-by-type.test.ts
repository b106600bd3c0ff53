/**
 * The "By type:" section that `send` and `enqueue` summaries share: one line
 * per signal type, in name order, the name padded to a column.
 */
import { expect, it } from 'vitest';
import { byTypeLines } from '../src/report/send-summary.js';

it('lists the types in name order under a heading, each padded to one column, with the counts the caller words', () => {
  const lines = byTypeLines({ pageView: 2, addToCart: 10, '(unreadable)': 1 }, (c) => `${c} seen`);
  expect(lines).toEqual(['By type:', `  ${'(unreadable)'.padEnd(22)} 1 seen`, `  ${'addToCart'.padEnd(22)} 10 seen`, `  ${'pageView'.padEnd(22)} 2 seen`]);
});

it('gives no section at all when there are no types', () => {
  expect(byTypeLines({}, () => 'x')).toEqual([]);
});
