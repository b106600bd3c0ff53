/**
 * The summary of `connect-signals send`: one JSON object (--json) or a few
 * lines for people. Lines that could not be read count as invalid, so
 * `accepted + invalid + failed === total` holds for the file.
 */
import type { SendReport, TypeCounts } from '../client/report.js';

/**
 * The --json summary object: the client's report (without per-signal
 * outcomes) with the file's unreadable lines counted in.
 */
export interface SendSummary extends Omit<SendReport, 'outcomes' | 'outcomesDropped'> {
  /** Records in the file (signals and unreadable lines). */
  readonly total: number;
  /** Invalid signals plus unreadable lines. */
  readonly invalid: number;
  /** Of the invalid, lines that were not a JSON signal at all. */
  readonly unreadable: number;
  /** Counts per signal type; unreadable lines under `(unreadable)`. */
  readonly byType: Readonly<Record<string, Readonly<TypeCounts>>>;
  /** Lines written to the dead-letter file, and its path (null without --dead-letter). */
  readonly deadLetters: number;
  readonly deadLetterFile: string | null;
  /** Stopped early (SIGINT/SIGTERM): lines after the last one read were not read. */
  readonly aborted: boolean;
}

/** The row name for lines that could not be read. */
export const UNREADABLE_TYPE = '(unreadable)';

/** Merges the client's report with the lines the CLI could not read. */
export function buildSummary(report: SendReport, extra: { unreadable: number; deadLetters: number; deadLetterFile: string | null; aborted: boolean }): SendSummary {
  const byType: Record<string, TypeCounts> = { ...report.byType };
  if (extra.unreadable > 0) byType[UNREADABLE_TYPE] = { total: extra.unreadable, valid: 0, invalid: extra.unreadable, accepted: 0, failed: 0 };
  const { outcomes: _outcomes, outcomesDropped: _dropped, ...counts } = report;
  return {
    ...counts,
    total: report.total + extra.unreadable,
    invalid: report.invalid + extra.unreadable,
    unreadable: extra.unreadable,
    byType,
    deadLetters: extra.deadLetters,
    deadLetterFile: extra.deadLetterFile,
    aborted: extra.aborted || report.aborted,
  };
}

const n = (value: number) => value.toLocaleString('en-US');

/** A summary's "By type:" section (none without types): one line per signal type, in name order, with `describe`'s counts. */
export function byTypeLines<C>(byType: Readonly<Record<string, C>>, describe: (counts: C) => string): string[] {
  const types = Object.entries(byType).sort(([a], [b]) => a.localeCompare(b));
  return types.length === 0 ? [] : ['By type:', ...types.map(([type, c]) => `  ${type.padEnd(22)} ${describe(c)}`)];
}

/** The summary for people (no personal data: counts only). */
export function formatSummary(s: SendSummary, target: string): string {
  const lines: string[] = [];
  const verb = s.dryRun ? 'Dry run: would send' : 'Sent';
  lines.push(`${verb} ${n(s.valid)} of ${n(s.total)} signals to ${target} in ${n(s.batches)} batch${s.batches === 1 ? '' : 'es'}${s.dryRun ? '' : ` (${n(s.requests)} request${s.requests === 1 ? '' : 's'})`}`);
  if (!s.dryRun) lines.push(`  accepted  ${n(s.accepted)}`);
  lines.push(`  invalid   ${n(s.invalid)}${s.unreadable > 0 ? ` (${n(s.unreadable)} unreadable line${s.unreadable === 1 ? '' : 's'})` : ''}`);
  if (!s.dryRun) lines.push(`  failed    ${n(s.failed)}${s.ambiguousFailures > 0 ? ` (${n(s.ambiguousFailures)} may have been imported anyway)` : ''}`);
  if (s.retries > 0) lines.push(`  retries   ${n(s.retries)}${s.ambiguousRetries > 0 ? ` (${n(s.ambiguousRetries)} ambiguous: their signals may have been imported twice)` : ''}`);
  if (s.splits > 0) lines.push(`  splits    ${n(s.splits)} (batches Connect rejected, halved to find the bad signals)`);
  for (const m of s.idMismatches) lines.push(`  batch ${m.batch}: Connect returned ${m.received} ids for ${m.sent} signals; those signals are reported failed`);
  lines.push(...byTypeLines(s.byType, (c) => {
    const parts = s.dryRun ? [`${n(c.valid)} valid`] : [`${n(c.accepted)} accepted`];
    if (c.invalid > 0) parts.push(`${n(c.invalid)} invalid`);
    if (c.failed > 0) parts.push(`${n(c.failed)} failed`);
    return parts.join(', ');
  }));
  if (s.deadLetterFile !== null) {
    lines.push(s.deadLetters > 0
      ? `${n(s.deadLetters)} signal${s.deadLetters === 1 ? '' : 's'} not delivered written to ${s.deadLetterFile}: fix them and run send on that file`
      : `Nothing to re-send (${s.deadLetterFile} is empty)`);
  } else if (s.invalid + s.failed > 0) {
    lines.push('Use --dead-letter FILE to keep the signals that were not delivered, to fix and re-send them.');
  }
  if (s.aborted) lines.push('Stopped early: lines after the last one read were not sent.');
  return `${lines.join('\n')}\n`;
}
