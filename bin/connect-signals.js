#!/usr/bin/env node
// The built CLI (npm install runs `prepare`, which compiles src/ to dist/).
if (process.argv[2] === 'send' || process.argv[2] === 'worker' || process.argv[2] === 'relay') {
  // Keeps the peak RSS of send (and of a worker or relay draining a queue) flat with the input's size (see src/cli/commands/send-heap.ts).
  const { boundSendHeap, SEND_HEAP_GROWING_PERCENT, WORKER_HEAP_GROWING_PERCENT } = await import('../dist/src/cli/commands/send-heap.js');
  boundSendHeap(process.argv[2] === 'send' ? SEND_HEAP_GROWING_PERCENT : WORKER_HEAP_GROWING_PERCENT);
}
const { runFromProcess } = await import('../dist/src/cli/main.js');

await runFromProcess();
