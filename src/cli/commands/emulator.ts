import { EXIT, type CliIO } from '../io.js';

/** `connect-signals emulator`: not built yet. */
export async function emulatorCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('connect-signals emulator: not implemented yet\n');
  return EXIT.usage;
}
