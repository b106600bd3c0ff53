/**
 * What `connect-signals send` prints: the --json summary object (the report's
 * summary plus where a stop happened and the checkpoint's state) and its text
 * for people. Counts only: no signal content, no key.
 */
import type { Checkpoint } from '../../checkpoint/index.js';
import type { SignalsClientOptions } from '../../client/options.js';
import { formatSummary, type SendSummary } from '../../report/send-summary.js';

/** What --checkpoint adds to the --json summary. */
export interface CheckpointSummary {
  readonly file: string;
  /** A checkpoint existed: this run resumed it. */
  readonly resumed: boolean;
  /** Records skipped because an earlier run had settled them. */
  readonly skipped: number;
  /** Records stopped in flight (SIGINT/SIGTERM): not dead-lettered, the next run sends them. */
  readonly pending: number;
  /** Every record of the input has settled: running the command again sends nothing. */
  readonly complete: boolean;
  /** Settled records by outcome, over every run of this import. */
  readonly counts: { readonly accepted: number; readonly invalid: number; readonly failed: number };
}

/** The summary of a `send` run (the --json object). */
export type SendRunSummary = SendSummary & {
  /** Stopped by SIGINT/SIGTERM: the first line not sent (it and every later line were not read); else null. */
  readonly stoppedAtLine: number | null;
  /** With --checkpoint. */
  readonly checkpoint?: CheckpointSummary;
};

export function checkpointSummary(checkpoint: Checkpoint, skipped: number, pending: number): CheckpointSummary {
  return { file: checkpoint.path, resumed: checkpoint.resumed, skipped, pending, complete: checkpoint.complete, counts: checkpoint.counts };
}

/** The summary for people, with what --checkpoint and a stop add. */
export function formatRun(summary: SendRunSummary, target: string): string {
  const lines: string[] = [];
  const cp = summary.checkpoint;
  if (cp?.resumed === true) lines.push(`Resumed from ${cp.file}: ${cp.skipped.toLocaleString('en-US')} lines settled by earlier runs were skipped.`);
  let text = lines.map((l) => `${l}\n`).join('') + formatSummary(summary, target);
  if (summary.stoppedAtLine !== null) text += `Stopped at line ${summary.stoppedAtLine}: it and the lines after it were not read${cp === undefined ? ' (use --checkpoint FILE to resume where an import stopped)' : ''}.\n`;
  if (cp !== undefined) {
    text += cp.complete
      ? `Checkpoint ${cp.file}: every line settled (${cp.counts.accepted} accepted, ${cp.counts.invalid} invalid, ${cp.counts.failed} failed over all runs); running this command again sends nothing.\n`
      : `Checkpoint ${cp.file}: ${cp.pending > 0 ? `${cp.pending} signals stopped in flight and ` : ''}the lines not settled are sent when this command is run again.\n`;
  }
  return text;
}

export function targetOf(client: SignalsClientOptions): string {
  if (client.region !== undefined) return `Connect ${client.region}`;
  return String(client.endpoint ?? '');
}

