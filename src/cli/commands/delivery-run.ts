/**
 * What `worker` and `relay` do once their loop runs: print each dead letter
 * (the first MAX_PROBLEM_LINES), serve metrics when asked, say what they read,
 * stop on SIGINT/SIGTERM (finishing what is in flight), then print the
 * summary; the exit status is 0 when every signal was accepted, else 1.
 */
import type { DeliveryDeadLetter } from '../../delivery/letters.js';
import type { DeliveryReport } from '../../delivery/events.js';
import type { MetricsServer } from '../../queue/metrics.js';
import { maskText } from '../../report/mask.js';
import { MAX_PROBLEM_LINES } from '../../report/problem-lines.js';
import { EXIT, type CliIO } from '../io.js';

/** A started worker or relay, as far as its command drives it. */
export interface RunningDelivery<R extends DeliveryReport> {
  on(event: 'deadLetter', handler: (payload: { letter: DeliveryDeadLetter }) => void): () => void;
  stop(options?: { graceMs?: number }): Promise<R>;
  readonly done: Promise<R>;
}

/** How one command words and serves its run. */
export interface DeliveryRun<R extends DeliveryReport> {
  /** `worker` or `relay`: the prefix of its messages. */
  readonly command: string;
  /** What a dead letter's `entry` is: `entry` (a stream entry id) or `row` (an outbox row id). */
  readonly item: string;
  readonly metricsPort: number | undefined;
  readonly serveMetrics: (port: number) => Promise<MetricsServer>;
  /** What it delivers from, after `connect-signals <command> `. */
  readonly reading: string;
  /** Where the dead letters are, for the line after the first MAX_PROBLEM_LINES. */
  readonly deadIn: string;
  readonly json: boolean;
  readonly summary: (report: R) => string;
}

/** Drives a started worker or relay to its end; resolves to the exit status. */
export async function driveDelivery<R extends DeliveryReport>(running: RunningDelivery<R>, run: DeliveryRun<R>, io: CliIO): Promise<number> {
  let problems = 0;
  running.on('deadLetter', ({ letter }) => {
    if (++problems <= MAX_PROBLEM_LINES) io.stderr.write(`${run.item} ${letter.entry}: ${letter.status} (${letter.code}): ${maskText(letter.reason)}\n`);
  });
  let metrics: MetricsServer | undefined;
  if (run.metricsPort !== undefined) {
    try {
      metrics = await run.serveMetrics(run.metricsPort);
    } catch (error) {
      await running.stop({ graceMs: 0 });
      io.stderr.write(`connect-signals ${run.command}: cannot serve metrics on port ${run.metricsPort}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT.usage;
    }
  }
  io.stderr.write(`connect-signals ${run.command} ${run.reading}${metrics ? `; metrics at ${metrics.url}/metrics` : ''}\n`);
  const onStop = () => void running.stop();
  io.signal?.addEventListener('abort', onStop, { once: true });
  let report: R;
  try {
    report = await running.done;
  } finally {
    io.signal?.removeEventListener('abort', onStop);
    await metrics?.close();
  }
  if (problems > MAX_PROBLEM_LINES) io.stderr.write(`... and ${problems - MAX_PROBLEM_LINES} more dead letters (all in ${run.deadIn})\n`);
  io.stdout.write(run.json ? `${JSON.stringify(report)}\n` : run.summary(report));
  return report.failed + report.deadLetters === 0 ? EXIT.ok : EXIT.problems;
}
