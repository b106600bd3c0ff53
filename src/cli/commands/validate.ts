/**
 * `connect-signals validate <file> [--tier pro|premium|ultimate] [--json] [--max-line-bytes N]`:
 * checks a file of signals against Connect's processing rules before sending.
 *
 * Streams: records are read, validated and reported one chunk at a time, and
 * nothing per signal is kept, so a file of millions of lines runs in constant
 * memory (the --json results array is written as it grows).
 */
import { once } from 'node:events';
import { READ_DEFAULTS, isSignalFileError, readSignalBatches, type ReadErrorCode, type ReadRecord } from '../../read/index.js';
import { maskText } from '../../report/mask.js';
import { validateSignal, type IssueCode, type Tier } from '../../validate/index.js';
import { integerFlag, parseCommandArgs, tierFlag } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';

/** One reported problem: a validation issue, or why the record could not be read (path ``). */
interface Issue {
  readonly path: string;
  readonly code: IssueCode | ReadErrorCode;
  readonly message: string;
}

/** The verdict on one record, as reported. */
interface LineResult {
  readonly line: number;
  readonly valid: boolean;
  readonly signalType: string;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
}

/** The signal-type row of the summary for records that could not be read. */
const UNREADABLE = '(unreadable)';

function judge(record: ReadRecord, tier: Tier | undefined): LineResult {
  if (!record.ok) {
    const error: Issue = { path: '', code: record.error.code, message: record.error.message };
    return { line: record.line, valid: false, signalType: UNREADABLE, errors: [error], warnings: [] };
  }
  const result = validateSignal(record.signal, { tier });
  return { line: record.line, valid: result.valid, signalType: result.signalType, errors: result.valid ? [] : result.errors, warnings: result.warnings };
}

/** Buffered writes that wait for `drain`, so a slow reader of stdout does not make output pile up in memory. */
class Output {
  private pending = '';
  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Queues `text`; returns a promise only when a flush is due (most calls need no await). */
  write(text: string): Promise<void> | undefined {
    this.pending += text;
    return this.pending.length >= 64 * 1024 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.pending === '') return;
    const ok = this.stream.write(this.pending);
    this.pending = '';
    if (!ok) await once(this.stream, 'drain');
  }
}

interface Counts {
  valid: number;
  invalid: number;
  warnings: number;
}

/** Per-type counts: the only state kept while a file is read. */
class Tally {
  readonly byType = new Map<string, Counts>();
  readonly all: Counts = { valid: 0, invalid: 0, warnings: 0 };

  add(result: LineResult): void {
    let row = this.byType.get(result.signalType);
    if (row === undefined) this.byType.set(result.signalType, (row = { valid: 0, invalid: 0, warnings: 0 }));
    for (const c of [row, this.all]) {
      if (result.valid) c.valid++;
      else c.invalid++;
      c.warnings += result.warnings.length;
    }
  }

  get total(): number {
    return this.all.valid + this.all.invalid;
  }
}

function humanLines(r: LineResult): string {
  const where = r.signalType === UNREADABLE || r.signalType === 'unknown' ? `line ${r.line}` : `line ${r.line} (${r.signalType})`;
  let out = '';
  for (const e of r.errors) out += `${where}: error: ${maskText(e.message)} [${e.code}]\n`;
  for (const w of r.warnings) out += `${where}: warning: ${maskText(w.message)} [${w.code}]\n`;
  return out;
}

function humanSummary(file: string, tally: Tally): string {
  const { valid, invalid, warnings } = tally.all;
  const head = `${file}: ${tally.total} signal${tally.total === 1 ? '' : 's'}, ${valid} valid, ${invalid} invalid, ${warnings} warning${warnings === 1 ? '' : 's'}\n`;
  if (tally.total === 0) return head;
  const rows: [string, Counts][] = [...tally.byType.entries()].sort(([a], [b]) => a.localeCompare(b));
  rows.push(['total', tally.all]);
  const width = Math.max(11, ...rows.map(([t]) => t.length));
  const cell = (v: string | number, w: number) => String(v).padStart(w);
  const table = [`${'signal type'.padEnd(width)}  ${cell('valid', 8)}  ${cell('invalid', 8)}  ${cell('warnings', 8)}`,
    ...rows.map(([type, c]) => `${type.padEnd(width)}  ${cell(c.valid, 8)}  ${cell(c.invalid, 8)}  ${cell(c.warnings, 8)}`)];
  return `\n${head}\n${table.join('\n')}\n`;
}

