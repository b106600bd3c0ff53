/**
 * A JSON array file (`[ {...}, {...} ]`) → records, one element at a time,
 * so a huge array is read in constant memory. A small scanner follows strings
 * and nesting only to find where each top-level element ends; each element is
 * then parsed on its own. An element longer than the limit is skipped without
 * being kept.
 */
import { parseRecord, tooLong, unreadable } from './record.js';
import { RecordBuffer } from './record-buffer.js';
import { RAW_PREVIEW_BYTES, type ReadRecord, type ResolvedReadOptions } from './types.js';

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === LF || b === 0x0d || b === 0x09;
}

/** Where the scanner is: before `[`, between elements, inside one, after `]`, or stopped by an error. */
type Phase = 'before' | 'between' | 'element' | 'after' | 'stopped';

/** Splits a JSON array into records; feed it chunks, then call {@link JsonArraySplitter.end}. */
export class JsonArraySplitter {
  private phase: Phase = 'before';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Whether a `,` was just read (so a `]` now is a trailing comma). */
  private afterComma = false;
  private elementLine = 0;
  /** The current element's bytes from earlier chunks; past the limit only counted. */
  private readonly current: RecordBuffer;
  /** Once the structure is broken: what to report at the end, with the first bytes from where it broke. */
  private broken: { line: number; message: string; parts: Buffer[]; bytes: number } | undefined;

  /** `firstLine`: the line of the input's first byte (blank lines before the array were read elsewhere). */
  constructor(private readonly options: ResolvedReadOptions, firstLine = 1) {
    this.line = firstLine;
    this.current = new RecordBuffer(options.maxLineBytes);
  }

  /** The records completed by `chunk`. */
  push(chunk: Buffer): ReadRecord[] {
    const out: ReadRecord[] = [];
    if (this.phase === 'stopped') {
      if (this.broken !== undefined) this.keepPreview(chunk, 0);
      return out;
    }
    let elementStart = this.phase === 'element' ? 0 : -1;
    let i = 0;
    while (i < chunk.length) {
      // (The cast: stop(), called below, changes the phase behind TypeScript's narrowing.)
      if ((this.phase as Phase) === 'stopped') break; // stop() kept what it needs of this chunk
      if (this.phase === 'element') {
        const end = this.scanElement(chunk, i);
        if (end === -1) {
          i = chunk.length;
          break;
        }
        this.append(chunk, elementStart, end);
        this.finishElement(out);
        elementStart = -1;
        this.afterComma = chunk[end] === COMMA;
        this.phase = this.afterComma ? 'between' : 'after';
        i = end + 1;
        continue;
      }
      const b = chunk[i]!;
      if (b === LF) this.line++;
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (this.phase === 'before') {
        if (b === 0x5b) this.phase = 'between';
        else this.stop(`line ${this.line}: a JSON array file must start with [`, chunk, i);
      } else if (this.phase === 'between') {
        if (b === 0x5d && !this.afterComma) this.phase = 'after';
        else if (b === 0x5d || b === COMMA) this.stop(`line ${this.line}: the JSON array has an empty element (a stray comma)`, chunk, i);
        else {
          this.phase = 'element';
          this.elementLine = this.line;
          elementStart = i;
          continue; // read this byte again as part of the element
        }
      } else {
        this.stop(`line ${this.line}: unexpected text after the end of the JSON array`, chunk, i);
      }
      i++;
    }
    if (this.phase === 'element' && elementStart !== -1) this.append(chunk, elementStart, chunk.length);
    return out;
  }

  /**
   * Follows the current element from `from`: the index of the `,` or `]` that
   * ends it, or -1 if it goes on past this chunk. The state lives in locals
   * in the loop (this is the only per-byte work of the reader).
   */
  private scanElement(chunk: Buffer, from: number): number {
    let { depth, inString, escaped, line } = this;
    let found = -1;
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF) line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) inString = true;
      else if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        if (depth > 0) depth--;
        else if (b === 0x5d) {
          found = i;
          break;
        }
      } else if (b === COMMA && depth === 0) {
        found = i;
        break;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.line = line;
    return found;
  }

  /** A last record when the input ends before the array is closed. */
  end(): ReadRecord[] {
    const out: ReadRecord[] = [];
    if (this.phase === 'element') {
      const line = this.line;
      this.finishElement(out);
      out.push(unreadable('invalid_json', line, `line ${line}: the file ends before the JSON array is closed with ]`, '', false));
    } else if (this.phase === 'between') {
      out.push(unreadable('invalid_json', this.line, `line ${this.line}: the file ends before the JSON array is closed with ]`, '', false));
    } else if (this.broken !== undefined) {
      const { line, message, parts } = this.broken;
      out.push(unreadable('invalid_json', line, `${message}; nothing after it was read`, Buffer.concat(parts).toString('utf8'), true));
    }
    this.phase = 'stopped';
    return out;
  }

  /**
   * Notes a broken array structure, reported once by {@link end} (with the
   * same preview however the input is chunked); the rest of the input is ignored.
   */
  private stop(message: string, chunk: Buffer, at: number): void {
    this.phase = 'stopped';
    this.broken = { line: this.line, message, parts: [], bytes: 0 };
    this.keepPreview(chunk, at);
  }

  /** Keeps the bytes from `from` while the preview of the broken part is short of {@link RAW_PREVIEW_BYTES}. */
  private keepPreview(chunk: Buffer, from: number): void {
    const broken = this.broken!;
    const n = Math.min(chunk.length - from, RAW_PREVIEW_BYTES - broken.bytes);
    if (n <= 0) return;
    broken.parts.push(Buffer.from(chunk.subarray(from, from + n)));
    broken.bytes += n;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    this.current.append(chunk, start, end);
  }

  private finishElement(out: ReadRecord[]): void {
    const line = this.elementLine;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    const record = this.current.take();
    if (record.tooLong) {
      out.push(tooLong('element', line, record.size, record.preview, this.options.maxLineBytes));
      return;
    }
    const element = record.bytes;
    let end = element.length;
    while (end > 0 && isSpace(element[end - 1]!)) end--;
    out.push(parseRecord(element, 0, end, line, 'element', this.options));
  }
}
