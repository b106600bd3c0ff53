import { EXIT, type CliIO } from '../io.js';

/** `connect-signals demo`: not built yet. */
export async function demoCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('connect-signals demo: not implemented yet\n');
  return EXIT.usage;
}
