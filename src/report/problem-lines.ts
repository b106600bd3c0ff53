/**
 * The first problem lines of a run (`line 7: invalid: ...`), held until the
 * run ends (not printed under a progress bar) and then written to stderr,
 * masked, with a count of the rest. Shared by `send` and `enqueue`.
 */
import { maskText } from './mask.js';

/** Problems printed one per line before "... and N more". */
export const MAX_PROBLEM_LINES = 20;

export class ProblemLines {
  #count = 0;
  readonly #shown: string[] = [];

  constructor(private readonly limit = MAX_PROBLEM_LINES) {}

  /** Notes a problem of input line `line` (e-mail addresses and phone numbers in `text` are masked). */
  add(line: number, text: string): void {
    if (++this.#count <= this.limit) this.#shown.push(`line ${line}: ${maskText(text)}\n`);
  }

  /** Writes the first problems and how many more there were (all in `deadLetterFile`, if given). */
  print(stream: NodeJS.WritableStream, deadLetterFile?: string): void {
    for (const text of this.#shown) stream.write(text);
    if (this.#count > this.limit) stream.write(`... and ${this.#count - this.limit} more problem lines${deadLetterFile !== undefined ? ` (all in ${deadLetterFile})` : ''}\n`);
  }
}
