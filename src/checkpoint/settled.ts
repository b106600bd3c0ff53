/**
 * Which records of an input have settled, by their position in the file (the
 * 0-based ordinal of every record the reader yields, readable or not, which
 * is the same on every read of the same file). Records settle out of order
 * (requests in flight finish in any order), so the set is kept as a low-water
 * mark (every record below it has settled) plus the settled records above it,
 * which stay few: reading pauses while every request is in flight.
 */

/** The settled records, as a checkpoint stores them. */
export interface SettledJson {
  /** Every record with an ordinal below this has settled. */
  readonly below: number;
  /** Settled records above `below`, as sorted, disjoint `[first, last]` ranges (inclusive). */
  readonly ranges: readonly (readonly [number, number])[];
}

/** A set of record ordinals, compact when it is mostly a prefix. */
export class SettledRecords {
  #below = 0;
  readonly #above = new Set<number>();

  /** Rebuilds the set a checkpoint stored (assumed checked by the caller). */
  static fromJSON(json: SettledJson): SettledRecords {
    const set = new SettledRecords();
    set.#below = json.below;
    for (const [first, last] of json.ranges) for (let i = first; i <= last; i++) set.add(i);
    return set;
  }

  /** Whether record `ordinal` has settled. */
  has(ordinal: number): boolean {
    return ordinal < this.#below || this.#above.has(ordinal);
  }

  /** Marks record `ordinal` settled. */
  add(ordinal: number): void {
    if (ordinal < this.#below) return;
    if (ordinal !== this.#below) {
      this.#above.add(ordinal);
      return;
    }
    this.#below++;
    while (this.#above.delete(this.#below)) this.#below++;
  }

  /** Records settled. */
  get size(): number {
    return this.#below + this.#above.size;
  }

  /** Every record below this has settled. */
  get below(): number {
    return this.#below;
  }

  toJSON(): SettledJson {
    const sorted = [...this.#above].sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (const n of sorted) {
      const last = ranges.at(-1);
      if (last !== undefined && last[1] === n - 1) last[1] = n;
      else ranges.push([n, n]);
    }
    return { below: this.#below, ranges };
  }
}
