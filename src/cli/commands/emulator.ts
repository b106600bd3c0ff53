/**
 * `connect-signals emulator`: runs the local Connect emulator until SIGINT/SIGTERM.
 */
import { isLoopbackHost } from '../../client/options.js';
import { isEmulatorError, readContactSeeds, startEmulator, type EmulatorHandle, type FaultOptions } from '../../emulator/index.js';
import { integerFlag, parseCommandArgs, tierFlag } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';

/** The CLI's own default port (the library's is 0: any free port). */
export const EMULATOR_CLI_PORT = 4000;

const HELP = `connect-signals emulator [options]: run a local Connect endpoint (GraphQL at / and /graphql)

  --port N                  TCP port (default ${EMULATOR_CLI_PORT}; 0 = any free port)
  --host ADDR               address to bind (default 127.0.0.1)
  --api-key KEY             key clients must send as x-api-key (default: generated and printed)
  --tier pro|premium|ultimate   discard the types the tier cannot import (default: all types)
  --contacts FILE           seed existing contacts from a JSON or NDJSON file (default: none)
  --max-body-bytes N        larger request bodies get HTTP 413 (default 16777216)
Faults (also settable with POST /_emulator/faults):
  --latency MS              add MS milliseconds to every GraphQL answer
  --unavailable SHARE       answer SHARE (0-1) of requests with HTTP 503
  --rate-limit N[/MS]       answer requests above N per MS ms (default 1000) with 429 + Retry-After
  --drop SHARE              drop SHARE of connections after reading the request
  --drop-after-processing   process dropped requests first (signals stored, answer lost)
  --graphql-errors SHARE    answer SHARE of requests with HTTP 200 and a GraphQL error
  --fewer-ids SHARE         answer SHARE of mutations with one signal id fewer than accepted
`;

function number(flag: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be ${what} (got ${JSON.stringify(raw)})`);
  return n;
}

const share = (flag: string, raw: string | undefined) => number(flag, raw, (n) => n >= 0 && n <= 1, 'a share from 0 to 1');

function rateLimit(raw: string | undefined): FaultOptions['rateLimit'] {
  if (raw === undefined) return undefined;
  const m = /^(\d+)(?:\/(\d+))?$/.exec(raw.trim());
  if (m === null || (m[2] !== undefined && Number(m[2]) < 1)) throw new UsageError(`--rate-limit must be N or N/MS, e.g. 10 or 100/60000 (got ${JSON.stringify(raw)})`);
  return { requests: Number(m[1]), ...(m[2] === undefined ? {} : { windowMs: Number(m[2]) }) };
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** `connect-signals emulator`: prints the URLs (and the generated key, also in the inspector's address), serves until io.signal aborts. */
export async function emulatorCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(args, {
    port: { type: 'string' }, host: { type: 'string' }, 'api-key': { type: 'string' }, tier: { type: 'string' },
    contacts: { type: 'string' }, 'max-body-bytes': { type: 'string' }, latency: { type: 'string' },
    unavailable: { type: 'string' }, 'rate-limit': { type: 'string' }, drop: { type: 'string' },
    'drop-after-processing': { type: 'boolean' }, 'graphql-errors': { type: 'string' }, 'fewer-ids': { type: 'string' },
  });
  if (v.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const tier = tierFlag(v.tier);
  if (v['api-key'] === '') throw new UsageError('--api-key must not be empty');
  const port = integerFlag('port', v.port, 0, 65535) ?? EMULATOR_CLI_PORT;
  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set('latencyMs', number('latency', v.latency, (n) => n >= 0 && n <= 600_000, 'a number of milliseconds from 0 to 600000'));
  set('unavailableShare', share('unavailable', v.unavailable));
  set('rateLimit', rateLimit(v['rate-limit']));
  set('dropShare', share('drop', v.drop));
  if (v['drop-after-processing'] === true) faults.dropAfterProcessing = true;
  set('graphqlErrorShare', share('graphql-errors', v['graphql-errors']));
  set('fewerIdsShare', share('fewer-ids', v['fewer-ids']));
  const maxBodyBytes = integerFlag('max-body-bytes', v['max-body-bytes'], 1);

  let emulator: EmulatorHandle;
  try {
    const contacts = v.contacts === undefined ? [] : await readContactSeeds(v.contacts);
    emulator = await startEmulator({
      port,
      host: v.host ?? '127.0.0.1',
      ...(v['api-key'] === undefined ? {} : { apiKey: v['api-key'] }),
      tier,
      contacts,
      faults,
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    });
  } catch (error) {
    if (isEmulatorError(error)) {
      io.stderr.write(`connect-signals emulator: ${error.message}\n`);
      return EXIT.usage;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.stderr.write(`connect-signals emulator: cannot listen on ${v.host ?? '127.0.0.1'}:${port} (${code}); choose another --port\n`);
      return EXIT.usage;
    }
    throw error;
  }

  const host = v.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) io.stderr.write(`connect-signals emulator: warning: listening on ${host}, reachable beyond this machine\n`);
  const lines = [
    `Connect emulator listening on ${emulator.url}`,
    `  GraphQL:    ${emulator.url}/  and  ${emulator.graphqlUrl}`,
    `  Inspection: ${emulator.url}/_emulator/signals | contacts | faults | stats | reset`,
    v['api-key'] === undefined
      ? `  API key (generated; send it as the x-api-key header): ${emulator.apiKey}`
      : '  API key: the one given with --api-key (send it as the x-api-key header)',
    // A generated key rides in the fragment, which browsers never send; a key the user gave is never printed, so the page asks for it.
    v['api-key'] === undefined
      ? `  Inspector:  ${emulator.url}/_emulator/ui#key=${encodeURIComponent(emulator.apiKey)}`
      : `  Inspector:  ${emulator.url}/_emulator/ui (it asks for the key given with --api-key, which is never printed)`,
    `  Tier: ${v.tier ?? 'all 11 signal types (premium/ultimate)'}; contacts seeded: ${emulator.contacts().length}`,
  ];
  if (Object.keys(faults).length > 0) lines.push(`  Faults: ${JSON.stringify(faults)}`);
  lines.push('Press Ctrl+C to stop.');
  io.stdout.write(`${lines.join('\n')}\n`);

  await waitForAbort(io.signal);
  const stats = emulator.stats();
  await emulator.stop();
  io.stderr.write(`connect-signals emulator: stopped after ${stats.requests} requests (${stats.accepted} signals accepted, ${stats.discardedAtMutation + stats.discardedAtMapping} discarded)\n`);
  return EXIT.ok;
}