/** The arguments of `validate`, checked. */
interface ValidateArgs {
  readonly file: string;
  readonly tier: Tier | undefined;
  readonly json: boolean;
  readonly maxLineBytes: number;
  readonly help: boolean;
}

function parse(args: string[]): ValidateArgs {
  const { values, positionals } = parseCommandArgs(args, {
    tier: { type: 'string' },
    json: { type: 'boolean', default: false },
    'max-line-bytes': { type: 'string' },
  });
  if (values.help) return { file: '', tier: undefined, json: false, maxLineBytes: READ_DEFAULTS.maxLineBytes, help: true };
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a file to validate is required' : `expected one file, got ${positionals.length}`);
  const tier = tierFlag(values.tier);
  const maxLineBytes = integerFlag('max-line-bytes', values['max-line-bytes'], 1) ?? READ_DEFAULTS.maxLineBytes;
  return { file: positionals[0]!, tier, json: values.json, maxLineBytes, help: false };
}

const HELP = `Usage: connect-signals validate <file> [--tier pro|premium|ultimate] [--json] [--max-line-bytes N]

Checks every signal of <file> (NDJSON, bare or {"signal": {...}} per line, or a JSON array)
against Connect's processing rules, without sending anything.

  --tier T             pro imports only addToCart, identification, order (default: every type)
  --json               one JSON object on stdout: {"results": [...], "total", "valid", "invalid"}
  --max-line-bytes N   longest line accepted, in bytes (default: ${READ_DEFAULTS.maxLineBytes})

Exit status: 0 every signal valid, 1 some signal invalid or unreadable, 2 usage error or unreadable file.
`;

/** `connect-signals validate`: see {@link HELP}. */
export async function validateCommand(args: string[], io: CliIO): Promise<number> {
  const options = parse(args);
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const out = new Output(io.stdout);
  const tally = new Tally();
  const closeJson = () => `${tally.total === 0 ? '{"results":[' : ''}\n],"total":${tally.total},"valid":${tally.all.valid},"invalid":${tally.all.invalid}}\n`;
  try {
    for await (const batch of readSignalBatches(options.file, { maxLineBytes: options.maxLineBytes, signal: io.signal })) {
      for (const record of batch) {
        const r = judge(record, options.tier);
        tally.add(r);
        if (options.json) {
          // The results array is written as it grows: `{"results":[` goes out with the first one.
          const entry = r.errors.length === 0 && r.warnings.length === 0
            ? `{"line":${r.line},"valid":${r.valid},"errors":[],"warnings":[]}`
            : JSON.stringify({ line: r.line, valid: r.valid, errors: r.errors, warnings: r.warnings });
          const flushed = out.write(`${tally.total === 1 ? '{"results":[' : ','}\n${entry}`);
          if (flushed !== undefined) await flushed;
        } else if (r.errors.length > 0 || r.warnings.length > 0) {
          const flushed = out.write(humanLines(r));
          if (flushed !== undefined) await flushed;
        }
      }
    }
  } catch (error) {
    if (isSignalFileError(error)) {
      if (options.json && tally.total > 0) await out.write(closeJson());
      await out.flush();
      io.stderr.write(`connect-signals validate: ${error.message}\n`);
      return EXIT.usage;
    }
    if (io.signal?.aborted && error === io.signal.reason) {
      await out.write(options.json ? closeJson() : '');
      await out.flush();
      io.stderr.write(`connect-signals validate: interrupted after ${tally.total} signals\n`);
      return EXIT.problems;
    }
    throw error;
  }
  await out.write(options.json ? closeJson() : humanSummary(options.file, tally));
  await out.flush();
  return tally.all.invalid > 0 ? EXIT.problems : EXIT.ok;
}
