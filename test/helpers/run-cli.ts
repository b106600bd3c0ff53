/**
 * Runs the CLI in-process with captured output (fast: no child process).
 * For behaviour that needs a real process (signals, SIGKILL), use `spawnCli`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function capture(tty: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) stream.isTTY = true;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `connect-signals ...args` in this process. */
export async function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; tty?: boolean; signal?: AbortSignal } = {}): Promise<CliRun> {
  const out = capture(false);
  const err = capture(options.tty ?? false);
  const code = await main(args, {
    stdout: out.stream,
    stderr: err.stream,
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
  });
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.text(), stderr: err.text() };
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `connect-signals ...args` as a child process (through tsx, from the sources). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
