/**
 * `connect-signals demo` (`npm start`): the main job on the embedded default.
 * Starts the emulator in-process on a free loopback port, with a few seeded
 * contacts, sends examples/signals.ndjson through the real client over real
 * HTTP (exactly what `send` does), prints the delivery report, then the
 * emulator's view: contacts, signals discarded and why, activity feeds.
 * No credentials needed: the emulator makes up its key.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type ContactSeed, type EmulatorHandle } from '../../emulator/index.js';
import { maskText } from '../../report/mask.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { runSend } from './send.js';

/** Contacts that exist before the demo's signals arrive (the reference examples' contact key among them). */
export const DEMO_CONTACTS: readonly ContactSeed[] = [
  { contactKey: 'AAUN-132417508', email: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' },
  { contactKey: 'AAUN-555000111', whatsapp: '+14035549090', firstName: 'Ravi' },
];

/** The package root: the nearest folder above this module that holds examples/ (works from src/ and dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'examples', 'signals.ndjson')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The default signals file of the demo. */
export function demoSignalsFile(): string {
  return join(packageRoot(), 'examples', 'signals.ndjson');
}

function describe(attributes: Readonly<Record<string, unknown>>): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** The emulator's view, for people (e-mails and phone numbers masked). */
export function formatEmulatorView(emulator: EmulatorHandle): string {
  const out: string[] = ['', 'What the emulator (Connect) did with them:'];
  const contacts = emulator.contacts();
  out.push(`Contacts (${contacts.length}):`);
  for (const c of contacts) {
    out.push(`  ${c.origin === 'created' ? 'created' : 'existing'}  ${describe(c.attributes)}: ${c.signalCount} signal${c.signalCount === 1 ? '' : 's'}`);
  }
  const discarded = emulator.signals({ status: 'discarded' });
  out.push(`Signals discarded (${discarded.length}):`);
  for (const s of discarded) out.push(`  ${s.signalType} ${s.signalId ?? '(no id)'}: ${s.reasonCode}: ${s.reason ?? ''}`);
  const tests = emulator.signals({ status: 'accepted' }).filter((s) => s.test).length;
  if (tests > 0) out.push(`Test signals (${tests}): accepted, kept out of activity feeds`);
  out.push('Activity feeds (newest first; identification and test signals are not shown):');
  for (const c of contacts) {
    out.push(`  ${describe(c.attributes)}`);
    if (c.feed.length === 0) out.push('    (empty)');
    for (const e of c.feed) out.push(`    ${e.signalTimestamp ?? e.receivedAt}  ${e.signalType}${e.name ? `  "${e.name}"` : ''}${e.sessionId ? `  session ${e.sessionId}` : ''}`);
  }
  return `${maskText(out.join('\n'))}\n`;
}

/** `connect-signals demo [--file FILE]`. */
export async function demoCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { file: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.help) {
    io.stdout.write('Usage: connect-signals demo [--file FILE]\n\nSends FILE (default examples/signals.ndjson) to an emulator started in this process, then shows what it did.\n');
    return EXIT.ok;
  }
  const file = values.file ?? demoSignalsFile();
  const emulator = await startEmulator({ contacts: DEMO_CONTACTS });
  try {
    io.stdout.write(`Emulator listening on ${emulator.url} (in this process). Sending ${relative(process.cwd(), file) || file}:\n\n`);
    const result = await runSend(
      { file, client: { endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey, keepOutcomes: 0 }, deadLetter: undefined, json: false, maxLineBytes: undefined },
      io,
    );
    if (result.summary === undefined) return result.code;
    io.stdout.write(formatEmulatorView(emulator));
    // The demo's file holds invalid lines on purpose: it succeeded if every line was accounted for and nothing failed.
    const s = result.summary;
    if (result.code === EXIT.usage) return result.code;
    return s.failed === 0 && s.accepted + s.invalid === s.total ? EXIT.ok : EXIT.problems;
  } finally {
    await emulator.stop();
  }
}
