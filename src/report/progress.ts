/**
 * The progress bar of `send`: on stderr, only when stderr is a terminal
 * (nothing animated in logs or pipes). Shows signals/s, accepted, failed and
 * the ETA, measured in bytes of the file read, since the number of signals
 * is not known before the end. It shows counts only: no signal content.
 */
import cliProgress from 'cli-progress';

/** Progress of a send, or nothing. */
export interface Progress {
  /** `bytes` more of the file read; the counts so far. */
  update(bytes: number, counts: { readonly accepted: number; readonly failed: number; readonly invalid: number }): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

/** A bar on `stream` if it is a TTY, else a no-op. `totalBytes` is the file's size (0 when unknown). */
export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, totalBytes: number): Progress {
  if (stream.isTTY !== true) return NONE;
  const started = Date.now();
  let bytes = 0;
  let settled = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: ' {bar} {percentage}% | {rate} signals/s | accepted {accepted} | invalid {invalid} | failed {failed} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(totalBytes, 1), 0, { rate: 0, accepted: 0, invalid: 0, failed: 0 });
  return {
    update(more, counts) {
      bytes += more;
      settled = counts.accepted + counts.failed + counts.invalid;
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(bytes, Math.max(totalBytes, 1)), { rate: Math.round(settled / seconds), ...counts });
    },
    stop() {
      bar.stop();
    },
  };
}
