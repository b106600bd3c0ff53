/**
 * What a command may touch of the outside world, so tests can run commands
 * in-process with captured streams and a chosen environment.
 */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Lets a long-running command stop cleanly (SIGINT/SIGTERM in the real CLI). */
  readonly signal?: AbortSignal;
}

/** Exit status conventions shared by every command. */
export const EXIT = {
  /** Everything went as asked. */
  ok: 0,
  /** The command ran, but some signal was invalid, unreadable or not delivered (or a check found a breaking change). */
  problems: 1,
  /** Usage error, or a file that cannot be read or written. */
  usage: 2,
} as const;

/** The exit status of a command stopped by a signal: 143 for SIGTERM, 130 otherwise (SIGINT), as shells report them. */
export function stoppedExit(signal: AbortSignal | undefined): number {
  return signal?.reason === 'SIGTERM' ? 143 : 130;
}

/** Thrown by a command for a mistake in its arguments: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'ERR_USAGE';
}

/** A command: parses its own arguments and returns an exit status. */
export type Command = (args: string[], io: CliIO) => Promise<number>;
