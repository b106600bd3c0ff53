/**
 * What `connect-signals enqueue` prints: the --json summary object and its
 * text for people. Counts only: no signal content, no password.
 */
import { byTypeLines, UNREADABLE_TYPE } from '../../report/send-summary.js';

/** Counts of one signal type. */
export interface EnqueueTypeCounts {
  total: number;
  valid: number;
  invalid: number;
  enqueued: number;
}

/** The summary of an `enqueue` run (the --json object). `enqueued + invalid + failed === total`. */
export interface EnqueueSummary {
  /** Records read (signals and unreadable lines). */
  readonly total: number;
  /** Signals that passed validation. */
  readonly valid: number;
  /** Invalid signals plus unreadable lines: not stored. */
  readonly invalid: number;
  /** Of the invalid, lines that were not a JSON signal at all. */
  readonly unreadable: number;
  /** Signals stored in the stream. */
  readonly enqueued: number;
  /** Valid signals Redis did not store (it refused a write): dead-lettered as failed. */
  readonly failed: number;
  /** Warnings of the enqueued signals (removed optional fields, likely misspellings). */
  readonly warnings: number;
  /** Counts per signal type; unreadable lines under `(unreadable)`. */
  readonly byType: Readonly<Record<string, Readonly<EnqueueTypeCounts>>>;
  /** Lines written to the dead-letter file, and its path (null without --dead-letter). */
  readonly deadLetters: number;
  readonly deadLetterFile: string | null;
  /** The queue's name and its stream's key. */
  readonly queue: string;
  readonly stream: string;
  /** Ids of the first and last entries written by this run (null if none). */
  readonly firstEntry: string | null;
  readonly lastEntry: string | null;
  /** Stopped early (SIGINT/SIGTERM, or Redis refused a write): the first line not read; else null. */
  readonly stoppedAtLine: number | null;
}

const n = (value: number) => value.toLocaleString('en-US');

/** Counts kept while a file is enqueued. */
export class EnqueueTally {
  total = 0;
  valid = 0;
  invalid = 0;
  unreadable = 0;
  enqueued = 0;
  failed = 0;
  warnings = 0;
  firstEntry: string | null = null;
  lastEntry: string | null = null;
  readonly byType: Record<string, EnqueueTypeCounts> = {};

  /** The row of `type`, made when first seen. */
  type(type: string): EnqueueTypeCounts {
    return (this.byType[type] ??= { total: 0, valid: 0, invalid: 0, enqueued: 0 });
  }

  /** An unreadable line. */
  readUnreadable(): void {
    this.total++;
    this.invalid++;
    this.unreadable++;
    const row = this.type(UNREADABLE_TYPE);
    row.total++;
    row.invalid++;
  }
}

/** The summary for people. */
export function formatEnqueueSummary(s: EnqueueSummary, target: string): string {
  const lines = [`Enqueued ${n(s.enqueued)} of ${n(s.total)} signals to ${s.stream} at ${target}`];
  lines.push(`  invalid   ${n(s.invalid)}${s.unreadable > 0 ? ` (${n(s.unreadable)} unreadable line${s.unreadable === 1 ? '' : 's'})` : ''}`);
  if (s.failed > 0) lines.push(`  failed    ${n(s.failed)} (Redis did not store them)`);
  if (s.warnings > 0) lines.push(`  warnings  ${n(s.warnings)} (optional fields removed or likely misspelled: run validate on the file to see them)`);
  lines.push(...byTypeLines(s.byType, (c) => `${n(c.enqueued)} enqueued${c.invalid > 0 ? `, ${n(c.invalid)} invalid` : ''}`));
  if (s.deadLetterFile !== null) {
    lines.push(s.deadLetters > 0
      ? `${n(s.deadLetters)} line${s.deadLetters === 1 ? '' : 's'} not enqueued written to ${s.deadLetterFile}: fix them and run enqueue on that file`
      : `Nothing to re-enqueue (${s.deadLetterFile} is empty)`);
  } else if (s.invalid + s.failed > 0) {
    lines.push('Use --dead-letter FILE to keep the lines that were not enqueued, to fix and enqueue them.');
  }
  if (s.stoppedAtLine !== null) lines.push(`Stopped at line ${s.stoppedAtLine}: it and the lines after it were not read.`);
  return `${lines.join('\n')}\n`;
}
