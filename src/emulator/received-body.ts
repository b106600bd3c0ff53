/**
 * The body of one bulk `createSignals` request, kept as the bytes received so
 * that the emulator can store its signals without keeping them parsed.
 *
 * Why: kept as objects, every stored signal survives the young generation and
 * is copied by the garbage collector on its way to the old one: measured under
 * `bench/emulator.ts`, that was about a third of the emulator's CPU. A body's
 * bytes live outside the JavaScript heap and are never copied; a signal is
 * parsed again only when somebody looks at it (the inspection API, the
 * inspector page, the test kit's matchers), and the bodies parsed last are kept
 * parsed (up to 32 MiB of them), so a page of signals costs one parse per request it spans.
 */

/**
 * How many bytes of bodies stay parsed at once (in this process), the most recently parsed:
 * ~40,000 signals, so that the test kit's matchers, which read every signal every 20 ms, do
 * not parse a test's requests again and again.
 */
const PARSED_BYTES_KEPT = 32 * 1024 * 1024;
const parsedBodies: ReceivedBody[] = [];
let parsedBytes = 0;

/** Backing memory this much larger than the body is not kept: the body is copied out of it. */
const SLACK_BYTES = 4096;

/**
 * A needle without JSON's punctuation lies within one token of `JSON.stringify`'s output
 * (two tokens are always apart by one of these), so it is found in a body whose tokens are
 * written as `JSON.stringify` writes them.
 */
const SPANS_TOKENS = /["\\:,{}[\]]/;
/**
 * What makes a body's text differ from `JSON.stringify`'s inside a token: an escape it would not
 * write (`\u00e9` for `é`, `\/`), or a number it would write otherwise (a value starts after `:`,
 * `,` or `[`): with an exponent, with more digits than a double keeps (it would round), or below
 * 1e-6 (it would write an exponent). Trailing zeros it would drop do not matter: the rest is a
 * prefix. Conservative: it may match in a string, which only means the signals are searched one by one.
 */
const WRITTEN_OTHERWISE = /\\[u/]|[:,[]\s*-?(?:\d+(?:\.\d*)?[eE]|[\d.]{16}|0\.0{6})/;

export class ReceivedBody {
  private readonly bytes: Buffer;
  private parsed: readonly unknown[] | undefined = undefined;

  /**
   * @param body The request body (JSON) as received; not changed afterwards.
   * @param variable The name of the variable that holds the signals (`variables[variable]` is their array).
   */
  constructor(
    body: Buffer,
    private readonly variable: string,
  ) {
    // A small body can be a slice of a larger read buffer or of Buffer's pool: keep only its own bytes.
    // (Buffer.alloc, unlike allocUnsafe, never hands out a slice of the pool.)
    if (body.buffer.byteLength > body.byteLength + SLACK_BYTES) {
      this.bytes = Buffer.alloc(body.byteLength);
      body.copy(this.bytes);
    } else {
      this.bytes = body;
    }
  }

  /**
   * False when no signal of this body can contain `needle` (lower case) in its
   * `JSON.stringify` text lower-cased; true when one may. Lets a text search skip a body's
   * signals without parsing it: the body's text is searched instead, when what it holds is
   * written as `JSON.stringify` would write it. (The last needle's answer is kept.)
   */
  mayContain(needle: string): boolean {
    if (needle !== this.lastNeedle) {
      this.lastAnswer = SPANS_TOKENS.test(needle) || this.searchable === false || this.lowerCaseTextHas(needle);
      this.lastNeedle = needle;
    }
    return this.lastAnswer;
  }

  private lastNeedle: string | undefined = undefined;
  private lastAnswer = true;
  /** Whether the text is written as `JSON.stringify` writes it (see {@link WRITTEN_OTHERWISE}); found out on the first search, it never changes. */
  private searchable: boolean | undefined = undefined;

  private lowerCaseTextHas(needle: string): boolean {
    const text = this.bytes.toString('utf8');
    this.searchable ??= !WRITTEN_OTHERWISE.test(text);
    return !this.searchable || text.toLowerCase().includes(needle);
  }

  /** The signal at `index` of the body's signals array, parsed from the bytes. */
  signal(index: number): unknown {
    let parsed = this.parsed;
    if (parsed === undefined) {
      const request = JSON.parse(this.bytes.toString('utf8')) as { variables: Record<string, readonly unknown[]> };
      parsed = this.parsed = request.variables[this.variable]!;
      parsedBodies.push(this);
      parsedBytes += this.bytes.byteLength;
      while (parsedBytes > PARSED_BYTES_KEPT && parsedBodies.length > 1) {
        const oldest = parsedBodies.shift()!;
        oldest.parsed = undefined;
        parsedBytes -= oldest.bytes.byteLength;
      }
    }
    return parsed[index];
  }
}
