import { EXIT, type CliIO } from '../io.js';

/** `connect-signals validate`: not built yet. */
export async function validateCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('connect-signals validate: not implemented yet\n');
  return EXIT.usage;
}
