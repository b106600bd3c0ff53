/**
 * V8 heap bounds for a `send` process, so that its peak RSS does not grow
 * with the file. The live heap of `send` is ~15 MB whatever the file's size
 * (it streams: a signal in flight is a few numbers and its line's text); what
 * grew in long runs was V8's own headroom:
 *
 * - the young generation doubles its semi-spaces (1, 2, 4, 8, 16 MB) as bytes
 *   survive scavenges, which any long stream does: 8 MB within a 10,000-signal
 *   file, 16 MB in longer ones. Once a semi-space is 8 MB, its growth factor is
 *   set to 1, so it stays there: long runs get the young generation short ones do.
 *   (`--max-semi-space-size` would do it, but only on the command line, which a
 *   shebang cannot pass portably: busybox `env` has no `-S`.)
 * - the old generation fills with promoted garbage up to 2–3× the live heap
 *   before a full GC; `--heap-growing-percent=20` makes that 20% (V8 still
 *   allows at least 8 MB), for a few more full GCs of ~5 ms each.
 *
 * - on Node 24 (V8 13.6), V8's defaults changed where it matters here: it no
 *   longer scavenges while a full GC marks, it frees dropped Buffers only after
 *   128 MB of them, its young generation may grow to 64 MB semi-spaces, and it
 *   runs the Maglev compiler; {@link youngGenerationFlags} and `--no-maglev`
 *   give it Node 20's behaviour back (and its semi-spaces stop at 4 MB).
 *
 * These flags are read by V8 when it sizes the heap, so setting them at run time
 * takes effect (measured on Node 20.20 and 24.22; the bounds are set on those
 * majors only); a V8 that ignored them would only use more memory. Called by
 * `bin/connect-signals.js` for `send` and `worker` only: the library leaves the
 * host's V8 alone.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The semi-space size at which the young generation stops growing (what a 10,000-signal send reaches); half on Node 24. */
export const SEND_SEMI_SPACE_BYTES = 8 * 1024 * 1024;
/** How much the old generation may grow past its live size before a full GC, in percent. */
export const SEND_HEAP_GROWING_PERCENT = 20;
/**
 * The same for `worker`. A worker holds each entry from its read until its acknowledgement
 * (a read ahead, the batches in flight, the acknowledgements on their way), so more of what it
 * allocates survives into the old generation than in `send`. At 20%, V8 was marking it almost
 * without pause: 30 full GCs while draining 200,000 signals, against 18 at 100% and 10 at 200% (and 5
 * for `send`). 100% is the bound on both Nodes: at 200%, Node 20 peaked at 126 / 138 / 135 MB at
 * 10,000 / 200,000 / 1,000,000 signals but Node 24 at ~155 MB from 200,000 on (issue 11's target:
 * 150 MB; V8 13 keeps more outside the JS heap between full GCs: the JS heap peaked alike, ~50 MB);
 * at 100%, draining 200,000 peaked at ~118 MB on Node 20 and ~135 MB on Node 24.
 */
export const WORKER_HEAP_GROWING_PERCENT = 100;

/**
 * Node versions whose V8 has these flags with the meaning measured (checked: Node 20.20, V8 11.3;
 * Node 24.22, V8 13.6).
 */
const HEAP_FLAGS_VERIFIED = /^(20|24)\./;

/**
 * V8 flags that give V8 13 (Node 24) the young-generation triggers of V8 11 (Node 20); none on
 * other versions. Both are read while the program runs, so setting them at run time takes effect:
 *
 * - `--no-separate-gc-phases`: V8 12+ no longer scavenges while a full GC marks (V8 11.3 did), so
 *   the young generation grows past its capacity until marking ends (8 MB semi-spaces reached
 *   20–28 MB), and Buffers dropped meanwhile are not freed.
 * - `--scavenger-max-new-space-capacity-mb=8`: V8 frees dropped Buffers with a scavenge once the
 *   Buffers of the young generation hold 2 × its default largest semi-space: 32 MB on V8 11, but 128 MB on
 *   V8 13, which derives it from this flag (32, × 2 MB without pointer compression). 8 makes it
 *   32 MB again. (The heap's own sizes were set at start-up: this changes only that trigger.)
 */
export function youngGenerationFlags(nodeVersion: string = process.versions.node): readonly string[] {
  return nodeVersion.startsWith('24.') ? ['--no-separate-gc-phases', '--scavenger-max-new-space-capacity-mb=8'] : [];
}

/** The size of the young generation's two semi-spaces (V8 reports them together), or undefined. */
function newSpaceBytes(): number | undefined {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size;
}

/**
 * Bounds this process's V8 heap for `send` (or, with {@link WORKER_HEAP_GROWING_PERCENT}, for
 * `worker`). The young generation's size is checked after each garbage collection (between turns
 * of the event loop, which a stream makes many of before the young generation could grow again);
 * the watch ends once it is capped. Returns a function that ends it sooner.
 */
export function boundSendHeap(heapGrowingPercent = SEND_HEAP_GROWING_PERCENT): () => void {
  // V8 prints "Error: unrecognized flag" on stderr for a flag it does not have: set them only on the
  // runtime they were measured on (elsewhere memory is merely less flat).
  if (!HEAP_FLAGS_VERIFIED.test(process.versions.node)) return () => {};
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  for (const flag of youngGenerationFlags()) setFlagsFromString(flag);
  // On Node 24 long runs still crept 10–25 MB over short ones, outside the JS heap. Without Maglev (a
  // compiler Node 20's V8 does not run: its background compilations are the likely source) and with
  // 4 MB semi-spaces, 1,000,000 signals peaked at 121–122 MB against 126–147 MB (10,000: ~109 MB).
  const node24 = process.versions.node.startsWith('24.');
  if (node24) setFlagsFromString('--no-maglev');
  const semiSpaceBytes = node24 ? SEND_SEMI_SPACE_BYTES / 2 : SEND_SEMI_SPACE_BYTES;
  const watch = new PerformanceObserver(() => {
    const bytes = newSpaceBytes();
    if (bytes !== undefined && bytes < 2 * semiSpaceBytes) return;
    if (bytes !== undefined) setFlagsFromString('--semi-space-growth-factor=1');
    watch.disconnect();
  });
  watch.observe({ entryTypes: ['gc'] });
  return () => watch.disconnect();
}
