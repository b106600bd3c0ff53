/**
 * NDJSON → records, one Buffer chunk at a time. Lines are found with the
 * native `Buffer.indexOf`, so the common line costs no per-byte JavaScript.
 * A line longer than the limit is counted, not kept: memory stays bounded
 * whatever the input.
 */
import { parseRecord, tooLong } from './record.js';
import { RecordBuffer } from './record-buffer.js';
import { RAW_PREVIEW_BYTES, type ReadRecord, type ResolvedReadOptions } from './types.js';

const LF = 0x0a;
const CR = 0x0d;

/** Whether `buf[start, end)` is only spaces, tabs and CRs (a blank line, skipped whatever its length). */
function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR) return false;
  }
  return true;
}

/** Splits NDJSON into records; feed it chunks, then call {@link NdjsonSplitter.end}. */
export class NdjsonSplitter {
  /** Lines completed so far: the current line is `lines + 1`. */
  private lines = 0;
  /** The current line's bytes from earlier chunks; past the limit only counted. +1: a CR before the LF is not part of the line. */
  private readonly current: RecordBuffer;
  /** The last byte of the current line so far: a CR there ends up not being part of the line. */
  private lastByte = -1;
  /** Whether the current line is blank so far: a blank line is skipped, however long. */
  private blank = true;

  constructor(private readonly options: ResolvedReadOptions) {
    this.current = new RecordBuffer(options.maxLineBytes + 1);
  }

  /** Lines completed so far (line breaks read). */
  get lineCount(): number {
    return this.lines;
  }

  /** The records completed by `chunk`. */
  push(chunk: Buffer): ReadRecord[] {
    const out: ReadRecord[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.append(chunk, start, chunk.length);
        return out;
      }
      this.lines++;
      if (this.current.empty) this.emit(chunk, start, nl, out);
      else {
        this.append(chunk, start, nl);
        this.finishLine(out);
      }
      start = nl + 1;
    }
  }

  /** The last record, when the input does not end with a line break. */
  end(): ReadRecord[] {
    const out: ReadRecord[] = [];
    if (!this.current.empty) {
      this.lines++;
      this.finishLine(out);
    }
    return out;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    this.lastByte = chunk[end - 1]!;
    if (this.blank) this.blank = isBlank(chunk, start, end);
    this.current.append(chunk, start, end);
  }

  private finishLine(out: ReadRecord[]): void {
    const blank = this.blank;
    this.blank = true;
    const record = this.current.take();
    if (!record.tooLong) {
      this.emit(record.bytes, 0, record.bytes.length, out);
      return;
    }
    if (blank) return;
    // As in emit: a CR before the line break is not part of the line (nor of its size or preview).
    const bytes = record.size - (this.lastByte === CR ? 1 : 0);
    out.push(tooLong('line', this.lines, bytes, record.preview.subarray(0, bytes), this.options.maxLineBytes));
  }

  private emit(buf: Buffer, start: number, end: number, out: ReadRecord[]): void {
    if (end > start && buf[end - 1] === CR) end--;
    const length = end - start;
    if (length === 0) return;
    const first = buf[start];
    if ((first === 0x20 || first === 0x09 || first === CR) && isBlank(buf, start, end)) return;
    if (length > this.options.maxLineBytes) {
      out.push(tooLong('line', this.lines, length, buf.subarray(start, Math.min(end, start + RAW_PREVIEW_BYTES)), this.options.maxLineBytes));
      return;
    }
    out.push(parseRecord(buf, start, end, this.lines, 'line', this.options));
  }
}
