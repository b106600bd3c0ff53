/**
 * The `connect-signals` command line: dispatches to one module per command.
 */
import { pathToFileURL } from 'node:url';
import { EXIT, UsageError, type CliIO, type Command } from './io.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  validate: {
    summary: 'validate <file> [--tier pro|premium|ultimate] [--json]   check a file of signals against Connect\'s rules',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  send: {
    summary: 'send <file> [options]                                    send a file of signals to Connect (or the emulator)',
    load: async () => (await import('./commands/send.js')).sendCommand,
  },
  enqueue: {
    summary: 'enqueue <file> --redis URL [options]                     validate a file of signals and append it to a Redis queue',
    load: async () => (await import('./commands/enqueue.js')).enqueueCommand,
  },
  queue: {
    summary: 'queue status|dead|replay --redis URL [--json]            a Redis queue: lag and consumers, dead letters, their replay',
    load: async () => (await import('./commands/queue.js')).queueCommand,
  },
  worker: {
    summary: 'worker --redis URL (--endpoint URL | --region R) [options]  deliver a Redis queue\'s signals to Connect (any number of workers)',
    load: async () => (await import('./commands/worker.js')).workerCommand,
  },
  gateway: {
    summary: 'gateway --redis URL --app-key KEY [options]              receive webhooks (Stripe, Shopify, Standard Webhooks) and signals over HTTP into a Redis queue',
    load: async () => (await import('./commands/gateway.js')).gatewayCommand,
  },
  relay: {
    summary: 'relay --postgres URL (--endpoint URL | --region R) [options]  deliver a Postgres outbox\'s committed signals to Connect',
    load: async () => (await import('./commands/relay.js')).relayCommand,
  },
  outbox: {
    summary: 'outbox init|status|dead|replay --postgres URL [--json]   a Postgres outbox: its tables, state, dead letters, their replay',
    load: async () => (await import('./commands/outbox.js')).outboxCommand,
  },
  emulator: {
    summary: 'emulator [--port 4000] [--host 127.0.0.1] [options]     run a local Connect endpoint',
    load: async () => (await import('./commands/emulator.js')).emulatorCommand,
  },
  schema: {
    summary: 'schema check --endpoint URL [--api-key KEY]              compare a live endpoint with the local SDL',
    load: async () => (await import('./commands/schema.js')).schemaCommand,
  },
  demo: {
    summary: 'demo                                                     send examples/signals.ndjson to an in-process emulator (npm start)',
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
};

/** The top-level help text. */
export function helpText(): string {
  // A summary is the synopsis, two spaces or more, then what the command does: the descriptions are aligned here.
  const parts = Object.values(COMMANDS).map((c) => {
    const gap = /\s{2,}/.exec(c.summary);
    return gap === null ? [c.summary, ''] : [c.summary.slice(0, gap.index), c.summary.slice(gap.index + gap[0].length)];
  });
  const width = Math.max(...parts.map(([synopsis]) => synopsis!.length));
  const lines = parts.map(([synopsis, what]) => `  connect-signals ${synopsis!.padEnd(width)}   ${what}`.trimEnd());
  return `connect-signals: import behavior signals into Acoustic Connect\n\nUsage:\n${lines.join('\n')}\n\nRun \`connect-signals <command> --help\` for a command's options.\n`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr.write(`connect-signals: unknown command "${name}"\n\n${helpText()}`);
    return EXIT.usage;
  }
  try {
    return await (await entry.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`connect-signals ${name}: ${error.message}\nUsage: connect-signals ${entry.summary.split('  ')[0]}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** Entry point of bin/connect-signals.js. */
export async function runFromProcess(): Promise<void> {
  const controller = new AbortController();
  // The reason names the signal, so a command can exit 130 (SIGINT) or 143 (SIGTERM).
  process.once('SIGINT', () => controller.abort('SIGINT'));
  process.once('SIGTERM', () => controller.abort('SIGTERM'));
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  });
  process.exitCode = code;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runFromProcess();
}
