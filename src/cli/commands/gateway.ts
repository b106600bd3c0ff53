/**
 * `connect-signals gateway --redis URL --app-key KEY [options]`: serves the
 * ingest gateway (src/gateway/) until SIGINT/SIGTERM, then finishes the
 * requests in flight. Prints the routes it serves, never a secret.
 */
import { MappingLoadError, loadMapping } from '../../gateway/load-mapping.js';
import { GatewayOptionsError, type GatewaySource } from '../../gateway/options.js';
import { GatewaySecretError } from '../../gateway/secrets.js';
import type { Gateway } from '../../gateway/server.js';
import { QueueNameError } from '../../queue/keys.js';
import { QueueRedisError, redisTargetName } from '../../queue/redis.js';
import { EXIT, type CliIO } from '../io.js';
import { HELP, parseGatewayArgs, type GatewayRunOptions } from './gateway-args.js';

/** Errors that mean "cannot start as asked": exit 2 with the message. */
function isStartError(error: unknown): error is Error {
  return error instanceof QueueRedisError || error instanceof GatewayOptionsError || error instanceof MappingLoadError || error instanceof QueueNameError || error instanceof GatewaySecretError;
}

async function start(options: GatewayRunOptions, io: CliIO): Promise<Gateway> {
  const sources: GatewaySource[] = [];
  for (const s of options.sources) sources.push({ name: s.name, secret: s.secret, mapping: await loadMapping(s.module) });
  // The server (fastify, stripe, prom-client) is loaded only by this command.
  const { startGateway } = await import('../../gateway/server.js');
  return startGateway({ ...options.gateway, sources, log: (line) => io.stderr.write(`connect-signals gateway: ${line}\n`) });
}

/** Runs `gateway` with parsed options; resolves to the exit status once stopped. */
export async function runGateway(options: GatewayRunOptions, io: CliIO): Promise<number> {
  if (io.signal?.aborted) return EXIT.ok;
  let gateway: Gateway;
  try {
    gateway = await start(options, io);
  } catch (error) {
    if (!isStartError(error)) throw error;
    io.stderr.write(`connect-signals gateway: ${error.message}\n`);
    return EXIT.usage;
  }
  const queue = options.gateway.queue ?? 'connect-signals';
  io.stdout.write(`connect-signals gateway: listening on ${gateway.url}, appending to {${queue}}:signals at ${redisTargetName(options.gateway.redis)}\n${gateway.routes.map((r) => `  ${r}\n`).join('')}`);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('connect-signals gateway: stopping (finishing requests in flight)\n');
  await gateway.close();
  return EXIT.ok;
}

/** `connect-signals gateway`. */
export async function gatewayCommand(args: string[], io: CliIO): Promise<number> {
  let options: GatewayRunOptions | undefined;
  try {
    options = parseGatewayArgs(args, io.env);
  } catch (error) {
    if (!(error instanceof GatewaySecretError)) throw error;
    io.stderr.write(`connect-signals gateway: ${error.message}\n`);
    return EXIT.usage;
  }
  if (options === undefined) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  return runGateway(options, io);
}
