/**
 * A fixed number of slots for requests in flight. `run` waits for a free slot
 * before it starts the task, which is the backpressure: a sender that awaits
 * `run` stops reading its input while every slot is busy.
 */
export class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    this.#free = size;
  }

  /** Waits for a slot and starts `task` in it; resolves, once started, to the task's completion. */
  async run(task: () => Promise<void>): Promise<{ readonly done: Promise<void> }> {
    while (this.#free === 0) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#free--;
    const done = task().finally(() => {
      this.#free++;
      this.#waiting.shift()?.();
    });
    return { done };
  }
}
