/**
 * The problem lines a run prints (src/report/problem-lines.ts) come in line
 * order, whatever order the problems were found in (an unreadable line is
 * found as it is read, an invalid signal later, when it is validated); the
 * ones kept are those of the lowest lines; problems of one line keep the
 * order they were found in; texts are masked. And `npm start`'s report
 * (the demo) lists lines 18–21 in that order.
 */
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProblemLines } from '../src/report/problem-lines.js';
import { runCli } from './helpers/run-cli.js';

function printed(problems: ProblemLines): string[] {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  problems.print(out);
  return Buffer.concat(chunks).toString().split('\n').filter((l) => l.length > 0);
}

describe('problem lines', () => {
  it('are printed in line order, the lowest lines kept, then the count of the rest', () => {
    const p = new ProblemLines(3);
    for (const line of [21, 18, 5, 19, 20, 2]) p.add(line, `problem of ${line}`);
    expect(printed(p)).toEqual(['line 2: problem of 2', 'line 5: problem of 5', 'line 18: problem of 18', '... and 3 more problem lines']);
  });

  it('keep the order problems of one line were found in, and are masked', () => {
    const p = new ProblemLines();
    p.add(7, 'failed: second');
    p.add(3, 'invalid: jane.doe@example.com is not allowed');
    p.add(7, 'failed: third');
    expect(printed(p)).toEqual(['line 3: invalid: j***@example.com is not allowed', 'line 7: failed: second', 'line 7: failed: third']);
  });

  it('for any order of finding: the `limit` lowest, sorted (stable), and the right count of the rest', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 60 }), fc.nat(25), (lines, limit) => {
        const p = new ProblemLines(limit);
        lines.forEach((line, i) => p.add(line, `#${i}`));
        const expected = lines
          .map((line, i) => ({ line, i }))
          .sort((a, b) => a.line - b.line || a.i - b.i)
          .slice(0, limit)
          .map(({ line, i }) => `line ${line}: #${i}`);
        if (lines.length > limit) expected.push(`... and ${lines.length - limit} more problem lines`);
        expect(printed(p)).toEqual(expected);
      }),
    );
  });

  it('npm start (the demo) lists its problem lines 18, 19, 20, 21 in that order', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    const lines = [...run.stderr.matchAll(/^line (\d+):/gm)].map((m) => Number(m[1]));
    expect(lines).toEqual([18, 19, 20, 21]);
  });
});
