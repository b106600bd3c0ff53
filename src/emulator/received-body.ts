/**
 * The body of one bulk `createSignals` request, kept as the bytes received so
 * that the emulator can store its signals without keeping them parsed.
 *
 * Why: kept as objects, every stored signal survives the young generation and
 * is copied by the garbage collector on its way to the old one: measured under
 * `bench/emulator.ts`, that was about a third of the emulator's CPU. A body's
 * bytes live outside the JavaScript heap and are never copied; a signal is
 * parsed again only when somebody looks at it (the inspection API, the
 * inspector page, the test kit's matchers), and the last few parsed bodies are
 * kept, so a page of signals costs one parse per request it spans.
 */

/** How many bodies stay parsed at once (in this process): the most recently looked at. */
const PARSED_KEPT = 8;
const parsedBodies: ReceivedBody[] = [];

/** Backing memory this much larger than the body is not kept: the body is copied out of it. */
const SLACK_BYTES = 4096;

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

  /** The signal at `index` of the body's signals array, parsed from the bytes. */
  signal(index: number): unknown {
    let parsed = this.parsed;
    if (parsed === undefined) {
      const request = JSON.parse(this.bytes.toString('utf8')) as { variables: Record<string, readonly unknown[]> };
      parsed = this.parsed = request.variables[this.variable]!;
      parsedBodies.push(this);
      if (parsedBodies.length > PARSED_KEPT) parsedBodies.shift()!.parsed = undefined;
    }
    return parsed[index];
  }
}
