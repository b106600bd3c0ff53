/**
 * The bytes of one record (an NDJSON line or a JSON array element) as they
 * arrive in chunks, up to a limit. Past the limit only the total size and a
 * preview of {@link RAW_PREVIEW_BYTES} are kept, so a huge record costs no memory.
 */
import { growPreview } from './record.js';
import { RAW_PREVIEW_BYTES } from './types.js';

/** What a finished record was: its bytes, or how big it was when it went over the limit. */
export type BufferedRecord =
  | { readonly tooLong: false; readonly bytes: Buffer }
  | { readonly tooLong: true; readonly size: number; readonly preview: Buffer };

export class RecordBuffer {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private overflow: { bytes: number; preview: Buffer } | undefined;

  /** @param limit the most bytes a record may have before it is only counted */
  constructor(private readonly limit: number) {}

  /** Whether nothing of the current record has arrived. */
  get empty(): boolean {
    return this.partBytes === 0 && this.overflow === undefined;
  }

  /** Adds `chunk[start, end)` to the current record (copied: the chunk may be reused). */
  append(chunk: Buffer, start: number, end: number): void {
    if (start >= end) return;
    if (this.overflow !== undefined) {
      this.overflow.bytes += end - start;
      this.overflow.preview = growPreview(this.overflow.preview, chunk.subarray(start, end));
      return;
    }
    if (this.partBytes + (end - start) > this.limit) {
      const kept = Buffer.concat([...this.parts, chunk.subarray(start, Math.min(end, start + RAW_PREVIEW_BYTES))]);
      this.overflow = { bytes: this.partBytes + (end - start), preview: kept.subarray(0, RAW_PREVIEW_BYTES) };
      this.parts = [];
      this.partBytes = 0;
      return;
    }
    this.parts.push(Buffer.from(chunk.subarray(start, end)));
    this.partBytes += end - start;
  }

  /** The current record, and a fresh start for the next one. */
  take(): BufferedRecord {
    if (this.overflow !== undefined) {
      const { bytes, preview } = this.overflow;
      this.overflow = undefined;
      return { tooLong: true, size: bytes, preview };
    }
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.partBytes = 0;
    return { tooLong: false, bytes };
  }
}
