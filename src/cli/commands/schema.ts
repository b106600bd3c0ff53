import { EXIT, type CliIO } from '../io.js';

/** `connect-signals schema`: not built yet. */
export async function schemaCommand(_args: string[], io: CliIO): Promise<number> {
  io.stderr.write('connect-signals schema: not implemented yet\n');
  return EXIT.usage;
}
