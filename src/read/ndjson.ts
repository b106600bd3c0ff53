/**
 * NDJSON → records, one Buffer chunk at a time. Lines are found with the
 * native `Buffer.indexOf`, so the common line costs no per-byte JavaScript.
 * A line longer than the limit is counted, not kept: memory stays bounded
 * whatever the input.
 */
import { growPreview, parseRecord, tooLong } from './record.js';
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
  /** Parts of the current line from earlier chunks (copies, so no chunk is kept alive). */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Set once the current line is over the limit: its bytes are only counted. */
  private overflow: { bytes: number; preview: Buffer } | undefined;
  /** The last byte of the current line so far: a CR there ends up not being part of the line. */
  private lastByte = -1;
  /** Whether the current line is blank so far: a blank line is skipped, however long. */
  private blank = true;

  constructor(private readonly options: ResolvedReadOptions) {}

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
      if (this.partBytes === 0 && this.overflow === undefined) this.emit(chunk, start, nl, out);
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
    if (this.partBytes > 0 || this.overflow !== undefined) {
      this.lines++;
      this.finishLine(out);
    }
    return out;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (start === end) return;
    this.lastByte = chunk[end - 1]!;
    if (this.blank) this.blank = isBlank(chunk, start, end);
    if (this.overflow !== undefined) {
      this.overflow.bytes += end - start;
      this.overflow.preview = growPreview(this.overflow.preview, chunk.subarray(start, end));
      return;
    }
    // +1: a CR before the LF is not part of the line.
    if (this.partBytes + (end - start) > this.options.maxLineBytes + 1) {
      const kept = Buffer.concat([...this.parts, chunk.subarray(start, Math.min(end, start + RAW_PREVIEW_BYTES))]);
      this.overflow = { bytes: this.partBytes + (end - start), preview: kept.subarray(0, RAW_PREVIEW_BYTES) };
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(Buffer.from(chunk.subarray(start, end)));
    this.partBytes += end - start;
  }

  private finishLine(out: ReadRecord[]): void {
    const blank = this.blank;
    this.blank = true;
    if (this.overflow !== undefined) {
      if (blank) {
        this.overflow = undefined;
        return;
      }
      // As in emit: a CR before the line break is not part of the line (nor of its size or preview).
      const bytes = this.overflow.bytes - (this.lastByte === CR ? 1 : 0);
      const preview = this.overflow.preview.subarray(0, bytes);
      this.overflow = undefined;
      out.push(tooLong('line', this.lines, bytes, preview, this.options.maxLineBytes));
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    this.emit(line, 0, line.length, out);
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
