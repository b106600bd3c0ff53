import { EXIT, type CliIO } from '../io.js';

/** `connect-signals send`: not built yet. */
export async function sendCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('connect-signals send: not implemented yet\n');
  return EXIT.usage;
}
