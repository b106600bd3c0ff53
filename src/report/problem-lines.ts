/**
 * The first problem lines of a run (`line 7: invalid: ...`), held until the
 * run ends (not printed under a progress bar) and then written to stderr,
 * masked, in line order, with a count of the rest. Shared by `send` and
 * `enqueue`.
 *
 * Problems are not found in line order: a line that is not JSON is reported
 * as it is read, a line with an invalid signal when the client validates it,
 * later. So the problems kept are the `limit` with the lowest line numbers,
 * sorted as they come (they come nearly in order: an insertion is a short
 * search), and problems of one line keep the order they were found in.
 */
import { maskText } from './mask.js';

/** Problems printed one per line before "... and N more". */
export const MAX_PROBLEM_LINES = 20;

interface Problem {
  readonly line: number;
  readonly text: string;
}

export class ProblemLines {
  #count = 0;
  /** The problems of the lowest lines, in line order (at most `limit`). */
  readonly #shown: Problem[] = [];

  constructor(private readonly limit = MAX_PROBLEM_LINES) {}

  /** Notes a problem of input line `line` (e-mail addresses and phone numbers in `text` are masked when printed). */
  add(line: number, text: string): void {
    this.#count++;
    const shown = this.#shown;
    if (shown.length === this.limit && (this.limit === 0 || line >= shown[shown.length - 1]!.line)) return;
    // After the last problem of a line ≤ `line`: from the end, as problems come nearly in order.
    let at = shown.length;
    while (at > 0 && shown[at - 1]!.line > line) at--;
    shown.splice(at, 0, { line, text });
    if (shown.length > this.limit) shown.pop();
  }

  /** Writes the first problems, in line order, and how many more there were (all in `deadLetterFile`, if given). */
  print(stream: NodeJS.WritableStream, deadLetterFile?: string): void {
    for (const { line, text } of this.#shown) stream.write(`line ${line}: ${maskText(text)}\n`);
    if (this.#count > this.limit) stream.write(`... and ${this.#count - this.limit} more problem lines${deadLetterFile !== undefined ? ` (all in ${deadLetterFile})` : ''}\n`);
  }
}
