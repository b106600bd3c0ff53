/**
 * `connect-signals schema check`: compares a live endpoint's createSignals
 * types with the local SDL. Exit 0 compatible, 1 breaking, 2 usage or network error.
 */
import { readFile } from 'node:fs/promises';
import { checkSchema, formatSchemaCheck, isSchemaCheckError } from '../../schema-check/index.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';

const HELP = `connect-signals schema check --endpoint URL [options]: compare an endpoint's createSignals types with the local SDL

  --endpoint URL     GraphQL endpoint to introspect (required), e.g. http://127.0.0.1:4000/
  --api-key KEY      sent as x-api-key (default: env CONNECT_API_KEY)
  --sdl FILE         local SDL to compare with (default: the packaged schema/connect.graphql)
  --timeout MS       time allowed for the introspection request (default 30000)
  --json             print the result as JSON
Exit status: 0 compatible, 1 breaking changes, 2 usage or network error.
`;

/** `connect-signals schema <subcommand>`. */
export async function schemaCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(args, {
    endpoint: { type: 'string' }, 'api-key': { type: 'string' }, sdl: { type: 'string' }, timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (v.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const [sub, ...extra] = positionals;
  if (sub !== 'check') throw new UsageError(sub === undefined ? 'missing subcommand: use `schema check`' : `unknown subcommand "${sub}": use \`schema check\``);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (v.endpoint === undefined) throw new UsageError('--endpoint URL is required');
  let endpoint: URL;
  try {
    endpoint = new URL(v.endpoint);
  } catch {
    throw new UsageError(`--endpoint must be an http(s) URL (got ${JSON.stringify(v.endpoint)})`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new UsageError(`--endpoint must be an http(s) URL (got ${JSON.stringify(v.endpoint)})`);
  const timeoutMs = integerFlag('timeout', v.timeout, 1);
  let localSdl: string | undefined;
  if (v.sdl !== undefined) {
    try {
      localSdl = await readFile(v.sdl, 'utf8');
    } catch (error) {
      io.stderr.write(`connect-signals schema check: cannot read ${v.sdl} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
      return EXIT.usage;
    }
  }
  const apiKey = v['api-key'] ?? io.env.CONNECT_API_KEY;
  try {
    const result = await checkSchema({
      endpoint: endpoint.href,
      ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
      ...(localSdl === undefined ? {} : { localSdl }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    io.stdout.write(v.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatSchemaCheck(result));
    return result.compatible ? EXIT.ok : EXIT.problems;
  } catch (error) {
    if (isSchemaCheckError(error)) {
      io.stderr.write(`connect-signals schema check: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
