/**
 * App mode: `enqueue()` signals one at a time; a batch goes when it is full
 * or `flushIntervalMs` after its first signal. `flush()` sends what is queued
 * and waits for it; `close()` does the same with a deadline, then aborts and
 * reports what was not delivered. The timer does not keep the process alive:
 * short-lived processes (serverless functions) must `await close()` before
 * they end.
 */
import type { BatchItem } from './batch.js';
import { admit, dispatch, startRun, type Engine, type Run } from './engine.js';
import { ClientClosedError } from './errors.js';
import type { SendReport } from './report.js';
import { sleep } from './sleep.js';

export class SignalQueue {
  readonly #engine: Engine;
  readonly #run: Run;
  #items: BatchItem[] = [];
  #index = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Deliveries not yet finished (including those waiting for a slot). */
  readonly #pending = new Set<Promise<void>>();

  constructor(engine: Engine) {
    this.#engine = engine;
    this.#run = startRun(engine);
  }

  /** Validates and queues one signal (an invalid one settles at once). Throws ClientClosedError after close(). */
  enqueue(signal: unknown): void {
    if (this.#closed) throw new ClientClosedError();
    const item = admit(this.#engine, this.#run, signal, this.#index++);
    if (item === undefined) return;
    this.#items.push(item);
    if (this.#items.length >= this.#engine.options.batchSize) this.#dispatch();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#dispatch(), this.#engine.options.flushIntervalMs);
      this.#timer.unref();
    }
  }

  #dispatch(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#items.length === 0) return;
    const items = this.#items;
    this.#items = [];
    const done = dispatch(this.#engine, this.#run, items).then((started) => started.done);
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
  }

  async #settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }

  /** Sends what is queued and resolves when every queued signal has settled: the counts since the client was made. */
  async flush(): Promise<SendReport> {
    this.#dispatch();
    await this.#settled();
    const report = this.#run.report.snapshot();
    this.#engine.events.emit('drained', { report });
    return report;
  }

  /**
   * Stops accepting signals, sends what is queued, and waits up to `timeoutMs`;
   * then aborts (`closing`) so what is left settles as failed (ERR_ABORTED).
   */
  async close(timeoutMs: number, extra: Promise<unknown>): Promise<SendReport> {
    this.#closed = true;
    this.#dispatch();
    const all = Promise.all([this.#settled(), extra]);
    const deadline = new AbortController();
    const finished = await Promise.race([all.then(() => true), sleep(timeoutMs, deadline.signal).then(() => false)]);
    deadline.abort();
    if (!finished) {
      this.#run.report.aborted = true;
      this.#engine.closing.abort();
      await all;
    }
    const report = this.#run.report.snapshot();
    this.#engine.events.emit('drained', { report });
    return report;
  }
}
